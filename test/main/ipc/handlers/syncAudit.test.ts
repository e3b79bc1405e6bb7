/*
 * The audit channel once sync knows two computers: two real vaults exchanging
 * through a real folder, the second joined from it. The first computer's
 * audit log then holds the other's entries too, newest first, each naming its
 * computer and how it links in that computer's chain, the same filters
 * applied; alone, a computer's log stays its own chain. Nothing from the
 * record is in a reply.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditLogView } from '../../../../shared/domain/auditLog';
import { data, syncComputers } from '../../../helpers/syncComputers';

const CANARY = 'CANARY-AUDIT-VIEW-CLIENT-41d9';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const { firstComputer, joinedComputer } = syncComputers((cleanup) => void cleanups.push(cleanup));

async function twoComputers() {
  const first = await firstComputer();
  const office = first.dispatch;
  await office('sync.chooseFolder', { deviceName: 'Office desktop' });
  const alone = data<AuditLogView>(await office('audit.log', {}));
  await office('sync.runNow', {});
  const second = await joinedComputer(first.folder, 'Laptop');
  return { office, officeVault: first.vault, laptop: second.dispatch, laptopVault: second.vault, alone };
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
