import { useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { selectRunning } from '../../stores/backupStore';
import { selectSyncStatus } from '../../stores/syncStore';
import { useStores } from '../../stores/StoresContext';
import { BackupPassphraseFields, NO_PASSPHRASES } from './BackupPassphraseFields';
import type { BackupPassphrases } from './BackupPassphraseFields';
import { BackupProgressBar } from './BackupProgressBar';
import { UnfinishedOutcome } from './UnfinishedOutcome';

/**
 * Restores a backup file that main asks for with its own dialog. Main
 * verifies it with the passphrase before touching anything; with a vault in
 * place (`replacesVault`) the therapist confirms first that the current
 * vault will be replaced and kept aside, and, with sync on, that what was
 * saved since the backup comes back from the sync folder.
 */
export function RestoreForm({ replacesVault }: { replacesVault: boolean }) {
  const { backup, sync } = useStores();
  const running = useStore(backup, selectRunning);
  const syncing = useStore(sync, (state) => selectSyncStatus(state)?.folderName != null);
  const [values, setValues] = useState<BackupPassphrases>(NO_PASSPHRASES);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const start = () => {
    setConfirming(false);
    const request = {
      passphrase: values.passphrase,
      ...(values.psychotherapy ? { psychotherapyPassphrase: values.psychotherapy } : {}),
    };
    setValues(NO_PASSPHRASES);
    void backup.getState().restore(request);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!values.passphrase) {
      setError('Enter the vault passphrase the backup was made with.');
      return;
    }
    setError(null);
    if (replacesVault) setConfirming(true);
    else start();
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Restore from a backup">
      <BackupPassphraseFields
        values={values}
        onChange={setValues}
        required
        error={error}
        disabled={running !== null}
      />
      <div className="actions">
        <button type="submit" className={replacesVault ? 'button' : 'button button-primary'} disabled={running !== null}>
          Restore from backup…
        </button>
      </div>
      <BackupProgressBar operation="restore" />
      <UnfinishedOutcome operation="restore" cancelled="No file was chosen; nothing was restored." />
      {confirming ? (
        <ConfirmDialog
          title="Replace this vault with a backup?"
          confirmLabel="Choose the backup and restore"
          danger
          onConfirm={start}
          onCancel={() => setConfirming(false)}
        >
          {syncing ? (
            <p>
              The vault on this computer will be replaced by the backup you choose next. Sync is on: this computer first
              sends the sync folder what it has not sent yet, and the restored vault then reads back from the folder
              what was written since that backup. If the folder cannot be reached, nothing is restored.
            </p>
          ) : (
            <p>
              The vault on this computer will be replaced by the backup you choose next. Anything written since that
              backup was made will not be in the restored vault.
            </p>
          )}
          <p>
            The current vault file is not deleted: it is kept aside in the vault’s folder, named
            “vault.sqlite.replaced-” and the date and time. The backup is checked with the passphrase before anything changes, and if the
            restore fails the current vault is put back as it was.
          </p>
          <p>The vault locks for a moment while the restored copy is put in place, then opens on it.</p>
        </ConfirmDialog>
      ) : null}
    </form>
  );
}
