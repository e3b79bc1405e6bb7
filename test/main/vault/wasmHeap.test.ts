import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { BatchBody } from '../../../main/sync/changes';
import { deriveSyncKey, encodeBody, openBatch, openSnapshotPart, sealBatch, sealSnapshotPart, writeChange } from '../../../main/sync/batch';
import { ByteWriter } from '../../../main/sync/bytes';
import { parseKeysFile, sealKeysFile, verifyKeysFile } from '../../../main/sync/keysFile';
import { KeyRing } from '../../../main/vault/keyRing';
import { aeadBlockRange } from '../../../main/vault/aeadBlock';
import {
  createPassphraseSlot,
  createRecoverySlot,
  formatRecoveryKey,
  openPassphraseSlot,
  openRecoverySlot,
  parseRecoveryKey,
} from '../../../main/vault/keySlots';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { deriveManifestKey } from '../../../main/vault/manifestMac';
import { openRow, sealRow } from '../../../main/vault/rowCipher';
import { openContent, sealContent } from '../../../main/vault/sealedEnvelope';
import type { Sodium } from '../../../main/vault/sodium';
import { loadSodium } from '../../../main/vault/sodium';
import { createdVault, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { DEVICE_A, T0, version } from '../sync/fixtures';

/** The whole WebAssembly heap libsodium runs in, as it is now. */
function heapOf(sodium: Sodium): Buffer {
  const heap = (sodium as unknown as { libsodium: { HEAPU8: Uint8Array } }).libsodium.HEAPU8;
  return Buffer.from(heap.buffer, heap.byteOffset, heap.byteLength);
}

/** A copy of the heap, taken before the test computes anything it then looks for. */
function heapCopy(sodium: Sodium): Buffer {
  return Buffer.from(heapOf(sodium));
}

/** The last partial 64-byte block of a message: what ChaCha20 leaves on the stack after decrypting it. */
function lastPartialBlock(message: Uint8Array): Buffer {
  return Buffer.from(message.subarray(message.length - (message.length % 64)));
}

const VAULT_ID = 'a1'.repeat(16);

describe("libsodium's WebAssembly heap", () => {
  it('shows what the scrubs are for: a plain libsodium decryption leaves a data key on the stack, a plain derivation its subkey', async () => {
    // If this ever fails, libsodium clears these itself and the tests below no longer prove their scrubs.
    const sodium = await loadSodium();
    const kek = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
    const dataKey = Uint8Array.from(randomBytes(32));
    const nonce = Uint8Array.from(randomBytes(24));
    const wrapped = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(dataKey, 'slot', null, nonce, kek);
    sodium.memzero(sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, wrapped, 'slot', nonce, kek));
    expect(heapCopy(sodium).includes(Buffer.from(dataKey))).toBe(true);

    const subkey = sodium.crypto_kdf_derive_from_key(32, 1, 'tvsync01', kek);
    expect(heapCopy(sodium).includes(Buffer.from(subkey))).toBe(true);
  });

  it('holds neither the data key nor the key that unwrapped it after a passphrase or recovery slot opens', async () => {
    const sodium = await loadSodium();
    const dataKey = Uint8Array.from(randomBytes(32));
    const recoveryKey = Uint8Array.from(randomBytes(32));
    const passphraseKek = Uint8Array.from(randomBytes(32));
    // The derivation runs in a worker with its own heap; here it hands back a known key instead.
    const derive = () => Promise.resolve(Uint8Array.from(passphraseKek));
    const target = { vaultId: VAULT_ID, compartment: 'progress' as const, keyVersion: 1, dataKey };
    const recoverySlot = createRecoverySlot(sodium, target, recoveryKey);
    const passphraseSlot = await createPassphraseSlot(sodium, derive, target, 'a passphrase', DEFAULT_KDF_PARAMS);

    // As typed by the user: hex groups, parsed back into the key.
    const typed = formatRecoveryKey(sodium, recoveryKey);
    const byRecovery = openRecoverySlot(sodium, VAULT_ID, recoverySlot, parseRecoveryKey(sodium, typed)!);
    expect(byRecovery?.key).toEqual(dataKey);
    let heap = heapCopy(sodium);
    expect(heap.includes(Buffer.from(typed.replace(/-/g, '').slice(0, 32)))).toBe(false);
    // Derived only now, after the copy: the recovery slot's wrapping key.
    const recoveryKek = sodium.crypto_kdf_derive_from_key(32, 1, 'tvrecov1', recoveryKey);
    for (const secret of [dataKey, recoveryKey, recoveryKek]) expect(heap.includes(Buffer.from(secret))).toBe(false);

    const byPassphrase = await openPassphraseSlot(sodium, derive, VAULT_ID, passphraseSlot, 'a passphrase');
    expect(byPassphrase?.key).toEqual(dataKey);
    heap = heapCopy(sodium);
    for (const secret of [dataKey, passphraseKek]) expect(heap.includes(Buffer.from(secret))).toBe(false);
  });

  it("holds neither a sealed envelope's text nor its ephemeral secret key after sealing, nor the keys that opened it after opening", async () => {
    // XSalsa20 and crypto_box_seal clear their own buffers: no scrub is needed here, and this holds libsodium to it.
    const sodium = await loadSodium();
    const module = (sodium as unknown as { libsodium: { getRandomValue(): number } }).libsodium;
    const pair = sodium.crypto_box_keypair();
    const content = { sessionId: 'c3'.repeat(16), text: `hallway thoughts ${'HEAP-CANARY-envelope-7e21 '.repeat(9)}`, capturedAt: '2026-03-02T09:55:00.000Z' };
    const plaintext = Buffer.from(JSON.stringify(content));
    expect(plaintext.length % 64).toBeGreaterThanOrEqual(16);
    const textLeft = (heap: Buffer) => heap.includes(lastPartialBlock(plaintext)) || heap.includes(Buffer.from('HEAP-CANARY-envelope'));

    // The build draws randomness one byte per call: the first 32 drawn while sealing are the ephemeral secret key.
    const drawn: number[] = [];
    const draw = module.getRandomValue;
    module.getRandomValue = () => {
      const value = draw();
      drawn.push(value & 0xff);
      return value;
    };
    let envelope: Uint8Array;
    try {
      envelope = sealContent(sodium, pair.publicKey, content);
    } finally {
      module.getRandomValue = draw;
    }
    let heap = heapCopy(sodium);
    const ephemeralSecret = Uint8Array.from(drawn.slice(0, 32));
    const ephemeral = envelope.subarray(0, 32);
    expect(sodium.crypto_scalarmult_base(ephemeralSecret)).toEqual(ephemeral);
    const shared = sodium.crypto_scalarmult(pair.privateKey, ephemeral);
    const boxKey = sodium.crypto_box_beforenm(ephemeral, pair.privateKey);
    expect(textLeft(heap)).toBe(false);
    for (const secret of [ephemeralSecret, shared, boxKey]) expect(heap.includes(Buffer.from(secret))).toBe(false);

    expect(openContent(sodium, { publicKey: pair.publicKey, secretKey: pair.privateKey }, envelope, { rowId: 'd4'.repeat(16), sessionId: content.sessionId })).toEqual(content);
    heap = heapCopy(sodium);
    expect(textLeft(heap)).toBe(false);
    for (const secret of [pair.privateKey, shared, boxKey]) expect(heap.includes(Buffer.from(secret))).toBe(false);
  });

  it('holds neither the sync key, the keys-file MAC key nor the tail of a batch or snapshot body after they are derived and opened', async () => {
    const sodium = await loadSodium();
    const progress = { version: 1, key: Uint8Array.from(randomBytes(32)) };
    const syncKey = deriveSyncKey(sodium, progress);
    expect(heapCopy(sodium).includes(Buffer.from(syncKey.key))).toBe(false);

    // The last row's ciphertext ends the body; its marker is grown until the body's last partial block is long.
    let marker = 'HEAP-CANARY-batch-tail';
    const bodyWith = (text: string): BatchBody => ({
      frontier: {},
      changes: [{ kind: 'version', version: version('clients', 'e5'.repeat(16), DEVICE_A, { wall: T0, logical: 0 }, { marker: text }) }],
    });
    // A snapshot part's plaintext is the same body after 8 more bytes (part, parts): below 56 its last partial block still holds this tail whole.
    const tailLength = (text: string) => encodeBody(bodyWith(text)).length % 64;
    while (tailLength(marker) < 40 || tailLength(marker) >= 56) marker += '-';
    const body = bodyWith(marker);
    const tail = lastPartialBlock(encodeBody(body));
    const keyFor = (keyVersion: number) => (keyVersion === 1 ? syncKey : undefined);
    const header = { vaultId: VAULT_ID, device: DEVICE_A, seq: 3 };

    const batch = sealBatch(sodium, syncKey, header, body);
    expect(openBatch(sodium, keyFor, header, batch).body).toEqual(body);
    let heap = heapCopy(sodium);
    for (const secret of [tail, syncKey.key]) expect(heap.includes(Buffer.from(secret))).toBe(false);

    const encoded = new ByteWriter();
    for (const change of body.changes) writeChange(encoded, change);
    const part = sealSnapshotPart(sodium, syncKey, header, { part: 1, parts: 1 }, body.frontier, { count: body.changes.length, bytes: encoded.finish() });
    expect(openSnapshotPart(sodium, keyFor, { ...header, part: 1 }, part).body).toEqual(body);
    heap = heapCopy(sodium);
    for (const secret of [tail, syncKey.key]) expect(heap.includes(Buffer.from(secret))).toBe(false);

    const keysFile = sealKeysFile(sodium, progress, { vaultId: VAULT_ID, keyVersion: 1, n: 1, slots: [] });
    expect(verifyKeysFile(sodium, progress, parseKeysFile(sodium, keysFile))).toBe(true);
    heap = heapCopy(sodium);
    const macKey = sodium.crypto_kdf_derive_from_key(32, 2, 'tvsync01', progress.key);
    expect(heap.includes(Buffer.from(macKey))).toBe(false);
  });

  it('holds no backup manifest key once it is derived', async () => {
    const sodium = await loadSodium();
    const keys = new KeyRing(sodium);
    keys.set('progress', { version: 1, key: Uint8Array.from(randomBytes(32)) });
    const manifestKey = deriveManifestKey({ sodium, keys });
    expect(heapCopy(sodium).includes(Buffer.from(manifestKey))).toBe(false);
  });

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
