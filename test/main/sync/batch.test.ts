import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncKey } from '../../../main/sync/batch';
import { decodeBody, deriveSyncKey, encodeBody, HEADER_BYTES, openBatch, sealBatch } from '../../../main/sync/batch';
import type { BatchBody } from '../../../main/sync/changes';
import type { Sodium } from '../../../main/vault/sodium';
import { loadSodium } from '../../../main/vault/sodium';
import { SyncError } from '../../../shared/errors';
import { DEVICE_A, DEVICE_B, hexId, OTHER_VAULT_ID, T0, VAULT_ID, version } from './fixtures';

let sodium: Sodium;
let key: SyncKey;
let otherKey: SyncKey;

beforeAll(async () => {
  sodium = await loadSodium();
  key = deriveSyncKey(sodium, { version: 1, key: sodium.crypto_aead_xchacha20poly1305_ietf_keygen() });
  otherKey = deriveSyncKey(sodium, { version: 1, key: sodium.crypto_aead_xchacha20poly1305_ietf_keygen() });
});

const body: BatchBody = {
  frontier: { [DEVICE_B]: 41 },
  changes: [
    { kind: 'version', version: version('clients', hexId(1), DEVICE_A, { wall: T0, logical: 0 }) },
    {
      kind: 'version',
      version: version('progress_notes', hexId(2), DEVICE_A, { wall: T0, logical: 1 }, {
        parentId: hexId(3),
        final: true,
        seen: { [DEVICE_A]: { wall: T0, logical: 1 }, [DEVICE_B]: { wall: T0 - 5, logical: 9 } },
      }),
    },
    { kind: 'version', version: version('psychotherapy_notes', hexId(4), DEVICE_A, { wall: T0 + 1, logical: 0 }, { deleted: true, parentId: hexId(3) }) },
    {
      kind: 'version',
      version: version('audit_log', hexId(5), DEVICE_A, { wall: T0 + 2, logical: 0 }, { audit: { seq: 17, mac: new Uint8Array(32).fill(9) } }),
    },
    { kind: 'conflict', version: version('progress_notes', hexId(2), DEVICE_B, { wall: T0 - 5, logical: 10 }, { parentId: hexId(3) }) },
    { kind: 'dismiss', ref: { table: 'progress_notes', rowId: hexId(2), stamp: { hlc: { wall: T0 - 9, logical: 0 }, device: DEVICE_B } } },
  ],
};

const location = { vaultId: VAULT_ID, device: DEVICE_A, seq: 7 };

function sealed(): Uint8Array {
  return sealBatch(sodium, key, { vaultId: VAULT_ID, device: DEVICE_A, seq: 7 }, body);
}

function refusal(file: Uint8Array, at = location, keys: (v: number) => SyncKey | undefined = (v) => (v === 1 ? key : undefined)): string {
  try {
    openBatch(sodium, keys, at, file);
  } catch (error) {
    expect(error).toBeInstanceOf(SyncError);
    return (error as SyncError).code;
  }
  return 'opened';
}

