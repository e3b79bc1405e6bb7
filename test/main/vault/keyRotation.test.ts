import Database from 'better-sqlite3';
import { verifyBackup } from '../../../main/backup/verify';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Compartment } from '../../../main/vault/compartments';
import { KeyRing } from '../../../main/vault/keyRing';
import { rowAad } from '../../../main/vault/rowCipher';
import { loadSodium } from '../../../main/vault/sodium';
import { ROW_TABLES, TABLES } from '../../../main/vault/tables';
import type { RotationProgress } from '../../../main/vault/keyRotation';
import { openVault } from '../../../main/vault/vault';
import type { Vault } from '../../../main/vault/vaultApi';
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
    vault.onRotationProgress(({ done, total }) => progress.push([done, total]));
    const { recoveryKey } = await vault.rotateKeys({ compartment: 'progress', passphrase: NEW_PASSPHRASE });
    await vault.rotationSettled();
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
    await vault.rotationSettled();
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

  it('stops at a row that fails authentication, says INTEGRITY, and keeps the old key: every other row still reads', async () => {
    const { vault, path } = await filled();
    await vault.close();
    const raw = new Database(path);
    raw.prepare('UPDATE settings SET ciphertext = zeroblob(length(ciphertext))').run();
    raw.close();
    const reopened = await openVault(path, { derive });
    await reopened.unlock(PASSPHRASE);
    await reopened.openPsychotherapy(PSYCH_PASSPHRASE);
    const reports: RotationProgress[] = [];
    reopened.onRotationProgress((progress) => reports.push(progress));
    const clients = reopened.clients.list({ includeArchived: true });
    await reopened.rotateKeys({ compartment: 'progress', passphrase: PASSPHRASE });
    await reopened.rotationSettled();
    expect(reports.at(-1)).toMatchObject({ compartment: 'progress', failed: 'INTEGRITY' });
    expect(reopened.clients.list({ includeArchived: true })).toEqual(clients);
    await reopened.close();
    expect(slotVersionsIn(path, 'progress')).toEqual([1, 2]);
    expect(versions(path, 'settings')).toEqual([1]);
  });
});

/** Key versions the compartment's slots wrap, in the file. */
function slotVersionsIn(path: string, compartment: Compartment): number[] {
  const raw = new Database(path, { readonly: true });
  try {
    return raw.prepare('SELECT DISTINCT key_version FROM key_slots WHERE compartment = ? ORDER BY key_version').pluck().all(compartment) as number[];
  } finally {
    raw.close();
  }
}

/** Key versions found across every progress table of the file. */
function progressVersions(path: string): number[] {
  const tables = [...ROW_TABLES, 'audit_log' as const].filter((table) => TABLES[table].compartment === 'progress');
  return [...new Set(tables.flatMap((table) => versions(path, table)))].sort();
}

/** Every progress row of the file, as the vault reads it, for comparing before and after. */
function everything(vault: Vault) {
  return {
    clients: vault.clients.list({ includeArchived: true }),
    sessions: vault.clients.list({ includeArchived: true }).flatMap((client) => vault.sessions.listForClient(client.id)),
    settings: vault.settings.get(),
    audit: vault.audit.list(),
  };
}

