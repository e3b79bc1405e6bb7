import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveSyncKey, sealBatch } from '../../main/sync/batch';
import type { Change } from '../../main/sync/changes';

/**
 * Reads a batch file the way docs/SYNC.md section 3 tells an implementer in
 * another language to: fixed offsets, big-endian integers, the sync key in
 * BLAKE2b terms, raw libsodium. Only the writing comes from the app.
 */
const VAULT_ID = '8e0c5d7f4a2b9c1e3d6f0a8b7c5e4d21';
const WRITER = 'a1'.repeat(16);
const OTHER = 'b2'.repeat(16);
const TABLE_NAMES = ['', 'clients', 'sessions', 'progress_notes', 'addenda', 'psychotherapy_notes', 'disclosures', 'settings', 'audit_log', 'sync_devices'];

beforeAll(async () => {
  await sodium.ready;
});

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function syncKeyInBlake2bTerms(progressKey: Uint8Array): Uint8Array {
  const salt = new Uint8Array(16);
  salt[0] = 1;
  const personal = new Uint8Array(16);
  personal.set(Buffer.from('tvsync01', 'ascii'));
  return sodium.crypto_generichash_blake2b_salt_personal(32, progressKey, salt, personal);
}

/** An independent reader: returns what a reader in another language would see. */
function readByTheDocument(file: Uint8Array, progressKey: Uint8Array) {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const header = {
    magic: Buffer.from(file.subarray(0, 8)).toString('ascii'),
    vaultId: hex(file.subarray(8, 24)),
    device: hex(file.subarray(24, 40)),
    seq: Number(view.getBigUint64(40)),
    keyVersion: view.getUint32(48),
  };
  const nonce = file.subarray(52, 76);
  const sealedLength = view.getUint32(76);
  expect(file.length).toBe(80 + sealedLength);
  const body = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, file.subarray(80), file.subarray(0, 80), nonce, syncKeyInBlake2bTerms(progressKey));
  const b = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let at = 0;
  const id = () => hex(body.subarray(at, (at += 16)));
  const hlc = () => {
    const wall = b.getUint16(at) * 2 ** 32 + b.getUint32(at + 2);
    const logical = b.getUint16(at + 6);
    at += 8;
    return `${wall}.${logical}`;
  };
  const frontierCount = b.getUint16(at);
  at += 2;
  const frontier: Record<string, number> = {};
  for (let i = 0; i < frontierCount; i += 1) {
    const device = id();
    frontier[device] = Number(b.getBigUint64(at));
    at += 8;
  }
  const changeCount = b.getUint32(at);
  at += 4;
  const changes = [];
  for (let i = 0; i < changeCount; i += 1) {
    const kind = body[at++]!;
    const table = TABLE_NAMES[body[at++]!]!;
    const flags = body[at++]!;
    const rowId = id();
    const parent = id();
    const stamp = hlc();
    const stampDevice = id();
    const seenCount = body[at++]!;
    const seen: Record<string, string> = {};
    for (let j = 0; j < seenCount; j += 1) {
      const device = id();
      seen[device] = hlc();
    }
    const keyVersion = b.getUint32(at);
    at += 4;
    const rowNonce = hex(body.subarray(at, (at += 24)));
    const length = b.getUint32(at);
    at += 4;
    const ciphertext = hex(body.subarray(at, (at += length)));
    let audit: { seq: number; mac: string } | undefined;
    if (table === 'audit_log' && kind === 1) {
      const seq = Number(b.getBigUint64(at));
      at += 8;
      audit = { seq, mac: hex(body.subarray(at, (at += 32))) };
    }
    changes.push({ kind, table, flags, rowId, parent, stamp, stampDevice, seen, keyVersion, rowNonce, ciphertext, ...(audit ? { audit } : {}) });
  }
  expect(at).toBe(body.length);
  return { header, frontier, changes };
}

