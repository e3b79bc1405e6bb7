import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/contract';
import type { IpcResult } from '../../../shared/ipc/result';
import { tempDir } from '../../helpers/tempVault';

/**
 * The app's entry (main/app/main.ts) against a mocked `electron`: everything it
 * wires at startup, then a renderer's calls through the real register step to a
 * real vault in a temporary userData folder, the menu's lock, and quitting.
 */
const fake = vi.hoisted(() => ({
  userData: '',
  order: [] as string[],
  appEvents: new Map<string, ((...args: unknown[]) => void)[]>(),
  quits: 0,
  exits: [] as number[],
  errorBoxes: [] as string[],
  privileged: [] as unknown[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  sessionHardened: [] as string[],
  listeners: new Map<string, (event: unknown, payload?: unknown) => Promise<IpcResult<unknown>>>(),
  windows: [] as {
    options: { webPreferences?: Record<string, unknown> };
    loaded: string[];
    sent: unknown[][];
    reloads: number;
    contentProtection: boolean[];
    webContentsEvents: Map<string, ((...args: unknown[]) => void)[]>;
  }[],
  menu: null as null | { items: Map<string, { enabled: boolean; click: () => void }> },
  power: new Map<string, (() => void)[]>(),
  resolveReady: (() => undefined) as () => void,
  /** What the open dialog answers: a folder when asked for one, else a file; null is "cancelled". */
  folderAnswer: null as string | null,
  fileAnswer: null as string | null,
  notifications: [] as string[],
}));

vi.mock('electron', () => {
  const on = (map: Map<string, ((...args: unknown[]) => void)[]>) => (event: string, listener: (...args: unknown[]) => void) => {
    map.set(event, [...(map.get(event) ?? []), listener]);
  };
  const ready = new Promise<void>((resolve) => {
    fake.resolveReady = resolve;
  });
  class BrowserWindow {
    record: (typeof fake.windows)[number];
    webContents: Record<string, unknown>;
    constructor(options: (typeof fake.windows)[number]['options']) {
      const webContentsEvents = new Map<string, ((...args: unknown[]) => void)[]>();
      this.record = { options, loaded: [], sent: [], reloads: 0, contentProtection: [], webContentsEvents };
      fake.windows.push(this.record);
      const record = this.record;
      this.webContents = {
        on: on(webContentsEvents),
        send: (...args: unknown[]) => record.sent.push(args),
        reload: () => (record.reloads += 1),
        getURL: () => record.loaded.at(-1) ?? '',
      };
    }
    once() {}
    on() {}
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    setContentProtection(enabled: boolean) {
      this.record.contentProtection.push(enabled);
    }
  }
  const recordingSession = new Proxy(
    { webRequest: { onBeforeRequest: () => fake.sessionHardened.push('onBeforeRequest') } },
    {
      get(target, key: string) {
        if (key in target) return target[key as keyof typeof target];
        return () => fake.sessionHardened.push(key);
      },
    },
  );
  return {
    BrowserWindow,
    app: {
      isPackaged: true,
      enableSandbox: () => fake.order.push('enableSandbox'),
      requestSingleInstanceLock: () => true,
      on: on(fake.appEvents),
      quit: () => (fake.quits += 1),
      exit: (code: number) => fake.exits.push(code),
      whenReady: () => ready,
      getPath: (name: string) => (name === 'userData' ? fake.userData : `/nonexistent/${name}`),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        fake.order.push('registerSchemesAsPrivileged');
        fake.privileged.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => fake.protocolHandlers.set(scheme, handler),
    },
    session: { defaultSession: recordingSession },
    dialog: {
      showSaveDialog: async () => ({ canceled: true }),
      showOpenDialog: async (_window: unknown, options: { properties: string[] }) => {
        const answer = options.properties.includes('openDirectory') ? fake.folderAnswer : fake.fileAnswer;
        return answer === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [answer] };
      },
      showErrorBox: (_title: string, message: string) => fake.errorBoxes.push(message),
    },
    Menu: {
      buildFromTemplate: (template: { submenu?: { id?: string; enabled?: boolean; click?: () => void }[] }[]) => {
        const items = new Map<string, { enabled: boolean; click: () => void }>();
        for (const top of template) {
          for (const item of Array.isArray(top.submenu) ? top.submenu : []) {
            if (item.id) items.set(item.id, { enabled: item.enabled ?? true, click: item.click ?? (() => undefined) });
          }
        }
        fake.menu = { items };
        return { getMenuItemById: (id: string) => items.get(id) ?? null };
      },
      setApplicationMenu: () => undefined,
    },
    Notification: class {
      static isSupported() {
        return true;
      }
      body: string;
      constructor(options: { body: string }) {
        this.body = options.body;
      }
      show() {
        fake.notifications.push(this.body);
      }
    },
    powerMonitor: { on: on(fake.power as never) },
    ipcMain: {
      handle: (channel: string, listener: (event: unknown, payload?: unknown) => Promise<IpcResult<unknown>>) =>
        fake.listeners.set(channel, listener),
      removeHandler: (channel: string) => fake.listeners.delete(channel),
    },
  };
});

