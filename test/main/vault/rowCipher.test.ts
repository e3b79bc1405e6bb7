import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompartmentKey } from '../../../main/vault/keyRing';
import type { RowRef, SealedRow } from '../../../main/vault/rowCipher';
import { openRow, rowAad, sealRow } from '../../../main/vault/rowCipher';
import type { Sodium } from '../../../main/vault/sodium';
import { loadSodium } from '../../../main/vault/sodium';
import { flipBit, vaultErrorOf } from './tamper';

let sodium: Sodium;
let key: CompartmentKey;
const VAULT = 'a1'.repeat(16);
const ROW = 'b2'.repeat(16);
const ref: RowRef = { vaultId: VAULT, table: 'clients', rowId: ROW };

beforeAll(async () => {
  sodium = await loadSodium();
  key = { version: 1, key: sodium.randombytes_buf(32) };
});

function openError(sealed: SealedRow, opener: CompartmentKey = key, at: RowRef = ref) {
  return vaultErrorOf(() => openRow(sodium, opener, at, sealed));
}

async function expectRowIntegrity(sealed: SealedRow, opener: CompartmentKey = key, at: RowRef = ref) {
  const error = await openError(sealed, opener, at);
  expect(error.code).toBe('INTEGRITY');
  expect(error.details).toEqual({ table: at.table, rowId: at.rowId });
}

describe('rowCipher', () => {
  it('binds vault, table, row, compartment and key version into the AAD, byte for byte', () => {
    expect(rowAad(ref, 'progress', 1)).toBe(`row|${VAULT}|clients|${ROW}|progress|1`);
  });

  it('round-trips a payload and keeps none of its text in the ciphertext', () => {
    const payload = { name: 'Quillon Marchbanks', note: 'ünïcödé ✓' };
    const sealed = sealRow(sodium, key, ref, payload);
    expect(sealed.keyVersion).toBe(1);
    expect(sealed.nonce).toHaveLength(24);
    expect(Buffer.from(sealed.ciphertext).includes('Quillon')).toBe(false);
    expect(openRow(sodium, key, ref, sealed)).toEqual(payload);
  });

  it('uses a fresh nonce for every seal, so equal payloads give different ciphertexts', () => {
    const a = sealRow(sodium, key, ref, { same: true });
    const b = sealRow(sodium, key, ref, { same: true });
    expect(Buffer.from(a.nonce).equals(Buffer.from(b.nonce))).toBe(false);
    expect(Buffer.from(a.ciphertext).equals(Buffer.from(b.ciphertext))).toBe(false);
  });

  it('refuses a ciphertext opened as another row, table, compartment or vault', async () => {
    const sealed = sealRow(sodium, key, ref, { name: 'moved' });
    const elsewhere: RowRef[] = [
      { ...ref, rowId: 'c3'.repeat(16) },
      { ...ref, table: 'sessions' },
      { ...ref, table: 'audit_log' },
      { ...ref, vaultId: 'd4'.repeat(16) },
    ];
    for (const at of elsewhere) await expectRowIntegrity(sealed, key, at);
    // Same key bytes on purpose: only the compartment in the AAD tells them apart.
    await expectRowIntegrity(sealed, key, { ...ref, table: 'psychotherapy_notes' });
  });

  it('refuses another key, a stale key version and a malformed nonce', async () => {
    const sealed = sealRow(sodium, key, ref, { name: 'x' });
    await expectRowIntegrity(sealed, { version: 1, key: sodium.randombytes_buf(32) });
    await expectRowIntegrity({ ...sealed, keyVersion: 2 });
    await expectRowIntegrity(sealed, { version: 2, key: key.key });
    await expectRowIntegrity({ ...sealed, nonce: sealed.nonce.subarray(0, 23) });
    await expectRowIntegrity({ ...sealed, nonce: new Uint8Array(0) });
    await expectRowIntegrity({ ...sealed, ciphertext: sealed.ciphertext.subarray(0, 10) });
    await expectRowIntegrity({ ...sealed, ciphertext: new Uint8Array(0) });
  });

  it('reports an authentic ciphertext that is not JSON as INTEGRITY, not a parse crash', async () => {
    const nonce = sodium.randombytes_buf(24);
    const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
      '{not json',
      rowAad(ref, 'progress', 1),
      null,
      nonce,
      key.key,
    );
    await expectRowIntegrity({ keyVersion: 1, nonce, ciphertext });
  });

  it('round-trips arbitrary JSON payloads (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 }), (payload) => {
        const sealed = sealRow(sodium, key, ref, payload);
        expect(openRow(sodium, key, ref, sealed)).toEqual(JSON.parse(JSON.stringify(payload)));
      }),
      { numRuns: 200 },
    );
  });

  it('fails with INTEGRITY on any single-bit flip in the nonce or the ciphertext (property)', async () => {
    const sealed = sealRow(sodium, key, ref, { text: 'a short note', n: 42 });
    const nonceBits = sealed.nonce.length * 8;
    const allBits = nonceBits + sealed.ciphertext.length * 8;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: allBits - 1 }), async (bit) => {
        const tampered =
          bit < nonceBits
            ? { ...sealed, nonce: flipBit(sealed.nonce, bit) }
            : { ...sealed, ciphertext: flipBit(sealed.ciphertext, bit - nonceBits) };
        await expectRowIntegrity(tampered);
      }),
      { numRuns: 400 },
    );
  });
});
