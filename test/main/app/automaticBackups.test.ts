import { describe, expect, it } from 'vitest';
import { automaticBackupNotice } from '../../../main/app/automaticBackups';

describe('automatic backup notices', () => {
  it('say nothing when the backup was made or rightly skipped', () => {
    expect(
      automaticBackupNotice({
        status: 'created',
        backup: { fileName: 'therapist-vault-x.tvbackup', kind: 'automatic', createdAt: '2026-05-01T09:00:00.000Z', sizeBytes: 4096 },
        pruned: 0,
        unvouched: [],
      }),
    ).toBeNull();
    for (const reason of ['off', 'no-folder', 'no-vault', 'done-today'] as const) {
      expect(automaticBackupNotice({ status: 'skipped', reason })).toBeNull();
    }
  });

  it('tell of automatic backups the vault cannot vouch for, by count and without names', () => {
    const notice = automaticBackupNotice({
      status: 'created',
      backup: { fileName: 'therapist-vault-x.tvbackup', kind: 'automatic', createdAt: '2026-05-01T09:00:00.000Z', sizeBytes: 4096 },
      pruned: 0,
      unvouched: ['therapist-vault-2099-01-01.tvbackup', 'therapist-vault-2099-01-02.tvbackup'],
    });
    expect(notice).toMatch(/^2 automatic backups .* cannot be vouched for/);
    expect(notice).not.toContain('2099');
  });

  it('tell of a failure in the vault’s own words and that the lock went ahead', () => {
    expect(
      automaticBackupNotice({ status: 'failed', code: 'NOT_FOUND', message: 'The backup folder cannot be found (is the drive connected?)' }),
    ).toBe(
      'The automatic backup could not be made. The backup folder cannot be found (is the drive connected?). The vault locked as usual; check the backup folder in Settings.',
    );
  });
});
