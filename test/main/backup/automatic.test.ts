import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AutomaticOutcome } from '../../../main/backup/automatic';
import { backUpAfterEachLock, runAutomaticBackup } from '../../../main/backup/automatic';
import { createBackup } from '../../../main/backup/backup';
import { backupSettingsPath, backupSettingsView, readBackupSettings, saveBackupSettings } from '../../../main/backup/backupSettings';
import { isVouchedFor, listBackups } from '../../../main/backup/manifest';
import { verifyBackup } from '../../../main/backup/verify';
import { filledVault, PASSPHRASE } from '../../fixtures/filledVault';
import { tempDir } from '../../helpers/tempVault';
import { testServices } from '../../helpers/ipcServices';
import { createDispatcher } from '../../../main/ipc/dispatch';
import { startAutomaticBackups } from '../../../main/app/automaticBackups';
import { KeyRing } from '../../../main/vault/keyRing';
import { loadSodium } from '../../../main/vault/sodium';

const DAY = 24 * 3600 * 1000;

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function setup(options: { keyRing?: KeyRing } = {}) {
  // Noon local time, so "the same day" does not depend on the machine's time zone.
  const time = { now: new Date(2026, 2, 2, 12, 0).getTime() };
  const clock = { now: () => time.now };
  const made = await filledVault({ clock, ...options });
  cleanups.push(made.dispose);
  const { dir: folder, cleanup } = tempDir();
  cleanups.push(cleanup);
  const settingsPath = backupSettingsPath(made.path);
  return { ...made, folder, time, clock, settingsPath };
}

