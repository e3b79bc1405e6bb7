import { useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { GateScreen } from '../../components/GateScreen';
import { useSubmit } from '../../components/useSubmit';
import { useStores } from '../../stores/StoresContext';
import { RestoreForm } from '../settings/RestoreForm';
import { JoinVaultForm } from './JoinVaultForm';
import { LENGTH_HINT, NewPassphraseFields, PsychotherapyPassphraseOption, useNewPassphrases } from './NewPassphraseFields';

const SEPARATE_PSYCHOTHERAPY_PASSPHRASE = {
  option: 'Use a separate passphrase for psychotherapy notes',
  optionHint:
    'Psychotherapy notes always need a passphrase again to open. A separate one keeps them shut even from someone who saw the vault passphrase.',
  legend: 'Psychotherapy notes passphrase',
  label: 'Psychotherapy passphrase',
};

/** First run: choose the vault passphrase (and, if wanted, a separate one for psychotherapy notes). */
export function CreateVaultScreen() {
  const { vault } = useStores();
  const create = useStore(vault, (state) => state.create);
  const { vault: passphrase, setVault: setPassphrase, psychotherapy, setPsychotherapy, errors, check } = useNewPassphrases();
  const [other, setOther] = useState<'restore' | 'join' | null>(null);
  const submit = useSubmit();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const valid = check((found) => {
      if (psychotherapy.chosen && !found.psychotherapy.passphrase && psychotherapy.passphrase === passphrase.passphrase) {
        found.psychotherapy.passphrase = 'Choose a passphrase different from the vault passphrase, or untick the option.';
      }
    });
    submit.setFailure(null);
    if (!valid) return;
    await submit.run(() => create(passphrase.passphrase, psychotherapy.chosen ? psychotherapy.passphrase : undefined));
  };

  if (other === 'join') {
    return (
      <GateScreen title="Join a vault from a sync folder">
        <p className="lead">
          Your vault is already on another computer, syncing through a folder your sync app keeps in step (Syncthing,
          Dropbox, iCloud Drive or OneDrive). Once that folder has been copied here, choose it, and this computer gets the
          same vault, opened with the same passphrase.
        </p>
        <JoinVaultForm onCancel={() => setOther(null)} />
      </GateScreen>
    );
  }

  if (other === 'restore') {
    return (
      <GateScreen title="Restore from a backup">
        <p className="lead">
          On a new computer, or when the vault was lost: choose a backup file (its name ends in .tvbackup) in the next
          step. It is checked with its passphrase before it becomes your vault.
        </p>
        <RestoreForm replacesVault={false} />
        <div className="gate-footer">
          <button type="button" className="link-button" onClick={() => setOther(null)}>
            Create a new vault instead
          </button>
        </div>
      </GateScreen>
    );
  }

  return (
    <GateScreen title="Create your vault">
      <p className="lead">
        Your notes are encrypted on this computer with a passphrase only you know. Nobody can reset it for you, so
        choose one you will remember: several unrelated words work well.
      </p>
      <form className="stack" onSubmit={onSubmit} noValidate>
        <NewPassphraseFields
          label="Vault passphrase"
          hint={LENGTH_HINT}
          value={passphrase}
          onChange={setPassphrase}
          errors={errors.vault}
        />
        <PsychotherapyPassphraseOption {...SEPARATE_PSYCHOTHERAPY_PASSPHRASE} value={psychotherapy} onChange={setPsychotherapy} errors={errors.psychotherapy} />
        <FormError message={submit.failure} />
        <FormActions submit="Create vault" submitting="Creating the vault…" busy={submit.busy} />
        {submit.busy ? (
          <p className="field-hint" role="status">
            Deriving the encryption keys takes a few seconds.
          </p>
        ) : null}
      </form>
      <div className="gate-footer">
        <button type="button" className="link-button" onClick={() => setOther('restore')} disabled={submit.busy}>
          Restore from a backup
        </button>
        <p className="field-hint">Moving from another computer? Restore your latest backup instead of creating a vault.</p>
        <button type="button" className="link-button" onClick={() => setOther('join')} disabled={submit.busy}>
          Join a vault from a sync folder
        </button>
        <p className="field-hint">Using this vault on another computer too? Join it through the folder it syncs with.</p>
      </div>
    </GateScreen>
  );
}
