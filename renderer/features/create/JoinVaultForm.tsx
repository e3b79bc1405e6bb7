import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { JoinFolderView, SyncProgress } from '../../../shared/domain/sync';
import { describeSyncError } from '../../api/errorText';
import { bindValue, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { useThrottleWait } from '../../components/ThrottleWait';
import { useSubmit } from '../../components/useSubmit';
import { useStores } from '../../stores/StoresContext';

const NAME_MAX = 60;

interface JoinErrors {
  folder?: string;
  passphrase?: string;
  name?: string;
}

function JoinProgress({ progress }: { progress: SyncProgress | null }) {
  const id = useId();
  const counted = progress !== null && progress.total > 0;
  return (
    <div className="backup-progress" role="status">
      <label htmlFor={id}>
        {counted
          ? `Assembling the vault: ${progress.imported} of ${progress.total} ${progress.total === 1 ? 'file' : 'files'} read…`
          : 'Opening the keys with your passphrase…'}
      </label>
      <progress id={id} max={counted ? progress.total : undefined} value={counted ? Math.min(progress.imported, progress.total) : undefined} />
    </div>
  );
}

/**
 * A second computer joins the vault another one syncs: the folder (chosen in
 * main's dialog, shown by name), the vault passphrase and a name for this
 * computer. Main assembles the vault beside its place and puts it there only
 * when complete, so a failed join leaves nothing behind. The way back to
 * creating a vault stays shut while a join runs.
 */
export function JoinVaultForm({ onCancel }: { onCancel(): void }) {
  const { api, vault } = useStores();
  const [folder, setFolder] = useState<JoinFolderView | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<JoinErrors>({});
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const choosing = useSubmit(describeSyncError);
  const submit = useSubmit(describeSyncError);
  const throttle = useThrottleWait();

  useEffect(() => api.on('sync.progress', (next) => next.joining && setProgress(next)), [api]);

  const chooseFolder = async () => {
    await choosing.run(async () => {
      const chosen = await api.invoke('vault.chooseJoinFolder', {});
      if (chosen.chosen) setFolder(chosen);
    });
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found: JoinErrors = {};
    if (!folder?.holdsVault) found.folder = 'Choose the sync folder that holds your vault.';
    if (passphrase === '') found.passphrase = 'Enter the vault passphrase.';
    if (name.trim() === '') found.name = 'Enter a name for this computer.';
    else if (name.trim().length > NAME_MAX) found.name = `Use at most ${NAME_MAX} characters.`;
    setErrors(found);
    submit.setFailure(null);
    if (Object.keys(found).length > 0 || throttle.waiting) return;
    setProgress(null);
    throttle.attempting();
    let refused = false;
    await submit.run(async () => {
      try {
        await vault.getState().join(passphrase, name.trim());
      } catch (error) {
        refused = true;
        if (!throttle.refusedBy(error)) throw error;
      }
    });
    if (refused) setPassphrase('');
  };

  const busy = submit.busy || choosing.busy;
  return (
    <>
      <form className="stack" onSubmit={onSubmit} noValidate aria-label="Join a vault from a sync folder">
        <div className="subgroup">
          <div className="backup-folder">
            <p>
              Sync folder: <strong>{folder?.folderName ?? 'none chosen'}</strong>
            </p>
            <button type="button" className="button" onClick={() => void chooseFolder()} disabled={busy}>
              Choose sync folder…
            </button>
          </div>
          {folder && !folder.holdsVault ? (
            <p className="form-warning">
              This folder holds no vault to join, or more than one. Choose the folder you chose on your other computer,
              once your sync app has copied it here.
            </p>
          ) : null}
          {errors.folder && !(folder && !folder.holdsVault) ? <p className="field-error">{errors.folder}</p> : null}
          <FormError message={choosing.failure} />
        </div>
        <TextField
          label="Vault passphrase"
          hint="The passphrase you unlock the vault with on your other computer."
          type="password"
          autoComplete="current-password"
          error={errors.passphrase ?? null}
          disabled={submit.busy}
          {...bindValue(passphrase, setPassphrase)}
        />
        <TextField
          label="Name of this computer"
          hint="Your other computers show this name, for example Laptop."
          autoComplete="off"
          maxLength={NAME_MAX}
          error={errors.name ?? null}
          disabled={submit.busy}
          {...bindValue(name, setName)}
        />
        <FormError message={submit.failure} />
        {throttle.status}
        <FormActions submit="Join the vault" submitting="Joining…" busy={busy} blocked={throttle.waiting} />
        {submit.busy ? <JoinProgress progress={progress} /> : null}
      </form>
      <div className="gate-footer">
        <button type="button" className="link-button" onClick={onCancel} disabled={submit.busy}>
          Create a new vault instead
        </button>
      </div>
    </>
  );
}