describe('docs/SYNC.md, followed with raw libsodium', () => {
  it('reads every field of a batch the app wrote', () => {
    const progressKey = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
    const T = Date.UTC(2026, 11, 2, 9, 0, 0);
    const rowNonce = new Uint8Array(24).fill(0x5a);
    const ciphertext = new Uint8Array(40).fill(0xc3);
    const changes: Change[] = [
      {
        kind: 'version',
        version: {
          table: 'progress_notes',
          rowId: '0f'.repeat(16),
          parentId: '1e'.repeat(16),
          stamp: { hlc: { wall: T, logical: 3 }, device: WRITER },
          final: true,
          sealed: { keyVersion: 2, nonce: rowNonce, ciphertext },
          seen: { [WRITER]: { wall: T, logical: 3 }, [OTHER]: { wall: T - 7, logical: 0 } },
        },
      },
      {
        kind: 'version',
        version: {
          table: 'audit_log',
          rowId: '2d'.repeat(16),
          parentId: null,
          stamp: { hlc: { wall: T, logical: 4 }, device: WRITER },
          final: false,
          sealed: { keyVersion: 2, nonce: rowNonce, ciphertext },
          seen: { [WRITER]: { wall: T, logical: 4 } },
          audit: { seq: 12, mac: new Uint8Array(32).fill(0x11) },
        },
      },
      {
        kind: 'version',
        version: {
          table: 'psychotherapy_notes',
          rowId: '3c'.repeat(16),
          parentId: '1e'.repeat(16),
          stamp: { hlc: { wall: T + 1, logical: 0 }, device: WRITER },
          final: false,
          sealed: null,
          seen: { [WRITER]: { wall: T + 1, logical: 0 } },
        },
      },
      { kind: 'dismiss', ref: { table: 'progress_notes', rowId: '0f'.repeat(16), stamp: { hlc: { wall: T - 7, logical: 0 }, device: OTHER } } },
    ];
    const file = sealBatch(sodium, deriveSyncKey(sodium, { version: 2, key: progressKey }), { vaultId: VAULT_ID, device: WRITER, seq: 42 }, { frontier: { [OTHER]: 9 }, changes });

    const read = readByTheDocument(file, progressKey);
    expect(read.header).toEqual({ magic: 'TVSYNCB1', vaultId: VAULT_ID, device: WRITER, seq: 42, keyVersion: 2 });
    expect(read.frontier).toEqual({ [OTHER]: 9 });
    const zeros = '00'.repeat(16);
    expect(read.changes).toEqual([
      {
        kind: 1, table: 'progress_notes', flags: 1, rowId: '0f'.repeat(16), parent: '1e'.repeat(16), stamp: `${T}.3`, stampDevice: WRITER,
        seen: { [WRITER]: `${T}.3`, [OTHER]: `${T - 7}.0` }, keyVersion: 2, rowNonce: hex(rowNonce), ciphertext: hex(ciphertext),
      },
      {
        kind: 1, table: 'audit_log', flags: 0, rowId: '2d'.repeat(16), parent: zeros, stamp: `${T}.4`, stampDevice: WRITER,
        seen: { [WRITER]: `${T}.4` }, keyVersion: 2, rowNonce: hex(rowNonce), ciphertext: hex(ciphertext), audit: { seq: 12, mac: '11'.repeat(32) },
      },
      {
        kind: 1, table: 'psychotherapy_notes', flags: 2, rowId: '3c'.repeat(16), parent: '1e'.repeat(16), stamp: `${T + 1}.0`, stampDevice: WRITER,
        seen: { [WRITER]: `${T + 1}.0` }, keyVersion: 0, rowNonce: '00'.repeat(24), ciphertext: '',
      },
      {
        kind: 3, table: 'progress_notes', flags: 0, rowId: '0f'.repeat(16), parent: zeros, stamp: `${T - 7}.0`, stampDevice: OTHER,
        seen: { [OTHER]: `${T - 7}.0` }, keyVersion: 0, rowNonce: '00'.repeat(24), ciphertext: '',
      },
    ]);
  });
});