const APP_PAGE = { senderFrame: { url: 'app://vault/index.html', parent: null } };
const PASSPHRASE = 'a passphrase for the entry test';
const home = tempDir();
fake.userData = home.dir;

await import('../../../main/app/main');

afterAll(async () => {
  await emitApp('before-quit', { preventDefault: () => undefined });
  await vi.waitFor(() => expect(fake.quits).toBeGreaterThan(0));
  home.cleanup();
});

async function emitApp(event: string, ...args: unknown[]): Promise<void> {
  for (const listener of fake.appEvents.get(event) ?? []) listener(...args);
}

function call(channel: string, payload: unknown = {}, event: unknown = APP_PAGE): Promise<IpcResult<unknown>> {
  const listener = fake.listeners.get(channel);
  if (!listener) throw new Error(`no handler for ${channel}`);
  return listener(event, payload);
}

describe('app entry before ready', () => {
  it('registers the app scheme as privileged and enables the sandbox before anything else', () => {
    expect(fake.order).toEqual(['registerSchemesAsPrivileged', 'enableSandbox']);
    expect(fake.privileged).toEqual([expect.objectContaining({ scheme: 'app' })]);
    expect(fake.windows).toEqual([]);
  });
});

describe('app entry once ready', () => {
  it('serves the renderer, hardens the session and opens one window on the app page', async () => {
    fake.resolveReady();
    await vi.waitFor(() => expect(fake.listeners.size).toBeGreaterThan(0));
    expect(fake.errorBoxes).toEqual([]);
    expect(fake.exits).toEqual([]);
    expect([...fake.protocolHandlers.keys()]).toEqual(['app']);
    expect(fake.sessionHardened).toEqual(
      expect.arrayContaining([
        'setPermissionRequestHandler',
        'setPermissionCheckHandler',
        'setDevicePermissionHandler',
        'onBeforeRequest',
        'setSpellCheckerEnabled',
      ]),
    );
    expect(fake.appEvents.get('web-contents-created')).toHaveLength(1);
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0]?.loaded).toEqual(['app://vault/index.html']);
    expect(fake.windows[0]?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, devTools: false });
    expect(String(fake.windows[0]?.options.webPreferences?.preload)).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('registers every contract channel', () => {
    expect([...fake.listeners.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('creates the vault in userData through the bridge and tells the window', async () => {
    expect(await call('vault.status')).toMatchObject({ ok: true, data: { created: false, state: 'locked' } });
    const created = await call('vault.create', { passphrase: PASSPHRASE });
    expect(created).toMatchObject({ ok: true, data: { recoveryKey: expect.any(String) } });
    expect(fake.windows[0]?.sent).toContainEqual(['vault.state', { state: 'open', reason: 'unlocked' }]);
    expect(existsSync(`${home.dir}/vault.sqlite`)).toBe(true);
  }, 60_000);

  it('refuses a call from any other page', async () => {
    const reply = await call('clients.list', { includeArchived: true }, { senderFrame: { url: 'https://evil.example/', parent: null } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('applies screen-capture protection when the setting is saved', async () => {
    const settings = await call('settings.get');
    expect(settings.ok).toBe(true);
    const saved = await call('settings.update', { settings: { ...(settings.ok ? (settings.data as object) : {}), contentProtection: true } });
    expect(saved.ok).toBe(true);
    expect(fake.windows[0]?.contentProtection.at(-1)).toBe(true);
  });

  it('hands the Notes and Help entries to the window as commands while the vault is open', () => {
    const find = fake.menu?.items.get('go-quick-switcher');
    expect(find?.enabled).toBe(true);
    find?.click();
    fake.menu?.items.get('help-shortcuts')?.click();
    expect(fake.windows[0]?.sent).toContainEqual(['app.command', { command: 'quickSwitcher' }]);
    expect(fake.windows[0]?.sent).toContainEqual(['app.command', { command: 'shortcuts' }]);
  });

  it('locks from the menu: the window is told, reloaded, and the menu greys out Lock', async () => {
    const lock = fake.menu?.items.get('vault-lock');
    expect(lock?.enabled).toBe(true);
    lock?.click();
    await vi.waitFor(() => expect(fake.windows[0]?.reloads).toBe(1));
    expect(fake.windows[0]?.sent).toContainEqual(['vault.state', { state: 'locked', reason: 'manual' }]);
    expect(lock?.enabled).toBe(false);
    expect(fake.menu?.items.get('notes-new-session')?.enabled).toBe(false);
    expect(await call('clients.list', { includeArchived: true })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });

  it('unlocks again and reapplies the stored protection setting', async () => {
    fake.windows[0]!.contentProtection.length = 0;
    expect(await call('vault.unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true, data: { state: 'open' } });
    expect(fake.windows[0]?.contentProtection).toEqual([true]);
  }, 60_000);

  it('locks when the OS screen locks', async () => {
    for (const listener of fake.power.get('lock-screen') ?? []) listener();
    await vi.waitFor(() => expect(fake.windows[0]?.reloads).toBe(2));
    expect(await call('vault.status')).toMatchObject({ ok: true, data: { state: 'locked' } });
  });

  it('backs up into the chosen folder before a lock, and says nothing when that worked', async () => {
    expect(await call('vault.unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true });
    fake.folderAnswer = join(home.dir, 'Backups');
    mkdirSync(fake.folderAnswer);
    expect(await call('backup.chooseFolder')).toMatchObject({ ok: true, data: { folderName: 'Backups', automatic: true } });
    fake.menu?.items.get('vault-lock')?.click();
    await vi.waitFor(() => expect(fake.windows[0]?.reloads).toBe(3));
    expect(readdirSync(fake.folderAnswer).filter((name) => name.endsWith('.tvbackup'))).toHaveLength(1);
    expect(fake.notifications).toEqual([]);
  }, 60_000);

  it('tells the therapist in a notification when the automatic backup fails, and still locks', async () => {
    expect(await call('vault.unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true });
    fake.folderAnswer = join(home.dir, 'Unplugged drive');
    mkdirSync(fake.folderAnswer);
    expect(await call('backup.chooseFolder')).toMatchObject({ ok: true, data: { folderName: 'Unplugged drive' } });
    const { rmSync } = await import('node:fs');
    rmSync(fake.folderAnswer, { recursive: true });
    fake.menu?.items.get('vault-lock')?.click();
    await vi.waitFor(() => expect(fake.windows[0]?.reloads).toBe(4));
    expect(fake.notifications).toHaveLength(1);
    expect(fake.notifications[0]).toMatch(/^The automatic backup could not be made\. .*The vault locked as usual/);
    expect(fake.notifications[0]).not.toContain(home.dir);
    expect(await call('vault.status')).toMatchObject({ ok: true, data: { state: 'locked' } });
  }, 60_000);

  it('restores a backup without reloading the window, which hears the lock and then the open vault', async () => {
    expect(await call('vault.unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true });
    fake.folderAnswer = join(home.dir, 'Backups');
    const created = await call('backup.create');
    expect(created).toMatchObject({ ok: true, data: { saved: true } });
    expect(await call('clients.create', { client: { name: 'Written after the backup' } })).toMatchObject({ ok: true });
    const { fileName } = (created as { data: { backup: { fileName: string } } }).data.backup;
    fake.fileAnswer = join(fake.folderAnswer, fileName);
    const reloads = fake.windows[0]?.reloads;
    const sentBefore = fake.windows[0]?.sent.length ?? 0;

    expect(await call('backup.restore', { passphrase: PASSPHRASE })).toMatchObject({ ok: true, data: { restored: true, state: 'open' } });
    expect(fake.windows[0]?.reloads).toBe(reloads);
    const states = fake.windows[0]?.sent.slice(sentBefore).filter(([event]) => event === 'vault.state');
    expect(states).toEqual([
      ['vault.state', { state: 'locked', reason: 'restore' }],
      ['vault.state', { state: 'open', reason: 'unlocked' }],
    ]);
    const progress = fake.windows[0]?.sent.slice(sentBefore).filter(([event]) => event === 'backup.progress');
    expect(progress).toContainEqual(['backup.progress', expect.objectContaining({ operation: 'restore', stage: 'swap' })]);
    expect(await call('clients.list', { includeArchived: true })).toMatchObject({ ok: true, data: [] });
    expect(readdirSync(home.dir).some((name) => name.startsWith('vault.sqlite.replaced-'))).toBe(true);
  }, 60_000);
});
