import { useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { describeError } from '../../api/errorText';
import { CheckboxField, TextField } from '../../components/Field';
import { PageHeading } from '../../components/PageHeading';
import { useStores } from '../../stores/StoresContext';
import { RestoreForm } from '../settings/RestoreForm';
import { MIN_PASSPHRASE_LENGTH } from './passphraseStrength';
import { StrengthMeter } from './StrengthMeter';

interface PassphraseErrors {
  passphrase?: string;
  confirm?: string;
  psychotherapy?: string;
  psychotherapyConfirm?: string;
}

function checkPair(passphrase: string, confirm: string): { passphrase?: string; confirm?: string } {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) return { passphrase: `Use at least ${MIN_PASSPHRASE_LENGTH} characters.` };
  if (passphrase !== confirm) return { confirm: 'The two passphrases do not match.' };
  return {};
}

/** First run: choose the vault passphrase (and, if wanted, a separate one for psychotherapy notes). */
export function CreateVaultScreen() {
  const { vault } = useStores();
  const create = useStore(vault, (state) => state.create);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [separate, setSeparate] = useState(false);
  const [psychotherapy, setPsychotherapy] = useState('');
  const [psychotherapyConfirm, setPsychotherapyConfirm] = useState('');
  const [errors, setErrors] = useState<PassphraseErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [restoring, setRestoring] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const main = checkPair(passphrase, confirm);
    const psych = separate ? checkPair(psychotherapy, psychotherapyConfirm) : {};
    const found: PassphraseErrors = {
      ...main,
      ...(psych.passphrase ? { psychotherapy: psych.passphrase } : {}),
      ...(psych.confirm ? { psychotherapyConfirm: psych.confirm } : {}),
    };
    if (separate && !found.psychotherapy && psychotherapy === passphrase) {
      found.psychotherapy = 'Choose a passphrase different from the vault passphrase, or untick the option.';
    }
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await create(passphrase, separate ? psychotherapy : undefined);
    } catch (error) {
      setFailure(describeError(error));
      setBusy(false);
    }
  };

  if (restoring) {
    return (
      <main className="gate">
        <div className="gate-card">
          <p className="app-name">Therapist Vault</p>
          <PageHeading>Restore from a backup</PageHeading>
          <p className="lead">
            On a new computer, or when the vault was lost: choose a backup file (its name ends in .tvbackup) in the next
            step. It is checked with its passphrase before it becomes your vault.
          </p>
          <RestoreForm replacesVault={false} />
          <div className="gate-footer">
            <button type="button" className="link-button" onClick={() => setRestoring(false)}>
              Create a new vault instead
            </button>
          </div>
        </div>
      </main>
    );
  }

  return (
    <main className="gate">
      <div className="gate-card">
        <p className="app-name">Therapist Vault</p>
        <PageHeading>Create your vault</PageHeading>
        <p className="lead">
          Your notes are encrypted on this computer with a passphrase only you know. Nobody can reset it for you, so
          choose one you will remember: several unrelated words work well.
        </p>
        <form className="stack" onSubmit={onSubmit} noValidate>
          <TextField
            label="Vault passphrase"
            type="password"
            autoComplete="new-password"
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
            error={errors.passphrase}
            hint={`At least ${MIN_PASSPHRASE_LENGTH} characters.`}
            required
          />
          <StrengthMeter passphrase={passphrase} />
          <TextField
            label="Confirm vault passphrase"
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
            error={errors.confirm}
            required
          />
          <CheckboxField
            label="Use a separate passphrase for psychotherapy notes"
            hint="Psychotherapy notes always need a passphrase again to open. A separate one keeps them shut even from someone who saw the vault passphrase."
            checked={separate}
            onChange={(event) => setSeparate(event.target.checked)}
          />
          {separate ? (
            <fieldset className="subgroup psychotherapy-accent">
              <legend>Psychotherapy notes passphrase</legend>
              <TextField
                label="Psychotherapy passphrase"
                type="password"
                autoComplete="new-password"
                value={psychotherapy}
                onChange={(event) => setPsychotherapy(event.target.value)}
                error={errors.psychotherapy}
                required
              />
              <StrengthMeter passphrase={psychotherapy} />
              <TextField
                label="Confirm psychotherapy passphrase"
                type="password"
                autoComplete="new-password"
                value={psychotherapyConfirm}
                onChange={(event) => setPsychotherapyConfirm(event.target.value)}
                error={errors.psychotherapyConfirm}
                required
              />
            </fieldset>
          ) : null}
          {failure ? (
            <p className="form-error" role="alert">
              {failure}
            </p>
          ) : null}
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Creating the vault…' : 'Create vault'}
            </button>
          </div>
          {busy ? (
            <p className="field-hint" role="status">
              Deriving the encryption keys takes a few seconds.
            </p>
          ) : null}
        </form>
        <div className="gate-footer">
          <button type="button" className="link-button" onClick={() => setRestoring(true)} disabled={busy}>
            Restore from a backup
          </button>
          <p className="field-hint">Moving from another computer? Restore your latest backup instead of creating a vault.</p>
        </div>
      </div>
    </main>
  );
}
