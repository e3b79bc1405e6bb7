import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VaultError } from '../../../shared/errors';
import type { CreatedBackup } from '../../../main/backup/backup';
import { createBackup } from '../../../main/backup/backup';
import { restoreBackup } from '../../../main/backup/restore';
import type { Vault } from '../../../main/vault/vaultApi';
import { openVault } from '../../../main/vault/vault';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { verifyBackup } from '../../../main/backup/verify';
import { ALL_TABLES, cachingDerive, filledVault, PASSPHRASE, PSYCH_PASSPHRASE, rawTables } from '../../fixtures/filledVault';
import { generateSyntheticVault } from '../../fixtures/syntheticVault';
import { tempDir } from '../../helpers/tempVault';

/**
 * Restores a backup of one vault (a generated practice, "B") over another
 * vault ("A", the one open in the app). B has its own passphrase.
 */
const B_PASSPHRASE = 'the passphrase of the backed-up practice';
const derive = cachingDerive();
const clock = { now: () => Date.now() };

let backup: CreatedBackup;
let backupTables: ReturnType<typeof rawTables>;
let source: { dir: string; cleanup: () => void };

/** Everything a person reads in a vault, for comparing two vaults' content. */
async function contentOf(vault: Vault) {
  await vault.openPsychotherapy(B_PASSPHRASE);
  return vault.clients.list({ includeArchived: true }).map((client) => ({
    client,
    sessions: vault.sessions.listForClient(client.id).map((session) => ({
      session,
      note: vault.progressNotes.getForSession(session.id),
      psychotherapy: vault.psychotherapyNotes.listForSession(session.id),
    })),
    disclosures: vault.disclosures.listForClient(client.id),
  }));
}

let expectedContent: Awaited<ReturnType<typeof contentOf>>;

beforeAll(async () => {
  source = tempDir();
  const { vault } = await generateSyntheticVault({
    path: join(source.dir, 'practice.sqlite'),
    clients: 4,
    sessionsPerClient: 4,
    seed: 11,
    passphrase: B_PASSPHRASE,
  });
  expectedContent = await contentOf(vault);
  backup = await createBackup({ vault, folder: source.dir, kind: 'manual', clock });
  await vault.close();
  backupTables = rawTables(backup.path);
});

afterAll(() => source.cleanup());

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** Vault "A", open, as the app holds it. */
async function current() {
  const made = await filledVault({ derive });
  cleanups.push(made.dispose);
  return made;
}

function filesBeside(path: string): string[] {
  return readdirSync(join(path, '..')).sort();
}

