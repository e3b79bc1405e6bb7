import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { KeyRing } from '../../../main/vault/keyRing';
import { aeadBlockRange } from '../../../main/vault/aeadBlock';
import { openRow, sealRow } from '../../../main/vault/rowCipher';
import type { Sodium } from '../../../main/vault/sodium';
import { loadSodium } from '../../../main/vault/sodium';
import { createdVault, PSYCH_PASSPHRASE } from '../../helpers/tempVault';

/** The whole WebAssembly heap libsodium runs in, as it is now. */
function heapOf(sodium: Sodium): Buffer {
  const heap = (sodium as unknown as { libsodium: { HEAPU8: Uint8Array } }).libsodium.HEAPU8;
  return Buffer.from(heap.buffer, heap.byteOffset, heap.byteLength);
}

describe("libsodium's WebAssembly heap", () => {
  it('holds no plaintext or key bytes after the psychotherapy compartment closes and after lock', async () => {
    const sodium = await loadSodium();
    const keyRing = new KeyRing(sodium);
    const made = await createdVault({ keyRing });
    try {
      const { vault } = made;
      const progressCanary = 'HEAP-CANARY-progress-Ω-4d2f9a';
      const psychotherapyCanary = 'HEAP-CANARY-psychotherapy-ø-81c3e7';
      const client = vault.clients.create({ name: 'Heap Check' });
      const session = vault.sessions.create({ clientId: client.id, date: '2026-03-02', startTime: '09:00', endTime: '09:50', modality: 'video' });
      // Long texts, canary in the middle: later small allocations reuse the start of a freed block only.
      const padding = 'session reflections '.repeat(200);
      const draft = vault.progressNotes.saveDraft({
        sessionId: session.id,
        templateId: 'NARRATIVE',
        fields: { narrative: `${padding}${progressCanary}${padding}` },
      });
      await vault.openPsychotherapy(PSYCH_PASSPHRASE);
      const note = vault.psychotherapyNotes.create({ sessionId: session.id, text: `${padding}${psychotherapyCanary}${padding}` });
      expect(vault.psychotherapyNotes.get(note.id).text).toContain(psychotherapyCanary);
      expect(vault.progressNotes.get(draft.id).fields.narrative).toContain(progressCanary);
      const progressKey = Buffer.from(keyRing.get('progress').key);
      const psychotherapyKey = Buffer.from(keyRing.get('psychotherapy').key);

      vault.closePsychotherapy();
      let heap = heapOf(sodium);
      expect(heap.includes(Buffer.from(psychotherapyCanary))).toBe(false);
      expect(heap.includes(psychotherapyKey)).toBe(false);

      await vault.lock();
      heap = heapOf(sodium);
      expect(heap.includes(Buffer.from(progressCanary))).toBe(false);
      expect(heap.includes(progressKey)).toBe(false);
    } finally {
      await made.dispose();
    }
  });

  it('holds neither the quick-capture secret key nor a sealed note\'s text once the compartment has opened them and closed', async () => {
    const sodium = await loadSodium();
    const keyRing = new KeyRing(sodium);
    const made = await createdVault({ keyRing });
    try {
      const { vault } = made;
      const sealedCanary = 'HEAP-CANARY-sealed-ß-5e09b2';
      const client = vault.clients.create({ name: 'Heap Check' });
      const session = vault.sessions.create({ clientId: client.id, date: '2026-03-02', startTime: '09:00', endTime: '09:50', modality: 'video' });
      const padding = 'hallway thoughts '.repeat(200);
      vault.sealedCapture.capture({ sessionId: session.id, text: `${padding}${sealedCanary}${padding}` });
      await vault.openPsychotherapy(PSYCH_PASSPHRASE);
      expect(vault.psychotherapyNotes.listForSession(session.id)[0]?.text).toContain(sealedCanary);
      const psychotherapyKey = { version: keyRing.get('psychotherapy').version, key: Uint8Array.from(keyRing.get('psychotherapy').key) };

      vault.closePsychotherapy();
      const heap = Buffer.from(heapOf(sodium));
      await vault.close();

      // The secret key, read back from the closed file only now, after the heap was copied.
      const vaultId = vault.id() ?? '';
      const db = new Database(made.path, { readonly: true });
      const row = db.prepare('SELECT id, key_version, nonce, ciphertext FROM capture_secret_keys').get() as {
        id: string;
        key_version: number;
        nonce: Buffer;
        ciphertext: Buffer;
      };
      db.close();
      const record = openRow<{ secretKey: string }>(sodium, psychotherapyKey, { vaultId, table: 'capture_secret_keys', rowId: row.id }, {
        keyVersion: row.key_version,
        nonce: row.nonce,
        ciphertext: row.ciphertext,
      });
      const secretKey = Buffer.from(record.secretKey, 'base64');
      expect(secretKey).toHaveLength(32);
      expect(heap.includes(secretKey)).toBe(false);
      expect(heap.includes(Buffer.from(record.secretKey))).toBe(false);
      expect(heap.includes(Buffer.from(sealedCanary))).toBe(false);
      expect(heap.includes(Buffer.from(psychotherapyKey.key))).toBe(false);
    } finally {
      await made.dispose();
    }
  });

  it('leaves the decryption block all zeros, with no key, nonce, AAD, ciphertext or plaintext in the heap, after a row opens or fails to', async () => {
    const sodium = await loadSodium();
    const key = { version: 1, key: sodium.randombytes_buf(32) };
    const canary = 'HEAP-CANARY-row-open-é-7b1d44';
    const ref = { vaultId: 'a1'.repeat(16), table: 'clients' as const, rowId: 'b2'.repeat(16) };
    const sealed = sealRow(sodium, key, ref, { name: `${'padding '.repeat(300)}${canary}` });
    const aad = Buffer.from(`row|${ref.vaultId}|clients|${ref.rowId}|progress|1`);

    const zeroedAfter = () => {
      const range = aeadBlockRange(sodium);
      expect(range).toBeDefined();
      const heap = heapOf(sodium);
      const block = heap.subarray(range!.address, range!.address + range!.size);
      expect(block.every((byte) => byte === 0)).toBe(true);
      for (const secret of [Buffer.from(canary), Buffer.from(key.key), Buffer.from(sealed.nonce), Buffer.from(sealed.ciphertext), aad]) {
        expect(heap.includes(secret)).toBe(false);
      }
    };

    expect(openRow<{ name: string }>(sodium, key, ref, sealed).name).toContain(canary);
    zeroedAfter();

    const tampered = { ...sealed, ciphertext: Uint8Array.from(sealed.ciphertext) };
    tampered.ciphertext[10]! ^= 1;
    expect(() => openRow(sodium, key, ref, tampered)).toThrow();
    zeroedAfter();

    // A row larger than the block grows it; the smaller block it leaves is zeroed too.
    const large = sealRow(sodium, key, ref, { name: `${'x'.repeat(40_000)}${canary}` });
    expect(openRow<{ name: string }>(sodium, key, ref, large).name).toContain(canary);
    zeroedAfter();
    expect(heapOf(sodium).includes(Buffer.from(large.ciphertext.subarray(0, 64)))).toBe(false);
  });
});
