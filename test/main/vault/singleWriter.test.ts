import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackup } from '../../../main/backup/backup';
import { verifyBackup } from '../../../main/backup/verify';
import { openVault } from '../../../main/vault/vault';
import { createdVault, PASSPHRASE, tempDir } from '../../helpers/tempVault';

/**
 * One writer per vault file, across processes: the vault connection holds
 * SQLite's EXCLUSIVE lock (see main/vault/vaultFile.ts). These tests use real
 * second processes, not a second connection in the same one.
 */
const PROBE = resolve(import.meta.dirname, '../../fixtures/vaultProbe.ts');
const run = promisify(execFile);

async function probe(mode: 'open' | 'read', path: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', PROBE, mode, path]);
  return JSON.parse(stdout.trim());
}

function holdInChild(path: string): Promise<ChildProcess> {
  return new Promise((resolveHold, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', PROBE, 'hold', path], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('holding')) resolveHold(child);
      else reject(new Error(`the holder could not open the vault: ${chunk.toString()}`));
    });
    child.on('error', reject);
  });
}

const exited = (child: ChildProcess) => new Promise((done) => child.once('close', done));

let disposers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const dispose of disposers.reverse()) await dispose();
  disposers = [];
});

async function fresh() {
  const made = await createdVault();
  disposers.push(made.dispose);
  return made;
}

describe('a vault open in this app', () => {
  it('refuses another process, as the vault service and as a plain SQLite reader, until the app closes it', async () => {
    const { vault, path } = await fresh();
    expect(await probe('open', path)).toEqual({ code: 'VAULT_IN_USE' });
    expect(await probe('read', path)).toEqual({ code: 'SQLITE_BUSY' });
    vault.clients.create({ name: 'Still writable here' });
    await vault.close();
    expect(await probe('open', path)).toEqual({ opened: true });
  });

  it('refuses a second opening in the same process without loosening its own lock', async () => {
    const { vault, path } = await fresh();
    await expect(openVault(path)).rejects.toMatchObject({
      code: 'VAULT_IN_USE',
      message: expect.stringContaining('open elsewhere'),
    });
    // The refused attempt must not have dropped the OS lock: another process is still kept out.
    expect(await probe('open', path)).toEqual({ code: 'VAULT_IN_USE' });
    expect(vault.clients.create({ name: 'After the refusal' }).name).toBe('After the refusal');
  });

  it('backs up and verifies while holding the lock', async () => {
    const { vault, path } = await fresh();
    const { dir, cleanup } = tempDir();
    disposers.push(cleanup);
    vault.clients.create({ name: 'In the backup' });
    const backup = await createBackup({ vault, folder: dir, kind: 'manual', clock: { now: () => Date.now() } });
    const { report } = await verifyBackup(backup.path, { passphrase: PASSPHRASE, liveVaultPath: path });
    expect(report.ok).toBe(true);
    expect(await probe('open', path)).toEqual({ code: 'VAULT_IN_USE' });
  });
});

describe('a vault held by another process', () => {
  it('is refused here with VAULT_IN_USE; a holder killed with SIGKILL leaves no stale lock', async () => {
    const { vault, path } = await fresh();
    await vault.close();
    const holder = await holdInChild(path);
    try {
      await expect(openVault(path)).rejects.toMatchObject({ code: 'VAULT_IN_USE' });
    } finally {
      holder.kill('SIGKILL');
      await exited(holder);
    }
    const reopened = await openVault(path);
    await reopened.unlock(PASSPHRASE);
    expect(reopened.state()).toBe('open');
    await reopened.close();
  });
});
