import { useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import type { SyncDeviceView } from '../../../shared/domain/sync';
import { bindValue, TextField } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { ModalDialog } from '../../components/ModalDialog';
import { RecoveryKeySheet } from '../../components/RecoveryKeySheet';
import { selectSyncBusy } from '../../stores/syncStore';
import { useStores } from '../../stores/StoresContext';

const MIN_PASSPHRASE = 12;

interface Passphrases {
  passphrase: string;
  psychotherapyPassphrase: string;
  newPassphrase: string;
  newPsychotherapyPassphrase: string;
}

const EMPTY: Passphrases = { passphrase: '', psychotherapyPassphrase: '', newPassphrase: '', newPsychotherapyPassphrase: '' };

function newError(value: string, current: string): string | null {
  if (value.length < MIN_PASSPHRASE) return `Use at least ${MIN_PASSPHRASE} characters.`;
  return value === current ? 'Choose a passphrase the removed computer does not know.' : null;
}

/**
 * Removing a lost computer: both vault keys change, under new passphrases
 * that the other computers then need. The new recovery key is shown once.
 */
export function RemoveDeviceDialog({ device, onClose }: { device: SyncDeviceView; onClose(): void }) {
  const { sync } = useStores();
  const busy = useStore(sync, selectSyncBusy) === 'keys';
  const failure = useStore(sync, (state) => state.failure);
  const [values, setValues] = useState(EMPTY);
  const [tried, setTried] = useState(false);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const bind = (key: keyof Passphrases) => bindValue(values[key], (value) => setValues({ ...values, [key]: value }));
  const errors = {
    newPassphrase: newError(values.newPassphrase, values.passphrase),
    newPsychotherapyPassphrase: newError(values.newPsychotherapyPassphrase, values.psychotherapyPassphrase),
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (errors.newPassphrase || errors.newPsychotherapyPassphrase || !values.passphrase || !values.psychotherapyPassphrase) return;
    setRecoveryKey(await sync.getState().removeDevice({ deviceId: device.id, ...values }));
  };

  if (recoveryKey) {
    return (
      <ModalDialog title={`${device.name} is removed`} onClose={() => undefined} closeOnBackdrop={false}>
        <div className="dialog-body">
          <p>
            The vault keys have changed. On your other computers, enter the new passphrases when Settings → Sync asks for them.
            This is your new recovery key; the old one no longer opens anything written from now on.
          </p>
          <RecoveryKeySheet recoveryKey={recoveryKey} storedLabel="I have stored the new recovery key safely" doneLabel="Done" onStored={onClose} />
        </div>
      </ModalDialog>
    );
  }

  return (
    <ModalDialog title={`Remove ${device.name}?`} onClose={onClose} busy={busy} closeOnBackdrop={false}>
      <form className="dialog-body" onSubmit={submit} noValidate aria-label={`Remove ${device.name}`}>
        <p>
          {device.name} will read nothing written from now on. Both vault keys change, with new passphrases for the vault and for
          psychotherapy notes: your other computers need the new passphrases to go on syncing. Unlink {device.name} in your sync
          app too.
        </p>
        <TextField label="Current vault passphrase" type="password" autoComplete="current-password" error={tried && !values.passphrase ? 'Enter the current passphrase.' : null} {...bind('passphrase')} />
        <TextField
          label="Current psychotherapy passphrase"
          type="password"
          autoComplete="off"
          error={tried && !values.psychotherapyPassphrase ? 'Enter the current psychotherapy passphrase.' : null}
          {...bind('psychotherapyPassphrase')}
        />
        <TextField label="New vault passphrase" type="password" autoComplete="new-password" error={tried ? errors.newPassphrase : null} {...bind('newPassphrase')} />
        <TextField
          label="New psychotherapy passphrase"
          type="password"
          autoComplete="new-password"
          error={tried ? errors.newPsychotherapyPassphrase : null}
          {...bind('newPsychotherapyPassphrase')}
        />
        <FormError message={failure} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={busy}>
            {busy ? 'Changing the keys…' : `Remove ${device.name} and change the keys`}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

/** Shown after SYNC_KEYS_ROTATED: the new passphrases another computer set when it removed one. */
export function AcceptKeysForm() {
  const { sync } = useStores();
  const busy = useStore(sync, selectSyncBusy) === 'keys';
  const [passphrase, setPassphrase] = useState('');
  const [psychotherapyPassphrase, setPsychotherapyPassphrase] = useState('');
  const [tried, setTried] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!passphrase) return;
    void sync.getState().acceptRotatedKeys({ passphrase, ...(psychotherapyPassphrase ? { psychotherapyPassphrase } : {}) });
  };

  return (
    <form className="subgroup" onSubmit={submit} noValidate aria-label="Enter the new passphrase">
      <h3>Enter the new passphrase</h3>
      <TextField
        label="New vault passphrase"
        hint="The one set on the computer that changed the keys."
        type="password"
        autoComplete="off"
        error={tried && !passphrase ? 'Enter the new passphrase.' : null}
        {...bindValue(passphrase, setPassphrase)}
      />
      <TextField
        label="New psychotherapy passphrase"
        hint="Needed when the psychotherapy key changed too; open the psychotherapy notes first."
        type="password"
        autoComplete="off"
        {...bindValue(psychotherapyPassphrase, setPsychotherapyPassphrase)}
      />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Taking the new keys…' : 'Take the new keys'}
        </button>
      </div>
    </form>
  );
}
