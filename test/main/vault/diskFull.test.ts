import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../../main/ipc/dispatch';
import { openDatabase } from '../../../main/vault/db';
import { openVault } from '../../../main/vault/vault';
import type { Vault } from '../../../main/vault/vaultApi';
import { testServices } from '../../helpers/ipcServices';
import { PASSPHRASE, tempDir } from '../../helpers/tempVault';
import { fastDerive } from '../ipc/fastDerive';

/** Every connection opened, so a test can stop the vault's own file from growing as a full disk would. */
const connections = vi.hoisted(() => [] as Database.Database[]);
vi.mock('better-sqlite3', async (importOriginal) => {
  const Actual = (await importOriginal<{ default: typeof Database }>()).default;
  class Tracked extends Actual {
    constructor(...args: ConstructorParameters<typeof Database>) {
      super(...args);
      connections.push(this);
    }
  }
  return { default: Tracked };
});

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function newVault(): Promise<{ vault: Vault; path: string; db: Database.Database }> {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const path = join(dir, 'vault.sqlite');
  const vault = await openVault(path, { derive: fastDerive, kdf: { algorithm: 'argon2id13', opsLimit: 3, memLimit: 64 * 1048576 } });
  cleanups.push(() => vault.close().catch(() => undefined));
  await vault.create({ passphrase: PASSPHRASE });
  const db = connections.filter((connection) => connection.name === path && connection.open).at(-1)!;
  return { vault, path, db };
}

/** What a full disk does to SQLite: the file cannot take one more page, so a write that needs one fails with SQLITE_FULL. */
function fillDisk(vault: Vault, db: Database.Database): void {
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const untilFull = (write: () => void) => {
    for (let i = 0; i < 100_000; i += 1) {
      try {
        write();
      } catch {
        return;
      }
    }
    throw new Error('the disk never filled');
  };
  // The smallest audit entry there is, so every entry the vault writes later is too big for what is left.
  untilFull(() => vault.audit.record('vault.locked'));
  untilFull(() => vault.clients.create({ name: 'x' }));
}

describe('opening a vault', () => {
  it('writes nothing to a file already at the current format', async () => {
    const { vault, path } = await newVault();
    await vault.close();
    const db = openDatabase(path);
    try {
      expect(statSync(`${path}-wal`).size).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('a full disk', () => {
  it('still unlocks, reads everything, refuses writes with DISK_FULL, and writes the waiting audit entries once there is room', async () => {
    const { vault, db } = await newVault();
    const kept = vault.clients.create({ name: 'Written before the disk filled' });
    fillDisk(vault, db);
    const clientsBefore = vault.clients.list({ includeArchived: true }).length;

    await vault.lock();
    expect(vault.state()).toBe('locked');
    await vault.unlock(PASSPHRASE);
    expect(vault.state()).toBe('open');
    expect(vault.clients.get(kept.id).name).toBe('Written before the disk filled');
    expect(vault.clients.list({ includeArchived: true })).toHaveLength(clientsBefore);

    let refused: unknown;
    try {
      vault.clients.create({ name: 'One too many' });
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/disk is full/i) });
    const dispatch = createDispatcher(testServices(vault));
    expect(await dispatch('clients.create', { client: { name: 'Through the bridge' } })).toMatchObject({
      ok: false,
      error: { code: 'DISK_FULL', message: expect.stringMatching(/disk is full/i) },
    });

    // Space comes back: the next write succeeds and the entries that waited go into the chain first.
    db.pragma('max_page_count = 1073741823');
    vault.clients.create({ name: 'After space came back' });
    const events = vault.audit.list().map((entry) => [entry.event, entry.detail?.reason ?? entry.detail?.failedAttempts ?? null]);
    expect(events.slice(-2)).toEqual([
      ['vault.locked', 'manual'],
      ['vault.unlocked', 0],
    ]);
    expect(vault.clients.list({ includeArchived: true })).toHaveLength(clientsBefore + 1);
  });
});
