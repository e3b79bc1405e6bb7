import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AutomaticOutcome } from '../../../main/backup/automatic';
import { backUpBeforeEachLock, runAutomaticBackup } from '../../../main/backup/automatic';
import { createBackup } from '../../../main/backup/backup';
import { backupSettingsPath, readBackupSettings, saveBackupSettings } from '../../../main/backup/backupSettings';
import { listBackups } from '../../../main/backup/manifest';
import { verifyBackup } from '../../../main/backup/verify';
import { filledVault, PASSPHRASE } from '../../fixtures/filledVault';
import { tempDir } from '../../helpers/tempVault';

const DAY = 24 * 3600 * 1000;

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function setup() {
  // Noon local time, so "the same day" does not depend on the machine's time zone.
  const time = { now: new Date(2026, 2, 2, 12, 0).getTime() };
  const clock = { now: () => time.now };
  const made = await filledVault({ clock });
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

  it('runs before the keys are wiped, at most once a day, and keeps the newest N', async () => {
    const { vault, folder, time, clock, settingsPath } = await setup();
    saveBackupSettings(settingsPath, { folder, automatic: true, keep: 2 });
    const outcomes: AutomaticOutcome[] = [];
    backUpBeforeEachLock(vault, { clock, onOutcome: (outcome) => outcomes.push(outcome) });
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
    backUpBeforeEachLock(vault, { clock, onOutcome: (outcome) => outcomes.push(outcome) });
    await vault.lock();
    expect(vault.state()).toBe('locked');
    expect(outcomes).toEqual([{ status: 'failed', code: 'NOT_FOUND', message: expect.stringMatching(/cannot be found/) }]);
  });
});
