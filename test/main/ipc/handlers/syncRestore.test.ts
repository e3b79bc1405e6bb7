/*
 * Restoring a backup while sync is on, over the real channels, two real
 * vaults and a real folder: the vault being replaced first sends what it has
 * not sent, the restored one takes a new device id and reads this computer's
 * former device folder back, so saves made after the backup return; with the
 * folder gone the restore is refused and changes nothing; with sync turned
 * off it restores as it always did.
 */
import { existsSync, mkdtempSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditLogView } from '../../../../shared/domain/auditLog';
import type { SyncStatusView } from '../../../../shared/domain/sync';
import { createBackup } from '../../../../main/backup/backup';
import { systemClock } from '../../../../main/vault/context';
import type { Cleanup } from '../../../helpers/syncComputers';
import { data, syncComputers } from '../../../helpers/syncComputers';
import { PASSPHRASE } from '../../../helpers/tempVault';

let cleanups: Cleanup[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

// The timer out of reach: every exchange here is one the test asks for.
const { firstComputer, joinedComputer } = syncComputers((cleanup) => void cleanups.push(cleanup), { intervalMs: 3_600_000 });

const names = (computer: { vault: { clients: { list(): { name: string }[] } } }) => computer.vault.clients.list().map((client) => client.name).sort();

/**
 * The office computer holding client A, syncing (with a laptop when asked),
 * and a backup of it made then. Without a laptop no exchange starts unless
 * the test asks, so a folder moved away stays away.
 */
async function officeWithBackup(withLaptop: boolean) {
  const office = await firstComputer();
  office.vault.clients.create({ name: 'A saved before the backup' });
  await office.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' });
  await office.dispatch('sync.runNow', {});
  const laptop = withLaptop ? await joinedComputer(office.folder, 'Laptop') : null;
  const backups = mkdtempSync(join(office.dir, 'backups-'));
  const backup = await createBackup({ vault: office.vault, folder: backups, kind: 'manual', clock: systemClock });
  office.answer.file = join(backups, backup.fileName);
  const status = async () => data<SyncStatusView>(await office.dispatch('sync.status', {}));
  const batchesOf = (device: string) => readdirSync(join(office.folder, `therapist-vault-${office.vault.id()}`, 'devices', device)).filter((name) => name.endsWith('.tvsb'));
  return { office, laptop, status, batchesOf };
}

describe('restoring a backup while sync is on', () => {
  it('gets back the saves sent after the backup and the one not sent yet, under a new device id the other computer reads', async () => {
    const { office, laptop, status, batchesOf } = await officeWithBackup(true);
    if (!laptop) throw new Error('no laptop');
    office.vault.clients.create({ name: 'B sent after the backup' });
    expect((await status()).pending).toBeGreaterThan(0);
    await office.dispatch('sync.runNow', {});
    const formerBatches = batchesOf((await status()).device.id).length;
    office.vault.clients.create({ name: 'C not sent at the restore' });
    const before = await status();
    expect(before.pending).toBeGreaterThan(0);

    const restored = await office.dispatch('backup.restore', { passphrase: PASSPHRASE });
    expect(restored).toMatchObject({ ok: true, data: { restored: true, state: 'open' } });
    // The backup does not hold C, and the restored vault may not send what its former id stamped: C went out under that id before the swap.
    expect(batchesOf(before.device.id).length).toBeGreaterThan(formerBatches);

    const after = data<SyncStatusView>(await office.dispatch('sync.runNow', {}));
    expect(after.lastError).toBeNull();
    expect(after.device.id).not.toBe(before.device.id);
    expect(after.device.name).toBe('Office desktop');
    expect(after.pending).toBe(0);
    expect(names(office)).toEqual(['A saved before the backup', 'B sent after the backup', 'C not sent at the restore']);

    // The audit entries the former id wrote after the backup come back too, linked to the restored chain's last entry before them.
    const log = data<AuditLogView>(await office.dispatch('audit.log', {}));
    const former = log.entries.filter((entry) => entry.computer?.id === before.device.id);
    expect(former.length).toBeGreaterThan(0);
    expect(former.every((entry) => entry.computer?.name === 'Office desktop')).toBe(true);
    expect(new Set(log.entries.map((entry) => entry.computer?.link))).toEqual(new Set(['verified']));

    office.vault.clients.create({ name: 'D saved after the restore' });
    await office.dispatch('sync.runNow', {});
    const seen = data<SyncStatusView>(await laptop.dispatch('sync.runNow', {}));
    expect(seen.lastError).toBeNull();
    expect(names(laptop)).toEqual(['A saved before the backup', 'B sent after the backup', 'C not sent at the restore', 'D saved after the restore']);
    // This computer once in either list, under its new id: the id it gave up is not listed.
    expect(after.devices.map((device) => [device.name, device.thisDevice])).toEqual([
      ['Laptop', false],
      ['Office desktop', true],
    ]);
    expect(seen.devices.map((device) => [device.id, device.name, device.thisDevice])).toEqual([
      [expect.any(String), 'Laptop', true],
      [after.device.id, 'Office desktop', false],
    ]);
  });

  it('is refused while the sync folder is missing, changing nothing, and goes through once the folder is back', async () => {
    const { office, status } = await officeWithBackup(false);
    office.vault.clients.create({ name: 'C not sent at the restore' });
    const before = await status();
    const away = `${office.folder}-unmounted`;
    renameSync(office.folder, away);

    const refused = await office.dispatch('backup.restore', { passphrase: PASSPHRASE });
    expect(refused).toMatchObject({ ok: false, error: { code: 'SYNC_UNSENT' } });
    expect(JSON.stringify(refused)).not.toContain(office.folder);
    expect(office.vault.state()).toBe('open');
    expect(names(office)).toEqual(['A saved before the backup', 'C not sent at the restore']);
    expect(await status()).toMatchObject({ device: { id: before.device.id }, pending: before.pending });
    expect(readdirSync(office.dir).filter((name) => name.includes('.restoring-') || name.includes('.replaced-'))).toEqual([]);

    renameSync(away, office.folder);
    expect(await office.dispatch('backup.restore', { passphrase: PASSPHRASE })).toMatchObject({ ok: true, data: { restored: true } });
    await office.dispatch('sync.runNow', {});
    expect(names(office)).toEqual(['A saved before the backup', 'C not sent at the restore']);
    expect((await status()).device.id).not.toBe(before.device.id);
  });

  it('with sync turned off restores as without sync: the device id stays and what was not sent stays in the replaced file', async () => {
    const { office, status } = await officeWithBackup(false);
    office.vault.clients.create({ name: 'C not sent at the restore' });
    const before = await status();
    renameSync(office.folder, `${office.folder}-unmounted`);
    await office.dispatch('sync.turnOff', {});

    expect(await office.dispatch('backup.restore', { passphrase: PASSPHRASE })).toMatchObject({ ok: true, data: { restored: true } });
    expect(names(office)).toEqual(['A saved before the backup']);
    expect((await status()).device.id).toBe(before.device.id);
    expect(readdirSync(office.dir).some((name) => name.includes('.replaced-'))).toBe(true);
    expect(existsSync(office.folder)).toBe(false);
  });
});
