import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMAT_VERSION } from '../../../main/vault/migrations';
import type { CreatedBackup } from '../../../main/backup/backup';
import { createBackup } from '../../../main/backup/backup';
import { verifyBackup } from '../../../main/backup/verify';
import type { FilledVault } from '../../fixtures/filledVault';
import { cachingDerive, filledVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../fixtures/filledVault';
import { tempDir } from '../../helpers/tempVault';

const derive = cachingDerive();
let made: FilledVault;
let backup: CreatedBackup;
let scratch: { dir: string; cleanup: () => void };
let copies = 0;

beforeAll(async () => {
  made = await filledVault({ derive });
  scratch = tempDir();
  backup = await createBackup({ vault: made.vault, folder: scratch.dir, kind: 'manual', clock: { now: () => Date.now() } });
});

afterAll(async () => {
  await made.dispose();
  scratch.cleanup();
});

/** A copy of the backup (and its manifest, unless left out) in its own folder, for a case to damage. */
function copyOfBackup(options: { manifest?: boolean } = {}): string {
  copies += 1;
  const dir = join(scratch.dir, `case-${copies}`);
  const path = join(dir, backup.fileName);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  copyFileSync(backup.path, path);
  if (options.manifest !== false) copyFileSync(`${backup.path}.manifest.json`, `${path}.manifest.json`);
  return path;
}

const verify = (path: string, passphrases: { passphrase?: string; psychotherapyPassphrase?: string } = {}) =>
  verifyBackup(path, { ...passphrases, liveVaultPath: made.path, derive }).then(({ report }) => report);

describe('verifying a backup', () => {
  it('with both passphrases: every row of every table decrypts, counted per table', async () => {
    const report = await verify(backup.path, { passphrase: PASSPHRASE, psychotherapyPassphrase: PSYCH_PASSPHRASE });
    expect(report).toMatchObject({
      ok: true,
      manifest: 'ok',
      structure: 'ok',
      formatVersion: FORMAT_VERSION,
      keys: { progress: 'opened', psychotherapy: 'opened' },
      failures: [],
    });
    const counts = Object.fromEntries(report.tables.map((check) => [check.table, check.rows]));
    expect(counts).toMatchObject({ clients: 3, sessions: 6, progress_notes: 6, addenda: 1, psychotherapy_notes: 6, disclosures: 1, settings: 1 });
    for (const check of report.tables) expect(check).toMatchObject({ intact: check.rows, failed: 0, skipped: false });
  });

  it('with the vault passphrase only: the psychotherapy rows are counted but not opened', async () => {
    const report = await verify(backup.path, { passphrase: PASSPHRASE });
    expect(report.ok).toBe(true);
    expect(report.keys).toEqual({ progress: 'opened', psychotherapy: 'not-checked' });
    expect(report.tables.find((check) => check.table === 'psychotherapy_notes')).toEqual({
      table: 'psychotherapy_notes',
      rows: 6,
      intact: 0,
      failed: 0,
      skipped: true,
    });
  });

  it('without a passphrase checks the manifest and structure only, and does not call the backup good', async () => {
    const report = await verify(backup.path);
    expect(report).toMatchObject({ ok: false, manifest: 'ok', structure: 'ok', keys: { progress: 'not-checked' } });
  });

  it('with a wrong passphrase says so', async () => {
    const report = await verify(backup.path, { passphrase: 'not the passphrase at all' });
    expect(report).toMatchObject({ ok: false, keys: { progress: 'wrong-passphrase' } });
  });

  it('changes nothing: same bytes, same times, no file added beside it', async () => {
    const path = copyOfBackup();
    const before = { bytes: readFileSync(path), mtime: statSync(path).mtimeMs, files: readdirSync(join(path, '..')) };
    await verify(path, { passphrase: PASSPHRASE, psychotherapyPassphrase: PSYCH_PASSPHRASE });
    expect(readFileSync(path).equals(before.bytes)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(before.mtime);
    expect(readdirSync(join(path, '..'))).toEqual(before.files);
  });

  it('fails a backup with one changed byte inside a note', async () => {
    const path = copyOfBackup();
    const ciphertext = firstCiphertext(path, 'progress_notes');
    const bytes = readFileSync(path);
    const at = bytes.indexOf(ciphertext);
    expect(at).toBeGreaterThan(0);
    bytes[at + 20]! ^= 0x01;
    writeFileSync(path, bytes);
    const report = await verify(path, { passphrase: PASSPHRASE, psychotherapyPassphrase: PSYCH_PASSPHRASE });
    expect(report.ok).toBe(false);
    expect(report.manifest).toBe('mismatch');
    expect(report.tables.find((check) => check.table === 'progress_notes')?.failed).toBe(1);
  });

  it('refuses a backup whose page structure was damaged with a clear error, not SQLite\'s', async () => {
    const path = copyOfBackup();
    const rootPage = rootPageOf(path, 'progress_notes');
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0xff, (rootPage - 1) * pageSize, (rootPage - 1) * pageSize + 12);
    writeFileSync(path, bytes);
    await expect(verify(path, { passphrase: PASSPHRASE })).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: expect.stringMatching(/damaged/),
    });
  });

  it('still checks a backup whose manifest was lost, and says the manifest is missing', async () => {
    const report = await verify(copyOfBackup({ manifest: false }), { passphrase: PASSPHRASE });
    expect(report).toMatchObject({ ok: true, manifest: 'missing', createdAt: null });
  });

  it('refuses the vault file itself', async () => {
    await expect(verifyBackup(made.path, { passphrase: PASSPHRASE, liveVaultPath: made.path })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(made.vault.clients.list()).toHaveLength(3);
  });
});

