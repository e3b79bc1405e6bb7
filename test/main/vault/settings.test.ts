import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { openVault } from '../../../main/vault/vault';
import type { Settings } from '../../../shared/domain/schemas';
import { DEFAULT_SETTINGS, isValidNpi } from '../../../shared/domain/schemas';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { FakeTime } from './fakeTime';
import { expectCode, withRawFile } from './tamper';

const time = new FakeTime();
let made: Awaited<ReturnType<typeof createdVault>>;

beforeAll(async () => {
  made = await createdVault({ clock: time, timers: time });
});
afterAll(async () => {
  await made?.dispose();
});

const practice: Settings = {
  ...DEFAULT_SETTINGS,
  clinicianName: 'Dr Wilhelmina Settings',
  credentials: 'PhD',
  licence: 'PSY-12345',
  npi: '1234567893',
  taxId: '12-3456789',
  practiceName: 'Quiet Street Practice',
  address: '1 Quiet Street',
  vaultIdleMinutes: 5,
  psychotherapyIdleMinutes: 2,
};

describe('settings', () => {
  it('are the defaults until saved', () => {
    expect(made.vault.settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('are saved, read back, and their lock timings apply at once', () => {
    expect(made.vault.settings.save(practice)).toEqual(practice);
    expect(made.vault.settings.get()).toEqual(practice);
    expect(made.vault.deadlines().vault).toBe(time.now() + 5 * 60_000);
  });

  it('are replaced, not duplicated, by a second save', () => {
    const next = { ...practice, practiceName: 'Renamed Practice' };
    made.vault.settings.save(next);
    expect(made.vault.settings.get()).toEqual(next);
    made.vault.settings.save(practice);
  });

  it('refuse out-of-range timings, unknown fields and wrong types with INVALID_INPUT, keeping what was saved', async () => {
    const bad: unknown[] = [
      { ...practice, vaultIdleMinutes: 0 },
      { ...practice, vaultIdleMinutes: 61 },
      { ...practice, psychotherapyIdleMinutes: 1.5 },
      { ...practice, contentProtection: 'yes' },
      { ...practice, theme: 'dark' },
      { ...practice, npi: '1234567890' },
      { ...practice, npi: '123456789' },
      { ...practice, taxId: '123456789' },
      { ...practice, taxId: '123-45-6789' },
      { clinicianName: 'only one field' },
    ];
    for (const input of bad) await expectCode(() => made.vault.settings.save(input as Settings), 'INVALID_INPUT');
    expect(made.vault.settings.get()).toEqual(practice);
  });

  it('are stored as one encrypted row, and their timings apply when the file is opened and unlocked again', async () => {
    await made.vault.close();
    const stored = withRawFile(made.path, (db) => db.prepare('SELECT ciphertext FROM settings').pluck().all()) as Buffer[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.includes('Wilhelmina')).toBe(false);

    const reopened = await openVault(made.path, { kdf: DEFAULT_KDF_PARAMS, clock: time, timers: time });
    try {
      await reopened.unlock(PASSPHRASE);
      await reopened.openPsychotherapy(PSYCH_PASSPHRASE);
      expect(reopened.deadlines()).toEqual({ vault: time.now() + 5 * 60_000, psychotherapy: time.now() + 2 * 60_000 });
      const locked = new Promise((resolve) => reopened.onStateChange((state) => state === 'locked' && resolve(state)));
      time.advance(5 * 60_000);
      await locked;
    } finally {
      await reopened.close();
    }
  });
});

describe('isValidNpi', () => {
  it('accepts NPIs whose Luhn check digit (with the 80840 prefix) matches, and nothing else', () => {
    for (const npi of ['1234567893', '1245319599', '1003000126']) expect(isValidNpi(npi)).toBe(true);
    for (const npi of ['1234567890', '1234567894', '123456789', '12345678931', '12345678a3', '']) expect(isValidNpi(npi)).toBe(false);
  });
});
