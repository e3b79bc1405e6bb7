/*
 * The audit channel once sync knows two computers: two real vaults exchanging
 * through a real folder, the second joined from it. The first computer's
 * audit log then holds the other's entries too, newest first, each naming its
 * computer and how it links in that computer's chain, the same filters
 * applied; alone, a computer's log stays its own chain. Nothing from the
 * record is in a reply.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditLogView } from '../../../../shared/domain/auditLog';
import type { EventName } from '../../../../shared/ipc/events';
import type { IpcResult } from '../../../../shared/ipc/result';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import { createSyncControl } from '../../../../main/ipc/syncControl';
import { createVaultSearch } from '../../../../main/search/vaultSearch';
import { joinFromFolder } from '../../../../main/sync/join';
import { DEFAULT_KDF_PARAMS } from '../../../../main/vault/kdfParams';
import type { Vault } from '../../../../main/vault/vaultApi';
import { testServices } from '../../../helpers/ipcServices';
import { createdVault, PASSPHRASE, tempDir } from '../../../helpers/tempVault';

const CANARY = 'CANARY-AUDIT-VIEW-CLIENT-41d9';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

function host(vault: Vault, folder: string) {
  const push = (_event: EventName) => undefined;
  const search = createVaultSearch(vault);
  const sync = createSyncControl({ vault, search, push, settleMs: 20 });
  cleanups.push(() => {
    sync.dispose();
    search.stop();
  });
  return createDispatcher(testServices(vault, { search, push, sync, dialogs: { chooseSavePath: async () => null, chooseFolder: async () => folder } }));
}

function data<T>(reply: IpcResult<unknown>): T {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.data as T;
}

async function twoComputers() {
  const made = await createdVault();
  cleanups.push(made.dispose);
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const folder = join(dir, 'Dropbox');
  mkdirSync(folder);
  const office = host(made.vault, folder);
  await office('sync.chooseFolder', { deviceName: 'Office desktop' });
  const alone = data<AuditLogView>(await office('audit.log', {}));
  await office('sync.runNow', {});
  const laptopDir = tempDir();
  cleanups.push(laptopDir.cleanup);
  const laptopVault = await joinFromFolder({
    chosenFolder: folder,
    passphrase: PASSPHRASE,
    path: join(laptopDir.dir, 'vault.sqlite'),
    deviceName: 'Laptop',
    vaultOptions: { kdf: DEFAULT_KDF_PARAMS },
  });
  cleanups.push(() => laptopVault.close());
  const laptop = host(laptopVault, folder);
  await laptop('sync.chooseFolder', { deviceName: 'Laptop' });
  return { office, officeVault: made.vault, laptop, laptopVault, alone };
}

describe('the audit log over IPC with two computers', () => {
  it('shows the other computer’s entries merged newest first, each with its computer’s name and link, ids only', async () => {
    const { office, officeVault, laptop, laptopVault, alone } = await twoComputers();
    expect(alone.merged).toBe(false);
    expect(alone.entries.every((entry) => entry.computer === undefined)).toBe(true);

    const client = officeVault.clients.create({ name: CANARY });
    await office('sync.runNow', {});
    await laptop('sync.runNow', {});
    laptopVault.audit.record('export.created', { clientId: client.id, pageCount: 3 });
    await laptop('sync.runNow', {});
    await office('sync.runNow', {});

    const log = data<AuditLogView>(await office('audit.log', {}));
    expect(log.merged).toBe(true);
    expect(log.unreadable).toBe(0);
    expect(log.verification).toMatchObject({ intact: true });
    const exported = log.entries.find((entry) => entry.event === 'export.created');
    expect(exported?.computer).toMatchObject({ name: 'Laptop', thisComputer: false, link: 'verified' });
    expect(exported?.verified).toBe(true);
    expect(new Set(log.entries.map((entry) => entry.computer?.name))).toEqual(new Set(['Office desktop', 'Laptop']));
    expect(log.entries.filter((entry) => entry.computer?.thisComputer).every((entry) => entry.computer?.name === 'Office desktop')).toBe(true);
    const times = log.entries.map((entry) => entry.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(JSON.stringify(log)).not.toContain(CANARY);

    const forClient = data<AuditLogView>(await office('audit.log', { clientId: client.id }));
    expect(forClient.entries.map((entry) => [entry.computer?.name, entry.event])).toEqual([['Laptop', 'export.created']]);
    const backups = data<AuditLogView>(await office('audit.log', { events: ['backup.created'] }));
    expect(backups).toMatchObject({ merged: true, entries: [] });
  });
});
