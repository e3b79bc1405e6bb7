import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Compartment } from '../../../main/vault/compartments';
import { KeyRing } from '../../../main/vault/keyRing';
import { rowAad } from '../../../main/vault/rowCipher';
import { loadSodium } from '../../../main/vault/sodium';
import { ROW_TABLES, TABLES } from '../../../main/vault/tables';
import { openVault } from '../../../main/vault/vault';
import type { FilledVault } from '../../fixtures/filledVault';
import { cachingDerive, filledVault, PASSPHRASE, PSYCH_PASSPHRASE, rawTables } from '../../fixtures/filledVault';

const derive = cachingDerive();
const NEW_PASSPHRASE = 'the leaked one is gone now';

let made: FilledVault | null = null;
afterEach(async () => {
  await made?.dispose();
  made = null;
});

async function filled() {
  const keyRing = new KeyRing(await loadSodium());
  made = await filledVault({ derive, keyRing });
  return { ...made, keyRing };
}

/** The data key an attacker gets from a copy of the file and a passphrase it was made with. */
async function keyFromCopy(path: string, compartment: Compartment, passphrase: string): Promise<{ version: number; key: Uint8Array }> {
  const keyRing = new KeyRing(await loadSodium());
  const vault = await openVault(path, { derive, keyRing });
  try {
    if (compartment === 'progress') await vault.unlock(passphrase);
    else {
      await vault.unlock(PASSPHRASE);
      await vault.openPsychotherapy(passphrase);
    }
    const { version, key } = keyRing.get(compartment);
    return { version, key: Uint8Array.from(key) };
  } finally {
    await vault.close();
  }
}

/** Rows of `compartment` in the file at `path` that `key` decrypts, trying every key version an attacker might claim. */
async function rowsOpenedBy(path: string, vaultId: string, compartment: Compartment, key: Uint8Array): Promise<number> {
  const sodium = await loadSodium();
  const tables = [...ROW_TABLES, 'audit_log' as const].filter((table) => TABLES[table].compartment === compartment);
  const raw = new Database(path, { readonly: true });
  let opened = 0;
  try {
    for (const table of tables) {
      const rows = raw.prepare(`SELECT id, key_version, nonce, ciphertext FROM ${table}`).all() as {
        id: string;
        key_version: number;
        nonce: Buffer;
        ciphertext: Buffer;
      }[];
      for (const row of rows) {
        for (const version of [1, 2, 3, row.key_version]) {
          try {
            const aad = rowAad({ vaultId, table, rowId: row.id }, compartment, version);
            sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, row.ciphertext, aad, row.nonce, key);
            opened += 1;
          } catch {
            // Not opened: what the test wants.
          }
        }
      }
    }
  } finally {
    raw.close();
  }
  return opened;
}

function versions(path: string, table: string): number[] {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.prepare(`SELECT DISTINCT key_version FROM ${table}`).pluck().all() as number[];
  } finally {
    raw.close();
  }
}

