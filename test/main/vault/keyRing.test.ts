import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeriveKey } from '../../../main/vault/kdf';
import { deriveKeyInWorker } from '../../../main/vault/kdf';
import { KeyRing } from '../../../main/vault/keyRing';
import type { Sodium } from '../../../main/vault/sodium';
import { loadSodium } from '../../../main/vault/sodium';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { expectCode } from './tamper';

const isZero = (bytes: Uint8Array) => bytes.length > 0 && bytes.every((b) => b === 0);
const isNonZero = (bytes: Uint8Array) => bytes.some((b) => b !== 0);

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

describe('KeyRing', () => {
  it('refuses a missing key with LOCKED or PSYCHOTHERAPY_LOCKED', async () => {
    const ring = new KeyRing(sodium);
    await expectCode(() => ring.get('progress'), 'LOCKED');
    await expectCode(() => ring.get('psychotherapy'), 'PSYCHOTHERAPY_LOCKED');
  });

  it('wipes a key in place when it is replaced, wiped, or all are wiped', () => {
    const ring = new KeyRing(sodium);
    const first = sodium.randombytes_buf(32);
    const second = sodium.randombytes_buf(32);
    const psych = sodium.randombytes_buf(32);
    ring.set('progress', { version: 1, key: first });
    ring.set('progress', { version: 1, key: second });
    expect(isZero(first)).toBe(true);
    ring.set('psychotherapy', { version: 1, key: psych });
    ring.wipe('psychotherapy');
    expect(isZero(psych)).toBe(true);
    expect(ring.has('psychotherapy')).toBe(false);
    expect(isNonZero(second)).toBe(true);
    ring.wipeAll();
    expect(isZero(second)).toBe(true);
    expect(ring.has('progress')).toBe(false);
  });
});

describe('key buffers in a real vault', () => {
  let made: Awaited<ReturnType<typeof createdVault>>;
  let ring: KeyRing;
  const keks: Uint8Array[] = [];
  const keepKeks: DeriveKey = async (...args) => {
    const kek = await deriveKeyInWorker(...args);
    keks.push(kek);
    return kek;
  };

  beforeAll(async () => {
    ring = new KeyRing(await loadSodium());
    made = await createdVault({ keyRing: ring, derive: keepKeks });
  });
  afterAll(async () => {
    await made?.dispose();
  });

  it('are all zero after closing the psychotherapy compartment, which leaves the progress key alone', async () => {
    await made.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const progress = ring.get('progress').key;
    const psychotherapy = ring.get('psychotherapy').key;
    expect(isNonZero(psychotherapy)).toBe(true);
    made.vault.closePsychotherapy();
    expect(isZero(psychotherapy)).toBe(true);
    expect(isNonZero(progress)).toBe(true);
  });

  it('are all zero after lock, for both compartments', async () => {
    await made.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const held = [ring.get('progress').key, ring.get('psychotherapy').key];
    await made.vault.lock('manual');
    for (const key of held) expect(isZero(key)).toBe(true);
    expect(ring.has('progress') || ring.has('psychotherapy')).toBe(false);
  });

  it('come back fresh on unlock, and every KEK used to unwrap one has been wiped', async () => {
    await made.vault.unlock(PASSPHRASE);
    expect(isNonZero(ring.get('progress').key)).toBe(true);
    made.vault.clients.create({ name: 'Still Works' });
    expect(keks.length).toBeGreaterThanOrEqual(4);
    for (const kek of keks) expect(isZero(kek)).toBe(true);
  });
});