describe('batch files', () => {
  it('round-trip every kind of change, byte for byte', () => {
    expect(decodeBody(encodeBody(body))).toEqual(body);
    const opened = openBatch(sodium, () => key, location, sealed());
    expect(opened.header).toEqual({ vaultId: VAULT_ID, device: DEVICE_A, seq: 7, keyVersion: 1 });
    expect(opened.body).toEqual(body);
  });

  it('hold no row id, stamp or ciphertext in the clear', () => {
    const file = Buffer.from(sealed());
    expect(file.includes(Buffer.from(hexId(2), 'hex'))).toBe(false);
    expect(file.includes(Buffer.from('progress_notes'))).toBe(false);
    expect(file.includes(Buffer.from(body.changes[0]!.kind === 'version' ? body.changes[0]!.version.sealed!.ciphertext : []))).toBe(false);
  });

  it('refuse a file cut anywhere as incomplete, so it is read again once the copy is whole', () => {
    const file = sealed();
    for (const length of [0, 3, 40, HEADER_BYTES - 1, HEADER_BYTES, HEADER_BYTES + 1, file.length - 1]) {
      expect(refusal(file.subarray(0, length))).toBe('SYNC_TRUNCATED');
    }
  });

  it('refuse a file with one flipped bit anywhere after the magic as tampered, or as naming another place', () => {
    const file = sealed();
    const outcomes = new Set<string>();
    for (let offset = 8; offset < file.length; offset += 1) {
      const copy = file.slice();
      copy[offset]! ^= 0x01;
      const code = refusal(copy);
      expect(code).not.toBe('opened');
      outcomes.add(code);
    }
    expect([...outcomes].sort()).toEqual(
      ['SYNC_BAD_BATCH', 'SYNC_MISPLACED', 'SYNC_TAMPERED', 'SYNC_TRUNCATED', 'SYNC_UNKNOWN_KEY_VERSION', 'SYNC_WRONG_VAULT'].sort(),
    );
  });

  it('refuse a batch of another vault, and one sealed under another vault key that claims this vault', () => {
    const foreign = sealBatch(sodium, key, { vaultId: OTHER_VAULT_ID, device: DEVICE_A, seq: 7 }, body);
    expect(refusal(foreign)).toBe('SYNC_WRONG_VAULT');
    const forged = sealBatch(sodium, otherKey, { vaultId: VAULT_ID, device: DEVICE_A, seq: 7 }, body);
    expect(refusal(forged)).toBe('SYNC_TAMPERED');
  });

  it('refuse a file renamed to another number or moved to another device folder', () => {
    const file = sealed();
    expect(refusal(file, { ...location, seq: 8 })).toBe('SYNC_MISPLACED');
    expect(refusal(file, { ...location, device: DEVICE_B })).toBe('SYNC_MISPLACED');
  });

  it('refuse bytes past the end, a file that is not a batch, and a newer format', () => {
    const file = sealed();
    expect(refusal(Uint8Array.from([...file, 0]))).toBe('SYNC_BAD_BATCH');
    expect(refusal(Uint8Array.from(Buffer.from('{"not":"a batch"}')))).toBe('SYNC_BAD_BATCH');
    const newer = file.slice();
    newer[7] = '2'.charCodeAt(0);
    expect(refusal(newer)).toBe('SYNC_NEWER_FORMAT');
  });

  it('keep a batch sealed after a key rotation closed to a device that holds only the old key, even if the header lies', () => {
    const rotated = deriveSyncKey(sodium, { version: 2, key: sodium.crypto_aead_xchacha20poly1305_ietf_keygen() });
    const file = sealBatch(sodium, rotated, { vaultId: VAULT_ID, device: DEVICE_A, seq: 7 }, body);
    expect(refusal(file)).toBe('SYNC_UNKNOWN_KEY_VERSION');
    const relabelled = file.slice();
    new DataView(relabelled.buffer).setUint32(48, 1);
    expect(refusal(relabelled)).toBe('SYNC_TAMPERED');
    expect(openBatch(sodium, (v) => (v === 2 ? rotated : undefined), location, file).body).toEqual(body);
  });

  it("refuse a batch whose saves are stamped by a device other than its writer", () => {
    const impersonating = { kind: 'version' as const, version: version('clients', hexId(9), DEVICE_B, { wall: T0, logical: 0 }) };
    const file = sealBatch(sodium, key, { vaultId: VAULT_ID, device: DEVICE_A, seq: 7 }, { frontier: {}, changes: [impersonating] });
    expect(refusal(file)).toBe('SYNC_BAD_BATCH');
  });

  it('refuse a key version it does not hold', () => {
    expect(refusal(sealed(), location, () => undefined)).toBe('SYNC_UNKNOWN_KEY_VERSION');
  });

  it('refuse a body with an unknown table code, a gap in a seen vector or a tombstone carrying bytes', () => {
    const plain = encodeBody({ frontier: {}, changes: [body.changes[0]!] });
    const badTable = plain.slice();
    badTable[2 + 4 + 1] = 200;
    expect(() => decodeBody(badTable)).toThrow(SyncError);
    const emptySeen = plain.slice();
    emptySeen[2 + 4 + 3 + 16 + 16 + 8 + 16] = 0;
    expect(() => decodeBody(emptySeen)).toThrow(SyncError);
    expect(() => decodeBody(plain.subarray(0, plain.length - 1))).toThrow(SyncError);
  });

  it('derive the sync key from the progress key alone, and a different one per key version', () => {
    const progress = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
    const expected = sodium.crypto_generichash_blake2b_salt_personal(
      32,
      progress,
      Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
      Uint8Array.from([...Buffer.from('tvsync01'), 0, 0, 0, 0, 0, 0, 0, 0]),
    );
    expect(Buffer.from(deriveSyncKey(sodium, { version: 3, key: progress }).key)).toEqual(Buffer.from(expected));
    expect(deriveSyncKey(sodium, { version: 3, key: progress }).version).toBe(3);
  });
});
