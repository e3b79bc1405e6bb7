import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TodaySummary } from '../../../../shared/domain/today';
import { backupSettingsPath, DEFAULT_BACKUP_SETTINGS, saveBackupSettings } from '../../../../main/backup/backupSettings';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import type { Vault } from '../../../../main/vault/vaultApi';
import { testServices } from '../../../helpers/ipcServices';
import { createdVault } from '../../../helpers/tempVault';

let vault: Vault;
let dir: string;
let dispose: () => Promise<void>;
let dispatch: ReturnType<typeof createDispatcher>;

beforeAll(async () => {
  const made = await createdVault();
  ({ vault, dir, dispose } = made);
  dispatch = createDispatcher(testServices(vault));
  const client = vault.clients.create({ name: 'Ada Quinn' });
  vault.sessions.create({ clientId: client.id, date: '2026-06-01', startTime: '10:00', endTime: '10:50', modality: 'video' });
});
afterAll(() => dispose());

async function summary(request: unknown): Promise<TodaySummary> {
  const reply = await dispatch('today.summary', request);
  if (!reply.ok) throw new Error(`today.summary failed with ${reply.error.code}`);
  return reply.data as TodaySummary;
}

describe('today.summary over IPC', () => {
  it("answers with the day's sessions for the renderer's local date", async () => {
    const today = await summary({ date: '2026-06-01', time: '12:00' });
    expect(today.sessions.map((row) => [row.clientName, row.startTime, row.noteState])).toEqual([['Ada Quinn', '10:00', 'none']]);
    expect(today.notesToWrite).toHaveLength(1);
  });

  it('reads whether a backup folder is chosen from the backup settings beside the vault', async () => {
    expect((await summary({ date: '2026-06-01', time: '12:00' })).backup.folderChosen).toBe(false);
    saveBackupSettings(backupSettingsPath(vault.path), { ...DEFAULT_BACKUP_SETTINGS, folder: dir });
    const backup = (await summary({ date: '2026-06-01', time: '12:00' })).backup;
    expect(backup).toEqual({ folderChosen: true, lastBackupAt: null, needsAttention: false });
  });

  it('refuses hostile requests with INVALID_INPUT and no echo of what was sent', async () => {
    for (const request of [
      {},
      { date: '2026-06-01' },
      { date: '2026-06-01', time: '12:00', extra: 1 },
      { date: "'; DROP TABLE sessions; --", time: '12:00' },
      { date: '2026-06-01', time: '9:00' },
      { date: 20260601, time: '12:00' },
      null,
    ]) {
      const reply = await dispatch('today.summary', request);
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('INVALID_INPUT');
        expect(reply.error.message).not.toContain('DROP TABLE');
      }
    }
  });

  it('is refused while the vault is locked', async () => {
    await vault.lock();
    const reply = await dispatch('today.summary', { date: '2026-06-01', time: '12:00' });
    expect(reply.ok ? null : reply.error.code).toBe('LOCKED');
  });
});
