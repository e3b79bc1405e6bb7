import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../../main/ipc/dispatch';
import { openDatabase } from '../../../main/vault/db';
import { openVault } from '../../../main/vault/vault';
import type { VaultOptions } from '../../../main/vault/vault';
import type { Vault } from '../../../main/vault/vaultApi';
import { delayAfter, FREE_ATTEMPTS } from '../../../main/vault/throttle';
import { FakeTime } from './fakeTime';
import { testServices } from '../../helpers/ipcServices';
import { PASSPHRASE, tempDir } from '../../helpers/tempVault';
import { fastDerive } from '../ipc/fastDerive';

/** Every connection opened, so a test can stop the vault's own file from growing as a full disk would. */
const connections = vi.hoisted(() => [] as Database.Database[]);
/**
 * A disk with no room for even the write-ahead log: while `full`, every
 * INSERT, UPDATE and DELETE fails as SQLite fails then, with SQLITE_FULL.
 */
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('better-sqlite3', async (importOriginal) => {
  const Actual = (await importOriginal<{ default: typeof Database }>()).default;
  class Tracked extends Actual {
    constructor(...args: ConstructorParameters<typeof Database>) {
      super(...args);
      connections.push(this);
      const prepare = this.prepare.bind(this);
      this.prepare = ((source: string) => {
        const statement = prepare(source);
        if (!/^\s*(INSERT|UPDATE|DELETE)\b/i.test(source)) return statement;
        const run = statement.run.bind(statement);
        return Object.assign(statement, {
          run: (...params: unknown[]) => {
            if (disk.full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
            return run(...params);
          },
        });
      }) as typeof this.prepare;
    }
  }
  return { default: Tracked };
});

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  disk.full = false;
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const KDF = { algorithm: 'argon2id13', opsLimit: 3, memLimit: 64 * 1048576 } as const;

async function newVault(options: VaultOptions = {}): Promise<{ vault: Vault; path: string; db: Database.Database }> {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const path = join(dir, 'vault.sqlite');
  const vault = await openVault(path, { derive: fastDerive, kdf: KDF, ...options });
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

describe('a wrong passphrase on a disk that takes no write at all', () => {
  const WRONG = 'not the passphrase at all';
  const failuresInFile = (db: Database.Database) => db.prepare("SELECT failures FROM unlock_throttle WHERE scope = 'progress'").pluck().get() ?? 0;

  it('answers WRONG_PASSPHRASE, still counts toward the throttle, and the count reaches the file once there is room', async () => {
    const time = new FakeTime();
    const { vault, path, db } = await newVault({ clock: time, timers: time });
    await vault.lock();
    disk.full = true;

    const dispatch = createDispatcher(testServices(vault));
    for (let attempt = 1; attempt <= FREE_ATTEMPTS; attempt += 1) {
      expect(await dispatch('vault.unlock', { passphrase: WRONG })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    }
    // The attempts counted although none could be written: the next one waits, the right passphrase too.
    await expect(vault.unlock(WRONG)).rejects.toMatchObject({ code: 'THROTTLED' });
    await expect(vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'THROTTLED' });
    expect(failuresInFile(db)).toBe(0);

    // Room again: the next attempt writes the count held in memory, plus its own.
    disk.full = false;
    time.advance(delayAfter(FREE_ATTEMPTS));
    await expect(vault.unlock(WRONG)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(failuresInFile(db)).toBe(FREE_ATTEMPTS + 1);
    await vault.close();

    // A restart does not wipe the slate either.
    const reopened = await openVault(path, { derive: fastDerive, kdf: KDF, clock: time, timers: time });
    cleanups.push(() => reopened.close().catch(() => undefined));
    await expect(reopened.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'THROTTLED' });
  });

  it('unlocks with the right passphrase and reports the failures before it, clearing the count once it can', async () => {
    const time = new FakeTime();
    const { vault, path, db } = await newVault({ clock: time, timers: time });
    await vault.lock();
    disk.full = true;
    await expect(vault.unlock(WRONG)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await vault.unlock(PASSPHRASE);
    expect(vault.state()).toBe('open');
    await vault.lock();
    // The success cleared the count in memory: three more wrong attempts are free again.
    for (let attempt = 1; attempt <= FREE_ATTEMPTS; attempt += 1) await expect(vault.unlock(WRONG)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    disk.full = false;
    time.advance(delayAfter(FREE_ATTEMPTS));
    await vault.unlock(PASSPHRASE);
    expect(failuresInFile(db)).toBe(0);
    const unlocks = vault.audit.list().filter((entry) => entry.event === 'vault.unlocked');
    expect(unlocks.map((entry) => entry.detail?.failedAttempts)).toEqual([1, FREE_ATTEMPTS]);
  });
});