function rootPageOf(path: string, table: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number }).rootpage;
  } finally {
    db.close();
  }
}

function firstCiphertext(path: string, table: string): Buffer {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(`SELECT ciphertext FROM ${table} LIMIT 1`).get() as { ciphertext: Buffer }).ciphertext;
  } finally {
    db.close();
  }
}

describe('a backup file that cannot be read as a vault', () => {
  const cases: [string, (path: string) => void, string, RegExp][] = [
    ['truncated, with its manifest', (path) => writeFileSync(path, readFileSync(path).subarray(0, 8192)), 'BAD_FILE', /truncated/],
    ['truncated inside a page, without its manifest', (path) => {
      writeFileSync(path, readFileSync(path).subarray(0, 8192 + 100));
      rmSync(`${path}.manifest.json`);
    }, 'BAD_FILE', /truncated/],
    ['empty', (path) => writeFileSync(path, ''), 'BAD_FILE', /empty/],
    ['not SQLite', (path) => {
      writeFileSync(path, 'not a database\n'.repeat(1000));
      rmSync(`${path}.manifest.json`);
    }, 'BAD_FILE', /not an SQLite database/],
    ['from a newer app (manifest)', (path) => {
      const manifest = JSON.parse(readFileSync(`${path}.manifest.json`, 'utf8'));
      writeFileSync(`${path}.manifest.json`, JSON.stringify({ ...manifest, manifestVersion: 3 }));
    }, 'NEWER_FORMAT', /newer version/],
    ['of a newer vault format (file)', (path) => {
      const db = new Database(path);
      db.pragma(`user_version = ${FORMAT_VERSION + 1}`);
      db.close();
      rmSync(`${path}.manifest.json`);
    }, 'NEWER_FORMAT', /newer/],
    ['missing', (path) => rmSync(path), 'NOT_FOUND', /cannot be found/],
  ];

  it.each(cases)('%s: a clear error naming the problem, and the file left as it was', async (_name, damage, code, problem) => {
    const path = copyOfBackup();
    damage(path);
    const before = readdirSync(join(path, '..')).map((name) => [name, readFileSync(join(path, '..', name))] as const);
    const error = await verify(path, { passphrase: PASSPHRASE }).then(() => null, (caught: unknown) => caught);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(problem);
    expect((error as Error).message).not.toContain(scratch.dir);
    const after = readdirSync(join(path, '..')).map((name) => [name, readFileSync(join(path, '..', name))] as const);
    expect(after).toEqual(before);
  });
});
