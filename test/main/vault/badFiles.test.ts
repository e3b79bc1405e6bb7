import Database from 'better-sqlite3';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../shared/errors';
import { openVault } from '../../../main/vault/vault';
import { createdVault, PASSPHRASE, tempDir } from '../../helpers/tempVault';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** The bytes of a closed vault with a little content, and a fresh folder to break copies of it in. */
async function closedVaultBytes(): Promise<Buffer> {
  const made = await createdVault();
  cleanups.push(made.dispose);
  made.vault.clients.create({ name: 'Someone' });
  await made.vault.close();
  return readFileSync(made.path);
}

function folder(): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return dir;
}

/** Opening the file fails with `code` and a message matching `problem`; the file and its folder are exactly as before. */
async function expectRefused(bytes: Buffer, code: ErrorCode, problem: RegExp): Promise<void> {
  const dir = folder();
  const path = join(dir, 'vault.sqlite');
  writeFileSync(path, bytes, { mode: 0o600 });
  const error = await openVault(path).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toMatchObject({ code });
  const message = (error as Error).message;
  expect(message).toMatch(problem);
  expect(message).not.toContain(dir);
  expect(readFileSync(path).equals(bytes)).toBe(true);
  expect(readdirSync(dir)).toEqual(['vault.sqlite']);
}

describe('opening a vault file that is not a whole vault', () => {
  it('treats a missing file as no vault yet, and creates it', async () => {
    const path = join(folder(), 'vault.sqlite');
    const vault = await openVault(path);
    expect(vault.isCreated()).toBe(false);
    await vault.close();
  });

  it('refuses a zero-length file instead of building a new vault over it', async () => {
    await expectRefused(Buffer.alloc(0), 'BAD_FILE', /empty/);
  });

  it('refuses a file that is not SQLite at all', async () => {
    await expectRefused(Buffer.from('Dear diary, this is not a database.\n'.repeat(300)), 'BAD_FILE', /not an SQLite database/);
  });

  it('refuses a vault cut short at a page boundary', async () => {
    const bytes = await closedVaultBytes();
    await expectRefused(bytes.subarray(0, 4096 * 3), 'BAD_FILE', /damaged or truncated/);
  });

  it('refuses a vault cut short inside its last page', async () => {
    const bytes = await closedVaultBytes();
    await expectRefused(bytes.subarray(0, bytes.length - 100), 'BAD_FILE', /truncated/);
  });

  it('refuses a file cut inside its header', async () => {
    const bytes = await closedVaultBytes();
    await expectRefused(bytes.subarray(0, 60), 'BAD_FILE', /damaged or truncated|not an SQLite database/);
  });

  it('refuses an SQLite database that is not a vault', async () => {
    const dir = folder();
    const other = join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');");
    db.close();
    await expectRefused(readFileSync(other), 'BAD_FILE', /not a vault/);
  });

  it('refuses a vault from a newer version of the app', async () => {
    const made = await createdVault();
    cleanups.push(made.dispose);
    await made.vault.close();
    const db = new Database(made.path);
    db.pragma('user_version = 99');
    db.close();
    await expectRefused(readFileSync(made.path), 'NEWER_FORMAT', /newer/);
  });

  it('still opens a sound vault after all that: the checks do not refuse good files', async () => {
    const bytes = await closedVaultBytes();
    const path = join(folder(), 'vault.sqlite');
    writeFileSync(path, bytes, { mode: 0o600 });
    const vault = await openVault(path);
    await vault.unlock(PASSPHRASE);
    expect(vault.clients.list().map((client) => client.name)).toEqual(['Someone']);
    await vault.close();
  });
});
