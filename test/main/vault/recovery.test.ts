import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { slotChecksum } from '../../../main/vault/keySlots';
import { loadSodium } from '../../../main/vault/sodium';
import { openVault } from '../../../main/vault/vault';
import { tempDir } from '../../helpers/tempVault';
import { fastDerive } from '../ipc/fastDerive';
import type { FilledVault } from '../../fixtures/filledVault';
import { ENCRYPTED_ROW_TABLES, filledVault, PASSPHRASE, PSYCH_PASSPHRASE, rawTables } from '../../fixtures/filledVault';

const NEW_PASSPHRASE = 'remembered this time, surely';
const NEW_PSYCH_PASSPHRASE = 'and a new psychotherapy one';

let made: FilledVault | null = null;
afterEach(async () => {
  await made?.dispose();
  made = null;
});

async function closedVault() {
  made = await filledVault();
  await made.vault.close();
  const { path, recoveryKey } = made;
  return { path, recoveryKey, before: rawTables(path), reopen: () => openVault(path) };
}

const randomRecoveryKey = () => randomBytes(32).toString('hex').match(/.{8}/g)!.join('-');

describe('unlocking with the recovery key', () => {
  it('opens the vault, replaces the forgotten passphrase, and the new one holds after a restart', async () => {
    const { path, recoveryKey, before, reopen } = await closedVault();
    const vault = await reopen();
    const states: string[] = [];
    vault.onStateChange((state) => states.push(state));
    // Typed by hand: upper case, spaces instead of dashes.
    await vault.unlockWithRecoveryKey({ recoveryKey: recoveryKey.toUpperCase().replace(/-/g, ' '), newPassphrase: NEW_PASSPHRASE });
    expect(vault.state()).toBe('open');
    expect(states).toEqual(['open']);
    expect(vault.clients.list()).toHaveLength(3);
    await vault.lock();
    await expect(vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await vault.unlock(NEW_PASSPHRASE);
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    await vault.close();

    const after = rawTables(path);
    expect(after.vault_meta).toEqual(before.vault_meta);
    // The progress key was rotated on the way in; the psychotherapy compartment, whose passphrase stayed, was not.
    for (const table of ENCRYPTED_ROW_TABLES) {
      const expected = table === 'psychotherapy_notes' ? 1 : 2;
      expect(new Set(after[table]!.map((row) => row.key_version)), table).toEqual(new Set([expected]));
    }
    expect(after.psychotherapy_notes).toEqual(before.psychotherapy_notes);
    const restarted = await reopen();
    await restarted.unlock(NEW_PASSPHRASE);
    const events = restarted.audit.list().map((entry) => [entry.event, entry.detail?.method]);
    expect(events).toContainEqual(['vault.unlocked', 'recovery-key']);
    expect(events).toContainEqual(['passphrase.changed', 'recovery-key']);
    await restarted.close();
  });

  it('can replace the psychotherapy passphrase too, with the same recovery key', async () => {
    const { recoveryKey, reopen } = await closedVault();
    const vault = await reopen();
    await vault.unlockWithRecoveryKey({
      recoveryKey,
      newPassphrase: NEW_PASSPHRASE,
      newPsychotherapyPassphrase: NEW_PSYCH_PASSPHRASE,
    });
    expect(vault.state()).toBe('open');
    await expect(vault.openPsychotherapy(PSYCH_PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await vault.close();
    const restarted = await reopen();
    await restarted.unlock(NEW_PASSPHRASE);
    await restarted.openPsychotherapy(NEW_PSYCH_PASSPHRASE);
    expect(restarted.state()).toBe('open+psychotherapy');
    await restarted.close();
  });

  it('refuses a wrong key, changes nothing, and shares the unlock throttle with passphrases', async () => {
    const { path, before, reopen } = await closedVault();
    const vault = await reopen();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(
        vault.unlockWithRecoveryKey({ recoveryKey: randomRecoveryKey(), newPassphrase: NEW_PASSPHRASE }),
      ).rejects.toMatchObject({ code: 'WRONG_RECOVERY_KEY' });
    }
    expect(vault.state()).toBe('locked');
    await expect(
      vault.unlockWithRecoveryKey({ recoveryKey: randomRecoveryKey(), newPassphrase: NEW_PASSPHRASE }),
    ).rejects.toMatchObject({ code: 'THROTTLED' });
    await expect(vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'THROTTLED' });
    await vault.close();
    expect(rawTables(path).key_slots).toEqual(before.key_slots);
  });

  it('rejects text that is not a recovery key and a too-short new passphrase without counting an attempt', async () => {
    const { recoveryKey, reopen } = await closedVault();
    const vault = await reopen();
    await expect(vault.unlockWithRecoveryKey({ recoveryKey: 'not-a-key', newPassphrase: NEW_PASSPHRASE })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(vault.unlockWithRecoveryKey({ recoveryKey, newPassphrase: 'short' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await vault.unlock(PASSPHRASE);
    const [unlocked] = vault.audit.list().filter((entry) => entry.event === 'vault.unlocked').slice(-1);
    expect(unlocked?.detail?.failedAttempts).toBe(0);
    await vault.close();
  });

  it('still opens a vault whose passphrase slot is damaged, and replaces the damaged slot', async () => {
    const { path, recoveryKey, reopen } = await closedVault();
    const raw = new Database(path);
    raw.prepare("UPDATE key_slots SET wrapped_key = zeroblob(48) WHERE compartment = 'progress' AND kind = 'passphrase'").run();
    raw.close();
    const vault = await reopen();
    await expect(vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'INTEGRITY', details: { table: 'key_slots' } });
    await vault.unlockWithRecoveryKey({ recoveryKey, newPassphrase: NEW_PASSPHRASE });
    await vault.lock();
    await vault.unlock(NEW_PASSPHRASE);
    expect(vault.clients.list()).toHaveLength(3);
    await vault.close();
  });
});

describe('the Argon2id parameters of the slots recovery writes', () => {
  it('are freshly calibrated, never copied from a slot whose parameters were lowered in the file', async () => {
    const { dir, cleanup } = tempDir();
    const path = join(dir, 'vault.sqlite');
    // Calibration on this "machine" asks for 15 passes; the fast stand-in KDF keeps the test quick.
    const options = { derive: fastDerive, timeKdf: async () => 100 };
    try {
      const vault = await openVault(path, { ...options, kdf: undefined });
      const { recoveryKey } = await vault.create({ passphrase: PASSPHRASE });
      await vault.close();
      expect(slotOps(path)).toEqual([15]);

      // Someone with write access lowers the slot to the floor and fixes its unkeyed checksum.
      const sodium = await loadSodium();
      const raw = new Database(path);
      const row = raw.prepare("SELECT * FROM key_slots WHERE compartment = 'progress' AND kind = 'passphrase'").get() as {
        slot_id: string;
        key_version: number;
        kdf_mem: number;
        salt: Buffer;
        nonce: Buffer;
        wrapped_key: Buffer;
      };
      const lowered = {
        slotId: row.slot_id,
        compartment: 'progress' as const,
        kind: 'passphrase' as const,
        keyVersion: row.key_version,
        kdf: { algorithm: 'argon2id13' as const, opsLimit: 3, memLimit: row.kdf_mem },
        salt: row.salt,
        nonce: row.nonce,
        wrappedKey: row.wrapped_key,
      };
      raw.prepare('UPDATE key_slots SET kdf_ops = 3, checksum = ? WHERE slot_id = ?').run(slotChecksum(sodium, lowered), row.slot_id);
      raw.close();

      const reopened = await openVault(path, { ...options, kdf: undefined });
      await reopened.unlockWithRecoveryKey({ recoveryKey, newPassphrase: NEW_PASSPHRASE });
      await reopened.rotationSettled();
      await reopened.close();
      expect(slotOps(path)).toEqual([15]);
    } finally {
      cleanup();
    }
  });
});

function slotOps(path: string): number[] {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.prepare("SELECT kdf_ops FROM key_slots WHERE compartment = 'progress' AND kind = 'passphrase'").pluck().all() as number[];
  } finally {
    raw.close();
  }
}