describe('rotating a compartment key', () => {
  it('after a leaked passphrase: an old backup and the old passphrase decrypt nothing written after the rotation', async () => {
    const { vault, path, dir } = await filled();
    const backup = join(dir, 'before-rotation.sqlite');
    await vault.backupTo(backup);
    await vault.changePassphrase({ compartment: 'progress', currentPassphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE });
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const progress: [number, number][] = [];
    const { recoveryKey } = await vault.rotateKeys({ compartment: 'progress', passphrase: NEW_PASSPHRASE }, (done, total) =>
      progress.push([done, total]),
    );
    expect(progress.at(-1)?.[0]).toBe(progress.at(-1)?.[1]);
    expect(progress[0]).toEqual([0, progress.at(-1)![1]]);
    const written = vault.clients.create({ name: 'Written after the rotation' });
    const clients = vault.clients.list({ includeArchived: true });
    expect(clients).toHaveLength(4);
    const auditBefore = vault.audit.list();
    expect(auditBefore.map((entry) => entry.event)).toContain('keys.rotated');
    await vault.close();

    const vaultId = vault.id()!;
    for (const table of ['clients', 'sessions', 'progress_notes', 'addenda', 'disclosures', 'settings', 'audit_log']) {
      expect(versions(path, table), table).toEqual([2]);
    }
    expect(versions(path, 'psychotherapy_notes')).toEqual([1]);

    // The attacker: the backup taken before, and the passphrase that leaked.
    const oldKey = await keyFromCopy(backup, 'progress', PASSPHRASE);
    expect(oldKey.version).toBe(1);
    expect(await rowsOpenedBy(path, vaultId, 'progress', oldKey.key)).toBe(0);
    expect(await rowsOpenedBy(backup, vaultId, 'progress', oldKey.key)).toBeGreaterThan(0);

    // The therapist: everything still reads, the chain still verifies, the new recovery key opens it, the old one does not.
    const reopened = await openVault(path, { derive });
    await reopened.unlock(NEW_PASSPHRASE);
    expect(reopened.clients.get(written.id).name).toBe('Written after the rotation');
    expect(reopened.clients.list({ includeArchived: true })).toEqual(clients);
    expect(reopened.audit.list().slice(0, auditBefore.length)).toEqual(auditBefore);
    await reopened.openPsychotherapy(PSYCH_PASSPHRASE);
    await reopened.lock();
    await expect(reopened.unlockWithRecoveryKey({ recoveryKey: made!.recoveryKey, newPassphrase: 'another one entirely' })).rejects.toMatchObject({
      code: 'WRONG_RECOVERY_KEY',
    });
    await reopened.unlockWithRecoveryKey({ recoveryKey, newPassphrase: 'another one entirely', newPsychotherapyPassphrase: 'and its twin' });
    expect(reopened.clients.list({ includeArchived: true })).toHaveLength(4);
    await reopened.close();
  });

  it('rotates the psychotherapy compartment alone: its notes move to key_version 2, progress rows stay at 1', async () => {
    const { vault, path, dir } = await filled();
    const backup = join(dir, 'before.sqlite');
    await vault.backupTo(backup);
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const sessionId = (vault.sessions.listForClient(vault.clients.list()[0]!.id)[0]!).id;
    await vault.rotateKeys({ compartment: 'psychotherapy', passphrase: PSYCH_PASSPHRASE });
    const note = vault.psychotherapyNotes.create({ sessionId, text: 'after the rotation' });
    expect(vault.psychotherapyNotes.listForSession(sessionId).map((n) => n.id)).toContain(note.id);
    await vault.close();
    expect(versions(path, 'psychotherapy_notes')).toEqual([2]);
    expect(versions(path, 'clients')).toEqual([1]);
    const oldKey = await keyFromCopy(backup, 'psychotherapy', PSYCH_PASSPHRASE);
    expect(await rowsOpenedBy(path, vault.id()!, 'psychotherapy', oldKey.key)).toBe(0);
  });

  it('refuses a wrong passphrase, and needs the psychotherapy compartment open, changing nothing', async () => {
    const { vault, path } = await filled();
    await expect(vault.rotateKeys({ compartment: 'progress', passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'PSYCHOTHERAPY_LOCKED' });
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    await expect(vault.rotateKeys({ compartment: 'progress', passphrase: 'not the passphrase' })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await vault.close();
    expect(versions(path, 'clients')).toEqual([1]);
  });

  it('is one transaction: a row that fails authentication stops it and leaves the file exactly as it was', async () => {
    const { vault, path } = await filled();
    await vault.close();
    const raw = new Database(path);
    raw.prepare("UPDATE settings SET ciphertext = zeroblob(length(ciphertext))").run();
    raw.close();
    const before = rawTables(path);
    const reopened = await openVault(path, { derive });
    await reopened.unlock(PASSPHRASE);
    await reopened.openPsychotherapy(PSYCH_PASSPHRASE);
    await expect(reopened.rotateKeys({ compartment: 'progress', passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'INTEGRITY' });
    await reopened.close();
    const after = rawTables(path);
    for (const table of Object.keys(before).filter((t) => t !== 'audit_log' && t !== 'unlock_throttle')) expect(after[table], table).toEqual(before[table]);
  });
});

describe('a new recovery key', () => {
  it('is shown once, opens the vault, and the old one no longer does', async () => {
    const { vault, recoveryKey: oldRecoveryKey } = await filled();
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const { recoveryKey } = await vault.newRecoveryKey();
    expect(recoveryKey).not.toBe(oldRecoveryKey);
    await vault.lock();
    await expect(vault.unlockWithRecoveryKey({ recoveryKey: oldRecoveryKey, newPassphrase: NEW_PASSPHRASE })).rejects.toMatchObject({
      code: 'WRONG_RECOVERY_KEY',
    });
    await vault.unlockWithRecoveryKey({ recoveryKey, newPassphrase: NEW_PASSPHRASE, newPsychotherapyPassphrase: 'psych after recovery' });
    await vault.openPsychotherapy('psych after recovery');
    expect(vault.state()).toBe('open+psychotherapy');
  });
});

describe('a recovery-key unlock', () => {
  it('rotates the compartments whose passphrase it replaced, keeping the recovery key', async () => {
    const { vault, path, dir, recoveryKey } = await filled();
    const backup = join(dir, 'before.sqlite');
    await vault.backupTo(backup);
    await vault.lock();
    const result = await vault.unlockWithRecoveryKey({ recoveryKey, newPassphrase: NEW_PASSPHRASE });
    expect(result).toEqual({ rotated: ['progress'] });
    vault.clients.create({ name: 'After recovery' });
    await vault.lock();
    await vault.unlockWithRecoveryKey({ recoveryKey, newPassphrase: 'and again, a third passphrase' });
    expect(vault.clients.list({ includeArchived: true })).toHaveLength(4);
    await vault.close();
    expect(versions(path, 'clients')).toEqual([3]);
    const oldKey = await keyFromCopy(backup, 'progress', PASSPHRASE);
    expect(await rowsOpenedBy(path, vault.id()!, 'progress', oldKey.key)).toBe(0);
  });
});