describe('re-encryption a batch at a time', () => {
  /** A filled vault whose rotation hands back after every single row, and runs `atTurn` at each hand-back. */
  async function rotatingVault(atTurn: (turn: number) => Promise<void> | void) {
    let turn = 0;
    const keyRing = new KeyRing(await loadSodium());
    made = await filledVault({
      derive,
      keyRing,
      rotation: {
        batchRows: 1,
        betweenBatches: async () => {
          turn += 1;
          await new Promise<void>((resolve) => setImmediate(resolve));
          await atTurn(turn);
        },
      },
    });
    await made.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    return { ...made, keyRing };
  }

  it('survives a crash between batches: reopened and unlocked, every row reads and the rotation completes', async () => {
    const { vault, path } = await rotatingVault((turn) => {
      if (turn === 6) throw new Error('the process died here');
    });
    const before = everything(vault);
    const reports: RotationProgress[] = [];
    vault.onRotationProgress((progress) => reports.push(progress));
    await vault.rotateKeys({ compartment: 'progress', passphrase: PASSPHRASE });
    await vault.rotationSettled();
    expect(reports.at(-1)).toMatchObject({ failed: 'INTERNAL' });
    await vault.close();

    // Cut off half-way: rows under both versions, the slots of both keys still there.
    expect(progressVersions(path)).toEqual([1, 2]);
    expect(slotVersionsIn(path, 'progress')).toEqual([1, 2]);

    const reopened = await openVault(path, { derive });
    await reopened.unlock(PASSPHRASE);
    expect(everything(reopened).clients).toEqual(before.clients);
    await reopened.rotationSettled();
    const after = everything(reopened);
    expect(after.clients).toEqual(before.clients);
    expect(after.sessions).toEqual(before.sessions);
    expect(after.settings).toEqual(before.settings);
    expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
    await reopened.close();
    for (const table of ['clients', 'sessions', 'progress_notes', 'addenda', 'disclosures', 'settings', 'audit_log']) {
      expect(versions(path, table), table).toEqual([2]);
    }
    expect(slotVersionsIn(path, 'progress')).toEqual([2]);
  });

  it('stops at a lock, and the next unlock carries on from where it stopped', async () => {
    const { vault, path } = await rotatingVault(async (turn) => {
      if (turn === 6) await vault.lock();
    });
    const before = everything(vault);
    const reports: RotationProgress[] = [];
    vault.onRotationProgress((progress) => reports.push(progress));
    await vault.rotateKeys({ compartment: 'progress', passphrase: PASSPHRASE });
    await vault.rotationSettled();
    expect(vault.state()).toBe('locked');
    const stopped = reports.at(-1)!;
    expect(stopped.failed).toBeUndefined();
    expect(stopped.done).toBeGreaterThan(0);
    expect(stopped.done).toBeLessThan(stopped.total);

    reports.length = 0;
    await vault.unlock(PASSPHRASE);
    await vault.rotationSettled();
    // The resumed run counts only the rows still left.
    expect(reports[0]!.total).toBe(stopped.total - stopped.done);
    expect(reports.at(-1)).toEqual({ compartment: 'progress', done: reports[0]!.total, total: reports[0]!.total });
    expect(everything(vault).clients).toEqual(before.clients);
    await vault.close();
    expect(progressVersions(path)).toEqual([2]);
    expect(slotVersionsIn(path, 'progress')).toEqual([2]);
  });

  it('seals a write made during the rotation under the new key, and reads rows of either version meanwhile', async () => {
    const seen: { written?: string; edited?: string; names?: string[]; midway?: RotationProgress } = {};
    const reports: RotationProgress[] = [];
    const { vault, path } = await rotatingVault((turn) => {
      if (turn !== 2) return;
      // One client re-encrypted so far, two not: edit the last one, which is still under the old key.
      seen.midway = reports.at(-1);
      const last = vault.clients.list({ includeArchived: true }).at(-1)!;
      seen.written = vault.clients.create({ name: 'Written during the rotation' }).id;
      seen.edited = vault.clients.update(last.id, { name: 'Renamed during the rotation', chartNumber: last.chartNumber }).id;
      seen.names = vault.clients.list({ includeArchived: true }).map((client) => client.name);
      throw new Error('stopped here to look at the file');
    });
    vault.onRotationProgress((progress) => reports.push(progress));
    await vault.rotateKeys({ compartment: 'progress', passphrase: PASSPHRASE });
    await vault.rotationSettled();
    expect(seen.midway?.done).toBe(1);
    expect(seen.names).toContain('Written during the rotation');
    expect(seen.names).toContain('Renamed during the rotation');
    await vault.close();

    const raw = new Database(path, { readonly: true });
    const keyVersions = Object.fromEntries(raw.prepare('SELECT id, key_version FROM clients').raw().all() as [string, number][]);
    raw.close();
    expect(keyVersions[seen.written!]).toBe(2);
    expect(keyVersions[seen.edited!]).toBe(2);
    expect(Object.values(keyVersions).sort()).toEqual([1, 2, 2, 2]);

    const reopened = await openVault(path, { derive });
    await reopened.unlock(PASSPHRASE);
    expect(reopened.clients.get(seen.edited!).name).toBe('Renamed during the rotation');
    await reopened.rotationSettled();
    expect(reopened.clients.list({ includeArchived: true }).map((client) => client.name).sort()).toEqual([...seen.names!].sort());
    await reopened.close();
    expect(progressVersions(path)).toEqual([2]);
  });

  it('rewraps both keys when the passphrase changes while a rotation is unfinished', async () => {
    const { vault, path } = await rotatingVault((turn) => {
      if (turn === 5) throw new Error('cut short');
    });
    const before = everything(vault);
    await vault.rotateKeys({ compartment: 'progress', passphrase: PASSPHRASE });
    await vault.rotationSettled();
    await vault.changePassphrase({ compartment: 'progress', currentPassphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE });
    await vault.close();
    const reopened = await openVault(path, { derive });
    await expect(reopened.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await reopened.unlock(NEW_PASSPHRASE);
    await reopened.rotationSettled();
    expect(everything(reopened).clients).toEqual(before.clients);
    await reopened.close();
    expect(versions(path, 'clients')).toEqual([2]);
    expect(slotVersionsIn(path, 'progress')).toEqual([2]);
  });

  it('leaves a backup taken half-way that verifies whole: every row opens under the key of its version', async () => {
    const { vault, dir } = await rotatingVault((turn) => {
      if (turn === 6) throw new Error('cut short');
    });
    await vault.rotateKeys({ compartment: 'progress', passphrase: PASSPHRASE });
    await vault.rotationSettled();
    const backup = join(dir, 'half-way.sqlite');
    await vault.backupTo(backup);
    expect(progressVersions(backup)).toEqual([1, 2]);
    const { report } = await verifyBackup(backup, { passphrase: PASSPHRASE, psychotherapyPassphrase: PSYCH_PASSPHRASE, liveVaultPath: null, derive });
    expect(report.ok).toBe(true);
    expect(report.keys).toEqual({ progress: 'opened', psychotherapy: 'opened' });
  });

  it('refuses a second rotation of the same keys until the first has finished', async () => {
    const { vault } = await rotatingVault((turn) => {
      if (turn === 2) throw new Error('cut short');
    });
    await vault.rotateKeys({ compartment: 'progress', passphrase: PASSPHRASE });
    await vault.rotationSettled();
    await expect(vault.rotateKeys({ compartment: 'progress', passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'ROTATION_RUNNING' });
  });

  it('retires the old key once done: its slots gone, its bytes wiped, and it opens nothing written after', async () => {
    const { vault, path, keyRing } = await rotatingVault(() => undefined);
    const oldKey = keyRing.get('progress');
    const oldBytes = Uint8Array.from(oldKey.key);
    await vault.rotateKeys({ compartment: 'progress', passphrase: PASSPHRASE });
    await vault.rotationSettled();
    expect(oldKey.key.every((byte) => byte === 0)).toBe(true);
    expect(keyRing.held('progress').map((key) => key.version)).toEqual([2]);
    const written = vault.clients.create({ name: 'After the old key went' });
    await vault.close();
    expect(slotVersionsIn(path, 'progress')).toEqual([2]);
    expect(await rowsOpenedBy(path, vault.id()!, 'progress', oldBytes)).toBe(0);

    // A byte flipped in a re-encrypted row, and a row that claims the old version, are both caught.
    const raw = new Database(path);
    const sealed = raw.prepare('SELECT ciphertext FROM clients WHERE id = ?').pluck().get(written.id) as Buffer;
    sealed[10]! ^= 0x01;
    raw.prepare('UPDATE clients SET ciphertext = ? WHERE id = ?').run(sealed, written.id);
    const [other] = raw.prepare('SELECT id FROM clients WHERE id <> ?').pluck().all(written.id) as string[];
    raw.prepare('UPDATE clients SET key_version = 1 WHERE id = ?').run(other);
    raw.close();
    const reopened = await openVault(path, { derive });
    await reopened.unlock(PASSPHRASE);
    expect(() => reopened.clients.get(written.id)).toThrow(expect.objectContaining({ code: 'INTEGRITY' }) as Error);
    expect(() => reopened.clients.get(other!)).toThrow(expect.objectContaining({ code: 'INTEGRITY' }) as Error);
    await reopened.close();
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
    await vault.rotationSettled();
    await vault.lock();
    await vault.unlockWithRecoveryKey({ recoveryKey, newPassphrase: 'and again, a third passphrase' });
    await vault.rotationSettled();
    expect(vault.clients.list({ includeArchived: true })).toHaveLength(4);
    await vault.close();
    expect(versions(path, 'clients')).toEqual([3]);
    const oldKey = await keyFromCopy(backup, 'progress', PASSPHRASE);
    expect(await rowsOpenedBy(path, vault.id()!, 'progress', oldKey.key)).toBe(0);
  });
});
