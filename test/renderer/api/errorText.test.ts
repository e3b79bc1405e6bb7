import { describe, expect, it } from 'vitest';
import { describeBackupError, describeSyncError, describeSyncProblem } from '../../../renderer/api/errorText';
import { SYNC_ERROR_CODES } from '../../../shared/errors';
import { ApiError } from '../../../renderer/api/vaultApi';

describe('backup error text', () => {
  it.each([
    [
      'VAULT_IN_USE',
      'That file is open in the app or another program; choose a backup file, not the vault itself',
      'That file is open in the app or another program; choose a backup file, not the vault itself.',
    ],
    [
      'BAD_FILE',
      'The backup file is truncated; nothing was changed',
      'The backup file is truncated; nothing was changed. Try another backup: older ones are kept in the same folder.',
    ],
    [
      'NEWER_FORMAT',
      'This backup was made by a newer version of the app; update the app to use it',
      'This backup was made by a newer version of the app; update the app to use it.',
    ],
    [
      'NOT_FOUND',
      'The backup folder cannot be found (is the drive connected?)',
      'The backup folder cannot be found (is the drive connected?). Connect the drive it is on, or choose another one.',
    ],
    [
      'WRONG_PASSPHRASE',
      'That passphrase does not open this backup; nothing was changed',
      'That passphrase does not open this backup; nothing was changed. A backup opens with the passphrase the vault had when the backup was made.',
    ],
    [
      'SYNC_UNSENT',
      "The sync folder is not there, so the changes this computer has not sent yet cannot be sent before the restore; nothing was changed. Connect the folder and restore again",
      "The sync folder is not there, so the changes this computer has not sent yet cannot be sent before the restore; nothing was changed. Connect the folder and restore again. To restore without sending them, turn off sync first: those changes then stay only in the replaced vault file, kept aside in the vault's folder.",
    ],
  ] as const)('gives main’s words for %s and the next step where they lack it', (code, message, expected) => {
    expect(describeBackupError(new ApiError(code, message))).toBe(expected);
  });

  it('never shows what a renderer bug threw', () => {
    expect(describeBackupError(new Error('/home/someone/secret path'))).toBe('Something went wrong in the window. Nothing was changed.');
  });
});

describe('sync error text', () => {
  it('says in plain words what every sync code means, each differently', () => {
    const texts = SYNC_ERROR_CODES.map((code) => describeSyncProblem(code));
    expect(new Set(texts).size).toBe(SYNC_ERROR_CODES.length);
    for (const text of texts) expect(text).not.toMatch(/SYNC_|batch|HLC/);
  });

  it('explains a folder that holds another vault and a wrong join passphrase instead of repeating main', () => {
    expect(describeSyncError(new ApiError('SYNC_OTHER_VAULT', 'The chosen folder already holds another vault'))).toBe(
      'That folder already holds another vault. Choose an empty folder, or the one this vault already syncs through.',
    );
    expect(describeSyncError(new ApiError('WRONG_PASSPHRASE', 'The passphrase opens no keys file in the sync folder'))).toBe(
      'That passphrase does not open the vault in this folder. Use the passphrase you unlock it with on your other computer.',
    );
    expect(describeSyncError(new ApiError('VAULT_EXISTS', 'This computer already has a vault'))).toBe('This computer already has a vault.');
  });

  it.each([
    ['SYNC_KEYS_ROTATED', 'Enter the new passphrase on this computer to go on syncing'],
    ['SYNC_DEVICE_REMOVED', 'This computer was removed from sync on another computer'],
  ] as const)('tells the therapist what %s asks of them, whatever main said', (code, part) => {
    expect(describeSyncError(new ApiError(code, 'batch 3 of device 0a1b'))).toContain(part);
  });
});
