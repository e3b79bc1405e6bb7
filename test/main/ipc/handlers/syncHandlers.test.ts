/*
 * The sync channels over real vault files and a real folder: choosing the
 * folder writes the vault there and names this computer, a second computer
 * joined from it sees the first one's records after an exchange (search
 * included), sync starts at unlock and stops at lock, the lock waits for an
 * exchange under way, and no reply or settings file carries a path beyond the
 * folder's name or anything from the record.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatusView } from '../../../../shared/domain/sync';
import { syncSettingsPath } from '../../../../main/sync/syncSettings';
import { DEFAULT_KDF_PARAMS } from '../../../../main/vault/kdfParams';
import { openVault } from '../../../../main/vault/vault';
import { data, syncComputers } from '../../../helpers/syncComputers';
import type { Pushed } from '../../../helpers/syncComputers';
import { PASSPHRASE, tempDir } from '../../../helpers/tempVault';

const CANARY = 'CANARY-SYNC-UI-CLIENT-7c2e';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const { host, firstComputer, joinedComputer } = syncComputers((cleanup) => void cleanups.push(cleanup));

describe('sync channels', () => {
  it('choosing a folder writes the vault there, names this computer and keeps only the folder and name beside the vault', async () => {
    const first = await firstComputer();
    first.vault.clients.create({ name: CANARY });
    const chosen = data<SyncStatusView>(await first.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' }));
    expect(chosen.folderName).toBe('Dropbox');
    expect(chosen.device.name).toBe('Office desktop');
    expect(chosen.devices).toEqual([expect.objectContaining({ name: 'Office desktop', thisDevice: true, id: chosen.device.id })]);

    const after = data<SyncStatusView>(await first.dispatch('sync.runNow', {}));
    expect(after).toMatchObject({ folderName: 'Dropbox', running: false, lastError: null, pending: 0, conflicts: 0 });
    expect(after.lastExchangeAt).not.toBeNull();
    const vaultFolder = join(first.folder, `therapist-vault-${first.vault.id()}`);
    expect(readdirSync(vaultFolder).sort()).toEqual(['devices', 'keys']);
    expect(readdirSync(join(vaultFolder, 'devices', chosen.device.id)).some((name) => name.endsWith('.tvsb'))).toBe(true);

    const settings = readFileSync(syncSettingsPath(first.vault.path), 'utf8');
    expect(JSON.parse(settings)).toEqual({ folder: first.folder, deviceName: 'Office desktop' });
    expect(settings).not.toContain(CANARY);
    expect(JSON.stringify(after)).not.toContain(first.folder);
    expect(first.pushed.some(({ event }) => event === 'sync.status')).toBe(true);
  });

  it('a cancelled folder dialog changes nothing', async () => {
    const first = await firstComputer();
    first.answer.folder = null;
    const status = data<SyncStatusView>(await first.dispatch('sync.chooseFolder', { deviceName: 'Laptop' }));
    expect(status).toMatchObject({ folderName: null, device: { name: null }, devices: [], lastExchangeAt: null });
  });

  it('refuses a folder that holds another vault, and a device name that is blank', async () => {
    const other = await firstComputer();
    await other.dispatch('sync.chooseFolder', { deviceName: 'Other practice' });
    await other.dispatch('sync.runNow', {});
    const first = await firstComputer();
    first.answer.folder = other.folder;
    const refused = await first.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'SYNC_OTHER_VAULT' } });
    expect(JSON.stringify(refused)).not.toContain(other.folder);
    expect(data<SyncStatusView>(await first.dispatch('sync.status', {})).folderName).toBeNull();
    expect(await first.dispatch('sync.renameDevice', { name: '   ' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('renames this computer, and turning sync off forgets the folder but keeps the devices', async () => {
    const first = await firstComputer();
    await first.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' });
    const renamed = data<SyncStatusView>(await first.dispatch('sync.renameDevice', { name: 'Front office' }));
    expect(renamed.device.name).toBe('Front office');
    const off = data<SyncStatusView>(await first.dispatch('sync.turnOff', {}));
    expect(off.folderName).toBeNull();
    expect(off.devices.map((device) => device.name)).toEqual(['Front office']);
    expect(JSON.parse(readFileSync(syncSettingsPath(first.vault.path), 'utf8'))).toEqual({ folder: null, deviceName: 'Front office' });
    const ran = data<SyncStatusView>(await first.dispatch('sync.runNow', {}));
    expect(ran.lastExchangeAt).toBeNull();
  });

  it('a second computer sees the first one’s records after an exchange: the search index is rebuilt and the window told', async () => {
    const first = await firstComputer();
    await first.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' });
    await first.dispatch('sync.runNow', {});
    const second = await joinedComputer(first.folder, 'Laptop');
    await second.dispatch('sync.runNow', {});

    // Cleared first: the second computer's folder watch may import before its own call below does.
    second.pushed.length = 0;
    first.vault.clients.create({ name: CANARY });
    await first.dispatch('sync.runNow', {});
    const status = data<SyncStatusView>(await second.dispatch('sync.runNow', {}));
    expect(status.lastError).toBeNull();
    expect(status.devices.map((device) => [device.name, device.thisDevice])).toEqual([
      ['Office desktop', false],
      ['Laptop', true],
    ]);
    expect(second.vault.clients.list().map((client) => client.name)).toContain(CANARY);
    expect(second.pushed.find(({ event }) => event === 'sync.imported')?.payload).toEqual({ batches: 1 });
    expect(second.pushed.some(({ event, payload }) => event === 'sync.progress' && (payload as { imported: number }).imported === 1)).toBe(true);
    await second.search.built('progress');
    const found = data<{ results: { kind: string }[] }>(await second.dispatch('search.query', { text: CANARY }));
    expect(found.results.map((result) => result.kind)).toContain('client');
  });

  it('starts at unlock when a folder is set, stops at lock, and the lock waits for the exchange under way', async () => {
    const first = await firstComputer();
    await first.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' });
    await first.dispatch('sync.runNow', {});
    for (let i = 0; i < 30; i += 1) first.vault.clients.create({ name: `Client ${i}` });

    const ended = (pushed: Pushed) =>
      pushed.some(({ event, payload }) => event === 'sync.status' && !(payload as SyncStatusView).running && (payload as SyncStatusView).lastError === null);
    let seenAtLock: Pushed = [];
    first.vault.onStateChange((state) => {
      if (state === 'locked') seenAtLock = [...first.pushed];
    });
    first.pushed.length = 0;
    const exchange = first.dispatch('sync.runNow', {});
    await first.vault.lock('manual');
    await exchange;
    expect(ended(seenAtLock)).toBe(true);
    expect(await first.dispatch('sync.status', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });

    first.pushed.length = 0;
    await first.vault.unlock(PASSPHRASE);
    for (let waited = 0; !ended(first.pushed) && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended(first.pushed)).toBe(true);
    expect(data<SyncStatusView>(await first.dispatch('sync.status', {})).pending).toBe(0);
  });
});

/** A computer with no vault yet, its folder dialog answering with `folder`. */
async function newComputer(folder: string) {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const vault = await openVault(join(dir, 'vault.sqlite'), { kdf: DEFAULT_KDF_PARAMS });
  cleanups.push(() => vault.close());
  return { dir, ...host(vault, { folder }) };
}

