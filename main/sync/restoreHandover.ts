/*
 * Restoring a backup while sync is on (docs/SYNC.md section 9, "Restoring a
 * backup"). The restored file takes a new device id, so it reads this
 * computer's former device folder like another device's and gets back the
 * saves made after the backup that were sent. A new id marks every stamp the
 * file holds as sent (only their writer may send them), so first the vault
 * being replaced sends everything it has not sent yet; when it cannot, the
 * restore is refused and nothing changes. A save made after that send is
 * caught once the file is closed, and refuses the restore too.
 */
import { SyncError } from '../../shared/errors';
import type { RestoreSyncSteps } from '../backup/restore';
import type { VaultContext } from '../vault/context';
import type { VaultDatabase } from '../vault/db';
import { openDatabase } from '../vault/db';
import { fsyncPath } from '../vault/vaultFile';
import { markReplaced, nameThisDevice } from './devices';
import { rotationUnderWay, sendChanges } from './vaultFolderSync';
import { VaultReplica } from './vaultReplica';

/**
 * Changes not sent, other than audit entries: the lock that closes the file
 * for the swap appends one itself, after the send, and it stays in the
 * replaced file only.
 */
function unsentSaves(db: VaultDatabase): number {
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return (
    count("SELECT count(*) AS n FROM sync_versions WHERE exported = 0 AND table_name <> 'audit_log'") +
    count('SELECT count(*) AS n FROM sync_conflicts WHERE exported = 0') +
    count('SELECT count(*) AS n FROM sync_dismissed WHERE exported = 0')
  );
}

const SAVED_DURING_SEND = "A change was saved while the restore was sending this vault's changes; nothing was changed. Restore again";

async function sendEverything(ctx: VaultContext, chosenFolder: string): Promise<void> {
  try {
    await sendChanges(ctx, chosenFolder);
  } catch (error) {
    if (error instanceof SyncError && error.code === 'SYNC_FOLDER_MISSING') {
      throw new SyncError(
        'SYNC_UNSENT',
        'The sync folder is not there, so the changes this computer has not sent yet cannot be sent before the restore; nothing was changed. Connect the folder and restore again',
      );
    }
    throw new SyncError(
      'SYNC_UNSENT',
      'The changes this computer has not sent yet could not be written to the sync folder, so the restore would lose them; nothing was changed. Check the folder and restore again',
    );
  }
  if (unsentSaves(ctx.db) === 0) return;
  if (rotationUnderWay(ctx)) {
    throw new SyncError(
      'SYNC_UNSENT',
      'A key change is still re-encrypting this vault, so the changes it has not sent yet cannot be sent before the restore; nothing was changed. Restore once it is done',
    );
  }
  throw new SyncError('SYNC_UNSENT', SAVED_DURING_SEND);
}

/** The steps a restore runs when this vault syncs through `chosenFolder`; `context` is the open vault's. */
export function restoreHandover(context: () => VaultContext, chosenFolder: string): RestoreSyncSteps {
  return {
    beforeReplace: () => sendEverything(context(), chosenFolder),
    checkReplaced(vaultPath) {
      const db = openDatabase(vaultPath);
      try {
        if (unsentSaves(db) > 0) {
          throw new SyncError('SYNC_UNSENT', SAVED_DURING_SEND);
        }
      } finally {
        db.close();
      }
    },
    prepareStaged(stagingPath) {
      const db = openDatabase(stagingPath);
      try {
        new VaultReplica(db, context().clock).becomeNewDevice();
      } finally {
        db.close();
      }
      fsyncPath(stagingPath);
    },
  };
}

/**
 * After a restore under sync, which gave the vault a new id: names it as this
 * computer, and marks the id it replaced so the devices list does not show
 * this computer twice (the merged audit view still names that id's entries).
 */
export function adoptRestoredId(ctx: VaultContext, formerId: string, deviceName: string): void {
  nameThisDevice(ctx, deviceName);
  markReplaced(ctx, formerId, deviceName);
}
