import { useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { describeError, formatWait, secondsToWait } from '../../api/errorText';
import { isApiError } from '../../api/vaultApi';
import { CheckboxField, TextField } from '../../components/Field';
import { MIN_PASSPHRASE_LENGTH } from '../create/passphraseStrength';
import { StrengthMeter } from '../create/StrengthMeter';
import { useStores } from '../../stores/StoresContext';

const RECOVERY_KEY_SHAPE = /^[0-9a-f]{64}$/;

interface Errors {
  recoveryKey?: string;
  passphrase?: string;
  confirm?: string;
  psychotherapy?: string;
  psychotherapyConfirm?: string;
}

function pairErrors(passphrase: string, confirm: string): { passphrase?: string; confirm?: string } {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) return { passphrase: `Use at least ${MIN_PASSPHRASE_LENGTH} characters.` };
  if (passphrase !== confirm) return { confirm: 'The two passphrases do not match.' };
  return {};
}

/** Main's refusals in the therapist's terms; its INVALID_INPUT text names request fields, not what to fix. */
function recoveryFailure(error: unknown): string {
  if (!isApiError(error)) return describeError(error);
  switch (error.code) {
    case 'THROTTLED':
      return `Too many attempts. Try again in ${formatWait(secondsToWait(error.retryAfterMs ?? 1000))}.`;
    case 'WRONG_RECOVERY_KEY':
      return 'That recovery key does not open this vault. Check it against your printed copy, group by group.';
    case 'INVALID_INPUT':
      return 'The vault could not accept that: check that the recovery key is 8 groups of 8 letters and digits, and that each new passphrase has 12 to 1024 characters.';
    default:
      return describeError(error);
  }
}

/**
 * Forgotten passphrase: the recovery key from the first run opens the vault,
 * and the therapist chooses a new passphrase in the same step (the old one
 * stops working). The psychotherapy passphrase is replaced only if asked.
 */
export function RecoveryKeyForm({ onCancel }: { onCancel(): void }) {
  const { vault } = useStores();
  const unlockWithRecoveryKey = useStore(vault, (state) => state.unlockWithRecoveryKey);
  const [recoveryKey, setRecoveryKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [replacePsychotherapy, setReplacePsychotherapy] = useState(false);
  const [psychotherapy, setPsychotherapy] = useState('');
  const [psychotherapyConfirm, setPsychotherapyConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = { ...pairErrors(passphrase, confirm) };
    if (!RECOVERY_KEY_SHAPE.test(recoveryKey.toLowerCase().replace(/[\s-]/g, ''))) {
      found.recoveryKey = 'A recovery key is 64 letters and digits, in 8 groups of 8.';
    }
    if (replacePsychotherapy) {
      const psych = pairErrors(psychotherapy, psychotherapyConfirm);
      if (psych.passphrase) found.psychotherapy = psych.passphrase;
      if (psych.confirm) found.psychotherapyConfirm = psych.confirm;
    }
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await unlockWithRecoveryKey({
        recoveryKey,
        newPassphrase: passphrase,
        ...(replacePsychotherapy ? { newPsychotherapyPassphrase: psychotherapy } : {}),
      });
    } catch (error) {
      setBusy(false);
      setFailure(recoveryFailure(error));
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Unlock with the recovery key">
      <TextField
        label="Recovery key"
        hint="As printed when the vault was created: 8 groups of 8 letters and digits."
        className="recovery-key-field"
        autoComplete="off"
        spellCheck={false}
        autoFocus
        value={recoveryKey}
        onChange={(event) => setRecoveryKey(event.target.value)}
        error={errors.recoveryKey}
        required
      />
      <TextField
        label="New vault passphrase"
        type="password"
        autoComplete="new-password"
        value={passphrase}
        onChange={(event) => setPassphrase(event.target.value)}
        error={errors.passphrase}
        hint={`At least ${MIN_PASSPHRASE_LENGTH} characters. It replaces the passphrase you forgot.`}
        required
      />
      <StrengthMeter passphrase={passphrase} />
      <TextField
        label="Confirm new vault passphrase"
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(event) => setConfirm(event.target.value)}
        error={errors.confirm}
        required
      />
      <CheckboxField
        label="Also replace the psychotherapy notes passphrase"
        hint="Leave this off if you still know it."
        checked={replacePsychotherapy}
        onChange={(event) => setReplacePsychotherapy(event.target.checked)}
      />
      {replacePsychotherapy ? (
        <fieldset className="subgroup psychotherapy-accent">
          <legend>New psychotherapy notes passphrase</legend>
          <TextField
            label="New psychotherapy passphrase"
            type="password"
            autoComplete="new-password"
            value={psychotherapy}
            onChange={(event) => setPsychotherapy(event.target.value)}
            error={errors.psychotherapy}
            required
          />
          <TextField
            label="Confirm new psychotherapy passphrase"
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
          {busy ? 'Unlocking…' : 'Unlock and set the new passphrase'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Back to the passphrase
        </button>
      </div>
    </form>
  );
}
