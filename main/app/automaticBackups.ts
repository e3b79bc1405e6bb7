import type { AutomaticOutcome } from '../backup/automatic';
import { backUpAfterEachLock } from '../backup/automatic';
import { systemClock } from '../vault/context';
import type { Vault } from '../vault/vaultApi';

/**
 * What to tell the therapist after an automatic backup, or null when there is
 * nothing to say. Only a failure, or backups the app cannot vouch for, are
 * worth interrupting for: the lock went ahead regardless, and a drive that is
 * missing day after day, or a planted backup, should not go unnoticed. The vault's messages carry no path and no client data.
 */
export function automaticBackupNotice(outcome: AutomaticOutcome): string | null {
  if (outcome.status === 'created' && outcome.unvouched.length > 0) {
    const count = outcome.unvouched.length;
    return `${count === 1 ? 'One automatic backup' : `${count} automatic backups`} in the backup folder cannot be vouched for by this vault (edited, copied in, or dated ahead of the clock). They are neither counted nor deleted; check the backup folder.`;
  }
  if (outcome.status !== 'failed') return null;
  const reason = outcome.message.endsWith('.') ? outcome.message : `${outcome.message}.`;
  return `The automatic backup could not be made. ${reason} The vault locked as usual; check the backup folder in Settings.`;
}

/** Registers the automatic backup after every lock, once, for the app's whole life. */
export function startAutomaticBackups(vault: Vault, notify: (text: string) => void): () => void {
  return backUpAfterEachLock(vault, {
    clock: systemClock,
    onOutcome: (outcome) => {
      const notice = automaticBackupNotice(outcome);
      if (notice) notify(notice);
    },
  });
}
