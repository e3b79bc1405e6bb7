import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { DeriveKey } from '../../../main/vault/kdf';
import { calibrateKdf, deriveKeyInWorker, timeKdfInWorker } from '../../../main/vault/kdf';
import {
  DEFAULT_KDF_PARAMS,
  isAcceptableKdf,
  MAX_MEM_LIMIT,
  MAX_OPS_LIMIT,
  MIN_MEM_LIMIT,
  MIN_OPS_LIMIT,
  TARGET_DERIVATION_MS,
  tunedParams,
} from '../../../main/vault/kdfParams';
import type { Sodium } from '../../../main/vault/sodium';
import { loadSodium } from '../../../main/vault/sodium';
import { openVault } from '../../../main/vault/vault';
import { tempDir } from '../../helpers/tempVault';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

describe('deriveKeyInWorker', () => {
  it('gives the same key as Argon2id13 on the calling thread, at the default parameters', async () => {
    const passphrase = sodium.from_string('correct horse battery staple');
    const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
    const inWorker = await deriveKeyInWorker(passphrase, salt, DEFAULT_KDF_PARAMS);
    const direct = sodium.crypto_pwhash(
      32,
      passphrase,
      salt,
      DEFAULT_KDF_PARAMS.opsLimit,
      DEFAULT_KDF_PARAMS.memLimit,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
    expect(sodium.to_hex(inWorker)).toBe(sodium.to_hex(direct));
  });

  it('leaves the calling thread free while it derives', async () => {
    const passphrase = sodium.from_string('another passphrase');
    const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
    const derivation = deriveKeyInWorker(passphrase, salt, DEFAULT_KDF_PARAMS).then(() => 'derived');
    // A derivation on this thread would finish before the event loop could turn once.
    const first = await Promise.race([derivation, new Promise((resolve) => setImmediate(() => resolve('turned')))]);
    expect(first).toBe('turned');
    await derivation;
  });

  it('rejects, without crashing, when libsodium refuses the parameters', async () => {
    const salt = new Uint8Array(3);
    await expect(deriveKeyInWorker(sodium.from_string('x'), salt, DEFAULT_KDF_PARAMS)).rejects.toThrow(
      'Key derivation failed',
    );
  });
});

describe('kdfParams', () => {
  it('defaults to at least Argon2id ops 3 and 64 MiB', () => {
    expect(DEFAULT_KDF_PARAMS).toEqual({ algorithm: 'argon2id13', opsLimit: 3, memLimit: 64 * 1024 * 1024 });
    expect(isAcceptableKdf(DEFAULT_KDF_PARAMS)).toBe(true);
  });

  it('refuses parameters below the floor, above the ceiling, fractional or of another algorithm', () => {
    const base = DEFAULT_KDF_PARAMS;
    expect(isAcceptableKdf({ ...base, opsLimit: MIN_OPS_LIMIT - 1 })).toBe(false);
    expect(isAcceptableKdf({ ...base, memLimit: MIN_MEM_LIMIT - 1024 })).toBe(false);
    expect(isAcceptableKdf({ ...base, opsLimit: MAX_OPS_LIMIT + 1 })).toBe(false);
    expect(isAcceptableKdf({ ...base, memLimit: MAX_MEM_LIMIT + 1024 })).toBe(false);
    expect(isAcceptableKdf({ ...base, opsLimit: 3.5 })).toBe(false);
    expect(isAcceptableKdf({ ...base, algorithm: 'argon2i13' as 'argon2id13' })).toBe(false);
    expect(isAcceptableKdf({ ...base, opsLimit: MAX_OPS_LIMIT, memLimit: MAX_MEM_LIMIT })).toBe(true);
  });

  it('tunes the operation count toward the target time and clamps it to the allowed range', () => {
    const measured = DEFAULT_KDF_PARAMS;
    const perOpMs = 25;
    const tuned = tunedParams(measured, perOpMs * measured.opsLimit);
    expect(tuned.opsLimit).toBe(Math.round(TARGET_DERIVATION_MS / perOpMs));
    expect(tuned.memLimit).toBe(measured.memLimit);
    expect(tunedParams(measured, 60_000).opsLimit).toBe(MIN_OPS_LIMIT);
    expect(tunedParams(measured, 0).opsLimit).toBe(MAX_OPS_LIMIT);
  });
});

describe('calibration', () => {
  it('tunes from the time Argon2id itself takes, not from a slow worker start-up', async () => {
    const startUpMs = 1500;
    const slowToStart: DeriveKey = async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, startUpMs));
      return deriveKeyInWorker(...args);
    };
    const perOpMs = 100;
    const { dir, cleanup } = tempDir();
    const vault = await openVault(join(dir, 'vault.sqlite'), {
      derive: slowToStart,
      timeKdf: async (params) => params.opsLimit * perOpMs,
    });
    try {
      await vault.create({ passphrase: 'correct horse battery staple' });
      const created = vault.audit.list().find((entry) => entry.event === 'vault.created');
      expect(created?.detail).toMatchObject({ kdfOps: Math.round(TARGET_DERIVATION_MS / perOpMs) });
    } finally {
      await vault.close();
      cleanup();
    }
  });

  it('times the derivation inside the worker, so the figure leaves out the worker start-up', async () => {
    const started = performance.now();
    const reported = await timeKdfInWorker(DEFAULT_KDF_PARAMS);
    const wall = performance.now() - started;
    expect(reported).toBeGreaterThan(0);
    expect(reported).toBeLessThan(wall / 2);
  });

  it('picks an operation count within the allowed range from the real measurement', async () => {
    const params = await calibrateKdf();
    expect(isAcceptableKdf(params)).toBe(true);
    expect(params.memLimit).toBe(MIN_MEM_LIMIT);
  });
});