async function sharedFolder() {
  const first = await firstComputer();
  first.vault.clients.create({ name: CANARY });
  await first.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' });
  await first.dispatch('sync.runNow', {});
  return first;
}

describe('joining from a sync folder on a computer without a vault', () => {
  it('assembles the vault beside its place, swaps it in whole, opens it and starts syncing', async () => {
    const first = await sharedFolder();
    const laptop = await newComputer(first.folder);
    expect(await laptop.dispatch('vault.join', { passphrase: PASSPHRASE, deviceName: 'Laptop' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(data(await laptop.dispatch('vault.chooseJoinFolder', {}))).toEqual({ chosen: true, folderName: 'Dropbox', holdsVault: true });
    const status = data(await laptop.dispatch('vault.join', { passphrase: PASSPHRASE, deviceName: 'Laptop' }));
    expect(status).toMatchObject({ created: true, state: 'open' });
    expect(laptop.vault.id()).toBe(first.vault.id());
    expect(laptop.vault.clients.list().map((client) => client.name)).toEqual([CANARY]);
    expect(laptop.pushed.some(({ event, payload }) => event === 'sync.progress' && (payload as { joining: boolean }).joining)).toBe(true);
    expect(readdirSync(laptop.dir).filter((name) => name.includes('.joining-'))).toEqual([]);
    expect(JSON.parse(readFileSync(syncSettingsPath(laptop.vault.path), 'utf8'))).toEqual({ folder: first.folder, deviceName: 'Laptop' });

    const synced = data<SyncStatusView>(await laptop.dispatch('sync.runNow', {}));
    expect(synced).toMatchObject({ folderName: 'Dropbox', device: { name: 'Laptop' }, lastError: null });
    expect(await laptop.dispatch('vault.chooseJoinFolder', {})).toMatchObject({ ok: false, error: { code: 'VAULT_EXISTS' } });
    expect(await laptop.dispatch('vault.create', { passphrase: 'another long passphrase' })).toMatchObject({ ok: false, error: { code: 'VAULT_EXISTS' } });
  });

  it('a wrong passphrase leaves no vault and no half-made file, and the right one then joins', async () => {
    const first = await sharedFolder();
    const laptop = await newComputer(first.folder);
    await laptop.dispatch('vault.chooseJoinFolder', {});
    const refused = await laptop.dispatch('vault.join', { passphrase: 'not the passphrase at all', deviceName: 'Laptop' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    expect(JSON.stringify(refused)).not.toContain(first.folder);
    // Beside the vault's place only the join throttle's count (a number and a time), nothing of the vault.
    expect(readdirSync(laptop.dir).filter((name) => name !== 'vault.sqlite' && !name.startsWith('vault.sqlite-'))).toEqual(['sync-join-throttle.json']);
    expect(Object.keys(JSON.parse(readFileSync(join(laptop.dir, 'sync-join-throttle.json'), 'utf8'))).sort()).toEqual(['failures', 'lastFailureMs']);
    expect(data(await laptop.dispatch('vault.status', {}))).toMatchObject({ created: false, state: 'locked' });

    expect(data(await laptop.dispatch('vault.join', { passphrase: PASSPHRASE, deviceName: 'Laptop' }))).toMatchObject({ state: 'open' });
    expect(readdirSync(laptop.dir)).not.toContain('sync-join-throttle.json');
  });

  it('a join cut short after the vault was begun leaves nothing beside the vault’s place', async () => {
    const first = await sharedFolder();
    const laptop = await newComputer(first.folder);
    await laptop.dispatch('vault.chooseJoinFolder', {});
    // The devices folder replaced by a file: the keys open, then writing the new computer's first batch fails.
    const devices = join(first.folder, `therapist-vault-${first.vault.id()}`, 'devices');
    rmSync(devices, { recursive: true });
    writeFileSync(devices, 'not a folder');
    const failed = await laptop.dispatch('vault.join', { passphrase: PASSPHRASE, deviceName: 'Laptop' });
    expect(failed.ok).toBe(false);
    expect(readdirSync(laptop.dir).filter((name) => name !== 'vault.sqlite' && !name.startsWith('vault.sqlite-'))).toEqual([]);
    expect(data(await laptop.dispatch('vault.status', {}))).toMatchObject({ created: false });
  });
});
