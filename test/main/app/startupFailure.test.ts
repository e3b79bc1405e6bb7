import Database from 'better-sqlite3';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SET_ASIDE_BUTTON, setVaultAside, startupFailure } from '../../../main/app/startupFailure';
import { openVault } from '../../../main/vault/vault';
import { VaultError } from '../../../shared/errors';
import { tempDir } from '../../helpers/tempVault';

/**
 * What the app does when the vault file will not open at start: a native
 * dialog that names the problem without a path, and, for a damaged file, the
 * choice to set it aside and start over (to restore a backup). The entry
 * (main/app/main.ts) runs against a mocked `electron`, once per case.
 */
const fake = vi.hoisted(() => ({
  userData: '',
  exits: [] as number[],
  relaunches: 0,
  messageBoxes: [] as { message: string; detail: string; buttons: string[] }[],
  errorBoxes: [] as string[],
  response: 0,
}));

vi.mock('electron', () => {
  const session = new Proxy(
    { webRequest: { onBeforeRequest: () => undefined } },
    {
      get(target, key: string) {
        return key in target ? target[key as keyof typeof target] : () => undefined;
      },
    },
  );
  return {
    app: {
      isPackaged: true,
      enableSandbox: () => undefined,
      requestSingleInstanceLock: () => true,
      on: () => undefined,
      whenReady: () => Promise.resolve(),
      getPath: (name: string) => (name === 'userData' ? fake.userData : `/nonexistent/${name}`),
      exit: (code: number) => fake.exits.push(code),
      relaunch: () => (fake.relaunches += 1),
      quit: () => undefined,
    },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    session: { defaultSession: session },
    dialog: {
      showMessageBox: async (options: { message: string; detail: string; buttons: string[] }) => {
        fake.messageBoxes.push(options);
        return { response: fake.response };
      },
      showErrorBox: (_title: string, message: string) => fake.errorBoxes.push(message),
    },
    BrowserWindow: class {},
    Menu: {},
    Notification: class {},
    powerMonitor: {},
    ipcMain: {},
  };
});

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

/** Starts the app entry afresh on `userData` and waits until it exits. */
async function startApp(userData: string, response = 0) {
  Object.assign(fake, { userData, exits: [], relaunches: 0, messageBoxes: [], errorBoxes: [], response });
  vi.resetModules();
  await import('../../../main/app/main');
  await vi.waitFor(() => expect(fake.exits.length).toBeGreaterThan(0), { timeout: 10_000 });
  const [box] = fake.messageBoxes;
  return { box, exit: fake.exits[0] };
}

function home() {
  const made = tempDir();
  cleanups.push(made.cleanup);
  return made.dir;
}

describe('starting with a vault file that will not open', () => {
  it('names a damaged file and, when asked, sets it aside (kept, renamed) and restarts to offer a restore', async () => {
    const dir = home();
    writeFileSync(join(dir, 'vault.sqlite'), 'this is not a database '.repeat(300));
    const { box, exit } = await startApp(dir, SET_ASIDE_BUTTON);
    expect(box?.message).toBe('The vault file is not a vault (it is not an SQLite database); nothing was changed.');
    expect(box?.buttons).toEqual(['Quit', 'Set it aside and restore a backup']);
    expect(`${box?.message} ${box?.detail}`).not.toContain(dir);
    expect(exit).toBe(0);
    expect(fake.relaunches).toBe(1);
    const files = readdirSync(dir);
    expect(files).not.toContain('vault.sqlite');
    const aside = files.find((name) => /^vault\.sqlite\.damaged-\d{4}-\d\d-\d\dT/.test(name));
    expect(readFileSync(join(dir, aside ?? '?'), 'utf8')).toContain('this is not a database');
  });

  it('leaves a damaged file exactly where it is when the therapist quits', async () => {
    const dir = home();
    writeFileSync(join(dir, 'vault.sqlite'), '');
    const { box, exit } = await startApp(dir, 0);
    expect(box?.message).toBe('The vault file is empty (0 bytes); it may have been truncated; nothing was changed.');
    expect(exit).toBe(1);
    expect(fake.relaunches).toBe(0);
    expect(readdirSync(dir)).toEqual(['vault.sqlite']);
  });

  it('says a vault from a newer app needs that app, and only offers to quit', async () => {
    const dir = home();
    const db = new Database(join(dir, 'vault.sqlite'));
    db.pragma('user_version = 99');
    db.exec('CREATE TABLE vault_meta (x); CREATE TABLE key_slots (x)');
    db.close();
    const { box, exit } = await startApp(dir);
    expect(box?.message).toBe('The vault was saved by a newer version of Therapist Vault.');
    expect(box?.buttons).toEqual(['Quit']);
    expect(exit).toBe(1);
  });

  it('says the vault is open elsewhere when another connection holds the file', async () => {
    const dir = home();
    const holder = await openVault(join(dir, 'vault.sqlite'));
    cleanups.push(() => holder.close());
    await holder.create({ passphrase: 'a passphrase for the holder' });
    const { box, exit } = await startApp(dir);
    expect(box?.message).toBe('The vault is open elsewhere.');
    expect(box?.detail).toMatch(/Close it there, then start Therapist Vault again\. Nothing was changed\.$/);
    expect(exit).toBe(1);
  }, 30_000);
});

describe('startup failure texts', () => {
  it('never echoes what an unexpected error carried', () => {
    const failure = startupFailure(new Error('/Users/someone/Library/secret.sqlite'));
    expect(`${failure.message} ${failure.detail}`).not.toContain('secret');
    expect(failure.canSetAside).toBe(false);
    expect(startupFailure(new VaultError('INTERNAL', 'x')).buttons).toEqual(['Quit']);
  });

  it('names a full disk as such instead of "could not be opened"', () => {
    const failure = startupFailure(new VaultError('DISK_FULL', 'The disk is full'));
    expect(failure.message).toBe('The disk is full.');
    expect(failure.detail).toMatch(/Free some space/);
    expect(failure.canSetAside).toBe(false);
  });

  it('sets a vault and its journal aside together, deleting nothing', () => {
    const dir = home();
    const path = join(dir, 'vault.sqlite');
    writeFileSync(path, 'main');
    writeFileSync(`${path}-wal`, 'wal');
    const aside = setVaultAside(path, Date.parse('2026-05-01T09:30:00Z'));
    expect(aside).toBe(`${path}.damaged-2026-05-01T09-30-00-000Z`);
    expect(readdirSync(dir).sort()).toEqual(['vault.sqlite.damaged-2026-05-01T09-30-00-000Z', 'vault.sqlite.damaged-2026-05-01T09-30-00-000Z-wal']);
  });
});
