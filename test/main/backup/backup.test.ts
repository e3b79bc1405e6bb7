import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FORMAT_VERSION } from '../../../main/vault/migrations';
import { createBackup, pruneAutomaticBackups } from '../../../main/backup/backup';
import { listBackups, manifestMacMessage } from '../../../main/backup/manifest';
import { verifyBackup } from '../../../main/backup/verify';
import { ALL_TABLES, filledVault, PASSPHRASE, PSYCH_PASSPHRASE, rawTables } from '../../fixtures/filledVault';
import { tempDir } from '../../helpers/tempVault';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function setup(now = Date.UTC(2026, 2, 2, 9, 30)) {
  const time = { now };
  const made = await filledVault({ clock: { now: () => time.now } });
  cleanups.push(made.dispose);
  const { dir: folder, cleanup } = tempDir();
  cleanups.push(cleanup);
  return { ...made, folder, time, clock: { now: () => time.now } };
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('a backup', () => {
  it('is a copy of every row exactly as stored, with a manifest of its size and SHA-256, both readable by the owner only', async () => {
    const { vault, path, folder, clock } = await setup();
    const progress: string[] = [];
    const backup = await createBackup({ vault, folder, kind: 'manual', clock, onProgress: (p) => progress.push(p.stage) });

    expect(readdirSync(folder).sort()).toEqual([backup.fileName, `${backup.fileName}.manifest.json`]);
    expect(backup.fileName).toBe('therapist-vault-2026-03-02T09-30-00-000Z.tvbackup');
    expect(mode(backup.path)).toBe(0o600);
    expect(mode(`${backup.path}.manifest.json`)).toBe(0o600);
    const bytes = readFileSync(backup.path);
    const manifest = JSON.parse(readFileSync(`${backup.path}.manifest.json`, 'utf8'));
    expect(manifest).toEqual({
      format: 'therapist-vault-backup',
      manifestVersion: 2,
      vaultId: vault.id(),
      formatVersion: FORMAT_VERSION,
      kind: 'manual',
      createdAt: '2026-03-02T09:30:00.000Z',
      fileName: backup.fileName,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      mac: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(vault.backupManifests.isAuthentic(manifestMacMessage(manifest), manifest.mac)).toBe(true);
    expect(vault.backupManifests.isAuthentic(manifestMacMessage({ ...manifest, kind: 'automatic' }), manifest.mac)).toBe(false);
    // One self-contained file: rollback-journal mode, nothing beside it.
    expect(bytes[18]).toBe(1);
    expect(progress).toContain('copy');
    expect(progress).toContain('hash');

    await vault.close();
    const stored = rawTables(path);
    const copied = rawTables(backup.path);
    for (const table of ALL_TABLES.filter((t) => t !== 'audit_log')) expect(copied[table], table).toEqual(stored[table]);
    expect(stored.audit_log!.slice(0, copied.audit_log!.length)).toEqual(copied.audit_log);
  });

  it('stays consistent while notes are saved during the copy, on the same connection', async () => {
    const { vault, folder, clock } = await setup();
    const [client] = vault.clients.list();
    // Over a megabyte, so the copy takes several steps with saves in between.
    const big = 'x'.repeat(60_000);
    const sessions = Array.from({ length: 30 }, () =>
      vault.sessions.create({ clientId: client!.id, date: '2026-02-01', startTime: '09:00', endTime: '09:50', modality: 'video' }),
    );
    for (const session of sessions) vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: big } });
    let steps = 0;
    const running = createBackup({ vault, folder, kind: 'manual', clock, onProgress: ({ stage }) => (steps += stage === 'copy' ? 1 : 0) });
    let saves = 0;
    await new Promise<void>((done) => {
      const tick = () => {
        if (saves === sessions.length) return done();
        vault.progressNotes.saveDraft({ sessionId: sessions[saves]!.id, templateId: 'NARRATIVE', fields: { narrative: `changed ${saves}` } });
        saves += 1;
        setImmediate(tick);
      };
      setImmediate(tick);
    });
    const backup = await running;
    expect(steps).toBeGreaterThan(1);
    const { report } = await verifyBackup(backup.path, {
      passphrase: PASSPHRASE,
      psychotherapyPassphrase: PSYCH_PASSPHRASE,
      liveVaultPath: null,
    });
    expect(report).toMatchObject({ ok: true, manifest: 'ok', structure: 'ok', failures: [] });
  });

  it('needs the vault open, and reports a missing folder without leaving anything behind', async () => {
    const { vault, folder, clock } = await setup();
    await expect(createBackup({ vault, folder: join(folder, 'unplugged'), kind: 'manual', clock })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await vault.lock();
    await expect(createBackup({ vault, folder, kind: 'manual', clock })).rejects.toMatchObject({ code: 'LOCKED' });
    expect(readdirSync(folder)).toEqual([]);
    expect(existsSync(join(folder, 'unplugged'))).toBe(false);
  });

  it('is recorded in the audit log, by kind only', async () => {
    const { vault, folder, clock } = await setup();
    await createBackup({ vault, folder, kind: 'manual', clock });
    expect(vault.audit.list().at(-1)).toMatchObject({ event: 'backup.created', detail: { kind: 'manual' } });
  });
});

describe('pruning automatic backups', () => {
  it('keeps the newest N automatic backups of this vault and never touches manual ones', async () => {
    const { vault, folder, time, clock } = await setup();
    const manual = await createBackup({ vault, folder, kind: 'manual', clock });
    const automatic = [];
    for (let day = 1; day <= 4; day += 1) {
      time.now += 24 * 3600 * 1000;
      automatic.push(await createBackup({ vault, folder, kind: 'automatic', clock }));
    }
    const { removed } = pruneAutomaticBackups(folder, vault.id()!, 2, vault.backupManifests, time.now);
    expect(removed.sort()).toEqual([automatic[0]!.fileName, automatic[1]!.fileName].sort());
    const left = listBackups(folder).map(({ manifest }) => manifest.fileName).sort();
    expect(left).toEqual([manual.fileName, automatic[2]!.fileName, automatic[3]!.fileName].sort());
    expect(readdirSync(folder)).toHaveLength(6);
  });
});