describe('the automatic backup on lock', () => {
  it('does nothing until a folder is chosen, or when switched off', async () => {
    const { vault, folder, clock, settingsPath } = await setup();
    expect(readBackupSettings(settingsPath)).toEqual({ folder: null, automatic: true, keep: 14 });
    expect(await runAutomaticBackup({ vault, clock })).toEqual({ status: 'skipped', reason: 'no-folder' });
    saveBackupSettings(settingsPath, { folder, automatic: false, keep: 14 });
    expect(await runAutomaticBackup({ vault, clock })).toEqual({ status: 'skipped', reason: 'off' });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('runs after the keys are wiped, at most once a day, and keeps the newest N', async () => {
    const { vault, folder, time, clock, settingsPath } = await setup();
    saveBackupSettings(settingsPath, { folder, automatic: true, keep: 2 });
    const outcomes: AutomaticOutcome[] = [];
    backUpAfterEachLock(vault, { clock, onOutcome: (outcome) => outcomes.push(outcome) });
    const manual = await createBackup({ vault, folder, kind: 'manual', clock });

    await vault.lock();
    expect(vault.state()).toBe('locked');
    expect(outcomes[0]).toMatchObject({ status: 'created', backup: { kind: 'automatic' }, pruned: 0 });

    time.now += 3600 * 1000;
    await vault.unlock(PASSPHRASE);
    await vault.lock();
    expect(outcomes[1]).toEqual({ status: 'skipped', reason: 'done-today' });

    for (let day = 1; day <= 3; day += 1) {
      time.now += DAY;
      await vault.unlock(PASSPHRASE);
      await vault.lock();
    }
    expect(outcomes.slice(2).map((outcome) => outcome.status)).toEqual(['created', 'created', 'created']);
    const kept = listBackups(folder).map(({ manifest }) => manifest);
    expect(kept.filter((manifest) => manifest.kind === 'automatic')).toHaveLength(2);
    expect(kept.map((manifest) => manifest.fileName)).toContain(manual.fileName);
    const newest = kept.filter((m) => m.kind === 'automatic').sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!;
    const { report } = await verifyBackup(join(folder, newest.fileName), { passphrase: PASSPHRASE, liveVaultPath: null });
    expect(report.ok).toBe(true);
  });

  it('reports a folder that has gone (a drive unplugged) and still lets the vault lock', async () => {
    const { vault, folder, clock, settingsPath } = await setup();
    saveBackupSettings(settingsPath, { folder: join(folder, 'unplugged'), automatic: true, keep: 14 });
    const outcomes: AutomaticOutcome[] = [];
    backUpAfterEachLock(vault, { clock, onOutcome: (outcome) => outcomes.push(outcome) });
    await vault.lock();
    expect(vault.state()).toBe('locked');
    expect(outcomes).toEqual([{ status: 'failed', code: 'NOT_FOUND', message: expect.stringMatching(/cannot be found/) }]);
  });
});

describe('the automatic backup runs after the keys are wiped', () => {
  async function lockedSetup() {
    const keyRing = new KeyRing(await loadSodium());
    const made = await setup({ keyRing });
    saveBackupSettings(made.settingsPath, { folder: made.folder, automatic: true, keep: 14 });
    const progressKey = keyRing.get('progress').key;
    return { ...made, progressKey, isWiped: () => progressKey.every((byte) => byte === 0) };
  }

  it('as the app registers it: the window hears "locked" with the key wiped and before any backup file exists', async () => {
    const { vault, folder, isWiped } = await lockedSetup();
    const notices: string[] = [];
    startAutomaticBackups(vault, (text) => notices.push(text));
    const atLock: { wiped: boolean; files: string[] }[] = [];
    vault.onStateChange((state) => {
      if (state === 'locked') atLock.push({ wiped: isWiped(), files: readdirSync(folder) });
    });
    await vault.lock();
    expect(atLock).toEqual([{ wiped: true, files: [] }]);
    expect(notices).toEqual([]);
    const [backup] = listBackups(folder);
    expect(backup?.manifest).toMatchObject({ kind: 'automatic', mac: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // The manifest was signed with the key derived before the wipe; the audit entry waited for the next unlock.
    await vault.unlock(PASSPHRASE);
    expect(isVouchedFor(backup!.manifest, vault.backupManifests, Date.now())).toBe(true);
    const events = vault.audit.list().map((entry) => entry.event);
    expect(events.slice(-3)).toEqual(['vault.locked', 'backup.created', 'vault.unlocked']);
  });

  it('while the copy runs, the bridge and the vault answer LOCKED and the progress key buffer is zero', async () => {
    const { vault, clock, isWiped } = await lockedSetup();
    const dispatch = createDispatcher(testServices(vault));
    const during: unknown[] = [];
    const outcomes: AutomaticOutcome[] = [];
    backUpAfterEachLock(
      {
        onLocked: (hook) =>
          vault.onLocked((locked) =>
            hook({
              ...locked,
              backupTo: async (destination, onProgress) => {
                during.push(isWiped(), vault.state(), await dispatch('clients.list', { includeArchived: true }));
                expect(() => vault.clients.list()).toThrow(expect.objectContaining({ code: 'LOCKED' }));
                await locked.backupTo(destination, onProgress);
              },
            }),
          ),
      },
      { clock, onOutcome: (outcome) => outcomes.push(outcome) },
    );
    await vault.lock();
    expect(during).toEqual([true, 'locked', { ok: false, error: expect.objectContaining({ code: 'LOCKED' }) }]);
    expect(outcomes).toMatchObject([{ status: 'created', unvouched: [] }]);
  });
});

describe('automatic backups whose manifests the app cannot vouch for', () => {
  /** A copy of a real automatic backup with a manifest rewritten to claim another time, as planted or from a fast clock. */
  function plantFutureCopy(folder: string, source: { fileName: string }, createdAt: string): string {
    const fileName = `therapist-vault-${createdAt.replace(/[:.]/g, '-')}.tvbackup`;
    copyFileSync(join(folder, source.fileName), join(folder, fileName));
    const manifest = JSON.parse(readFileSync(join(folder, `${source.fileName}.manifest.json`), 'utf8'));
    writeFileSync(join(folder, `${fileName}.manifest.json`), JSON.stringify({ ...manifest, createdAt, fileName }));
    return fileName;
  }

  it('two manifests dated 2099 neither delete new real backups nor show as the last backup, and are flagged', async () => {
    const { vault, folder, time, clock, settingsPath } = await setup();
    saveBackupSettings(settingsPath, { folder, automatic: true, keep: 2 });
    const first = await runAutomaticBackup({ vault, clock });
    if (first.status !== 'created') throw new Error('no first backup');
    const planted = [
      plantFutureCopy(folder, first.backup, '2099-01-01T00:00:00.000Z'),
      plantFutureCopy(folder, first.backup, '2099-01-02T00:00:00.000Z'),
    ];

    const outcomes: AutomaticOutcome[] = [];
    for (let day = 1; day <= 2; day += 1) {
      time.now += DAY;
      outcomes.push(await runAutomaticBackup({ vault, clock }));
    }
    const made = [first, ...outcomes].map((outcome) => (outcome.status === 'created' ? outcome.backup.fileName : ''));
    const names = readdirSync(folder);
    // keep = 2: the oldest real one goes, the two newest real ones stay, the planted ones are left alone.
    expect(names).not.toContain(made[0]);
    for (const name of [...made.slice(1), ...planted]) expect(names).toContain(name);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ status: 'created', unvouched: expect.arrayContaining(planted) });

    const view = backupSettingsView(readBackupSettings(settingsPath), vault, time.now);
    expect(view.lastAutomaticAt).toBe(new Date(time.now).toISOString());
    expect(view.unvouchedAutomatic).toBe(2);
  });

  it('does not vouch for a manifest whose MAC is valid but whose time is ahead of the clock, nor for an edited one', async () => {
    const { vault, folder, time, clock } = await setup();
    time.now += 365 * DAY;
    const ahead = await createBackup({ vault, folder, kind: 'automatic', clock });
    time.now -= 365 * DAY;
    const real = await createBackup({ vault, folder, kind: 'automatic', clock });
    const edited = JSON.parse(readFileSync(`${real.path}.manifest.json`, 'utf8'));
    writeFileSync(`${real.path}.manifest.json`, JSON.stringify({ ...edited, sizeBytes: edited.sizeBytes + 1 }));
    const byName = new Map(listBackups(folder).map(({ manifest }) => [manifest.fileName, manifest]));
    expect(isVouchedFor(byName.get(ahead.fileName)!, vault.backupManifests, time.now)).toBe(false);
    expect(isVouchedFor(byName.get(real.fileName)!, vault.backupManifests, time.now)).toBe(false);
    time.now += 365 * DAY;
    expect(isVouchedFor(byName.get(ahead.fileName)!, vault.backupManifests, time.now)).toBe(true);
  });
});