describe('restoring a backup over the open vault', () => {
  it('puts back every row exactly as backed up, opens it with the backup passphrase, and keeps the old file aside', async () => {
    const { vault, path } = await current();
    await vault.close();
    const replaced = rawTables(path);
    const reopened = await openVault(path, { derive });
    cleanups.push(() => reopened.close());
    await reopened.unlock(PASSPHRASE);
    const states: string[] = [];
    reopened.onStateChange((state, reason) => states.push(`${state}:${reason}`));

    const progress: string[] = [];
    const { report, keptAs } = await restoreBackup({
      vaultPath: path,
      backupPath: backup.path,
      passphrase: B_PASSPHRASE,
      vault: reopened,
      clock,
      derive,
      onProgress: ({ stage }) => progress.push(stage),
    });
    expect(report.ok).toBe(true);
    expect(reopened.state()).toBe('open');
    // The same service object carried on: its listeners saw the swap.
    expect(states).toEqual(['locked:restore', 'open:unlocked']);
    expect(await contentOf(reopened)).toEqual(expectedContent);
    expect(reopened.audit.list().map((entry) => entry.event)).toContain('backup.restored');
    expect(new Set(progress)).toEqual(new Set(['hash', 'structure', 'keys', 'rows', 'copy', 'swap', 'open']));

    // After a restart: the restored file is the vault, every stored row as in the backup.
    await reopened.close();
    const restored = rawTables(path);
    for (const table of ALL_TABLES.filter((t) => t !== 'audit_log')) expect(restored[table], table).toEqual(backupTables[table]);
    expect(restored.audit_log!.slice(0, backupTables.audit_log!.length)).toEqual(backupTables.audit_log);
    const kept = rawTables(keptAs!);
    for (const table of ALL_TABLES.filter((t) => !['audit_log', 'unlock_throttle'].includes(t))) {
      expect(kept[table], table).toEqual(replaced[table]);
    }
    expect(filesBeside(path).filter((name) => name.includes('restoring'))).toEqual([]);

    const restarted = await openVault(path, { derive });
    cleanups.push(() => restarted.close());
    await expect(restarted.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await restarted.unlock(B_PASSPHRASE);
    expect(await contentOf(restarted)).toEqual(expectedContent);
  });

  it('does not carry failed attempts recorded in the backup into the restored vault', async () => {
    let now = Date.now();
    const throttled = await filledVault({ derive, clock: { now: () => now } });
    cleanups.push(throttled.dispose);
    for (let attempt = 0; attempt < 8; attempt += 1) {
      now += 20 * 60_000;
      await expect(throttled.vault.openPsychotherapy('not the psychotherapy passphrase')).rejects.toMatchObject({
        code: 'WRONG_PASSPHRASE',
      });
    }
    await expect(throttled.vault.openPsychotherapy(PSYCH_PASSPHRASE)).rejects.toMatchObject({ code: 'THROTTLED' });
    const throttledBackup = await createBackup({ vault: throttled.vault, folder: throttled.dir, kind: 'manual', clock });
    expect(rawTables(throttledBackup.path).unlock_throttle).toHaveLength(1);

    const { vault, path } = await current();
    await restoreBackup({ vaultPath: path, backupPath: throttledBackup.path, passphrase: PASSPHRASE, vault, clock, derive });
    expect(vault.state()).toBe('open');
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(vault.state()).toBe('open+psychotherapy');
  });

  it('with a wrong passphrase changes nothing: same file, still open', async () => {
    const { vault, path } = await current();
    const files = filesBeside(path);
    await expect(
      restoreBackup({ vaultPath: path, backupPath: backup.path, passphrase: PASSPHRASE, vault, clock, derive }),
    ).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(vault.state()).toBe('open');
    expect(vault.clients.list()).toHaveLength(3);
    expect(filesBeside(path)).toEqual(files);
  });

  it('from a backup with one changed byte changes nothing', async () => {
    const { vault, path, dir } = await current();
    const damaged = join(dir, backup.fileName);
    const bytes = readFileSync(backup.path);
    bytes[bytes.length - 5000]! ^= 0x10;
    writeFileSync(damaged, bytes);
    writeFileSync(`${damaged}.manifest.json`, readFileSync(`${backup.path}.manifest.json`));
    const files = filesBeside(path);
    await expect(
      restoreBackup({ vaultPath: path, backupPath: damaged, passphrase: B_PASSPHRASE, vault, clock, derive }),
    ).rejects.toMatchObject({ code: 'BAD_FILE' });
    expect(vault.state()).toBe('open');
    expect(filesBeside(path)).toEqual(files);
  });

  it('puts the old file back, locked, when the restored one fails to open', async () => {
    const { vault, path } = await current();
    await vault.close();
    const before = rawTables(path);
    const reopened = await openVault(path, { derive });
    cleanups.push(() => reopened.close());
    await reopened.unlock(PASSPHRASE);
    const failingUnlock = {
      replaceFile: reopened.replaceFile,
      audit: reopened.audit,
      unlock: () => Promise.reject(new VaultError('INTERNAL', 'simulated failure to open the restored file')),
    };
    await expect(
      restoreBackup({ vaultPath: path, backupPath: backup.path, passphrase: B_PASSPHRASE, vault: failingUnlock, clock, derive }),
    ).rejects.toThrow(/simulated/);
    expect(reopened.state()).toBe('locked');
    await reopened.unlock(PASSPHRASE);
    expect(reopened.clients.list().map((client) => client.name).sort()).toEqual(['Ada Ø. Example', 'Bo Sample', 'Cy Placeholder']);
    await reopened.close();
    const after = rawTables(path);
    for (const table of ALL_TABLES.filter((t) => t !== 'audit_log')) expect(after[table], table).toEqual(before[table]);
    expect(filesBeside(path).filter((name) => /replaced|restoring/.test(name))).toEqual([]);
  });
});

describe('restoring when the vault file could not be opened at all', () => {
  it('keeps the broken file aside and puts the backup in its place', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'vault.sqlite');
    writeFileSync(path, '');
    await expect(openVault(path)).rejects.toMatchObject({ code: 'BAD_FILE' });
    const { keptAs } = await restoreBackup({ vaultPath: path, backupPath: backup.path, passphrase: B_PASSPHRASE, vault: null, clock, derive });
    expect(existsSync(keptAs!)).toBe(true);
    expect(readFileSync(keptAs!).length).toBe(0);
    const vault = await openVault(path, { derive });
    cleanups.push(() => vault.close());
    await vault.unlock(B_PASSPHRASE);
    expect(await contentOf(vault)).toEqual(expectedContent);
  });

  it('refuses a psychotherapy passphrase that does not open the backup', async () => {
    const { vault, path } = await current();
    await expect(
      restoreBackup({
        vaultPath: path,
        backupPath: backup.path,
        passphrase: B_PASSPHRASE,
        psychotherapyPassphrase: PSYCH_PASSPHRASE,
        vault,
        clock,
        derive,
      }),
    ).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE', message: expect.stringMatching(/psychotherapy/) });
    expect(vault.state()).toBe('open');
  });
});

describe('restoring a copied vault whose recent commits are in its -wal', () => {
  it('brings back exactly what verification counted: six clients, not the one in the main file', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const livePath = join(dir, 'copied-from.sqlite');
    const live = await openVault(livePath, { kdf: DEFAULT_KDF_PARAMS, derive });
    await live.create({ passphrase: B_PASSPHRASE });
    live.clients.create({ name: 'Client 1' });
    await live.close();
    const reopened = await openVault(livePath, { derive });
    cleanups.push(() => reopened.close());
    await reopened.unlock(B_PASSPHRASE);
    for (let n = 2; n <= 6; n += 1) reopened.clients.create({ name: `Client ${n}` });
    const copy = join(dir, 'copy.sqlite');
    copyFileSync(livePath, copy);
    copyFileSync(`${livePath}-wal`, `${copy}-wal`);
    const mainFileOnly = join(dir, 'main-only.sqlite');
    copyFileSync(copy, mainFileOnly);
    expect(rawTables(mainFileOnly, ['clients']).clients).toHaveLength(1);

    const { report } = await verifyBackup(copy, { passphrase: B_PASSPHRASE, liveVaultPath: null, derive });
    expect(report.ok).toBe(true);
    expect(report.tables.find((table) => table.table === 'clients')?.rows).toBe(6);

    const { vault, path } = await current();
    await restoreBackup({ vaultPath: path, backupPath: copy, passphrase: B_PASSPHRASE, vault, clock, derive });
    expect(vault.clients.list().map((client) => client.name).sort()).toEqual(
      ['Client 1', 'Client 2', 'Client 3', 'Client 4', 'Client 5', 'Client 6'],
    );
    expect(filesBeside(path).filter((name) => name.includes('restoring'))).toEqual([]);
  });
});
