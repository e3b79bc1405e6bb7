import { useState } from 'react';
import type { FormEvent } from 'react';
import { describeError } from '../../api/errorText';
import { isApiError } from '../../api/vaultApi';
import { TextField } from '../../components/Field';
import { MIN_PASSPHRASE_LENGTH } from '../create/passphraseStrength';
import { StrengthMeter } from '../create/StrengthMeter';
import { useStores } from '../../stores/StoresContext';

export type PassphraseKind = 'vault' | 'psychotherapy';

const WORDING: Readonly<Record<PassphraseKind, { name: string; other: string; channel: 'vault.changePassphrase' | 'psychotherapy.changePassphrase' }>> = {
  vault: { name: 'vault passphrase', other: 'psychotherapy passphrase', channel: 'vault.changePassphrase' },
  psychotherapy: { name: 'psychotherapy passphrase', other: 'vault passphrase', channel: 'psychotherapy.changePassphrase' },
};

interface Errors {
  current?: string;
  next?: string;
  confirm?: string;
}

function check(current: string, next: string, confirm: string): Errors {
  const errors: Errors = {};
  if (!current) errors.current = 'Enter the current passphrase.';
  if (next.length < MIN_PASSPHRASE_LENGTH) errors.next = `Use at least ${MIN_PASSPHRASE_LENGTH} characters.`;
  else if (next === current) errors.next = 'Choose a passphrase different from the current one.';
  else if (next !== confirm) errors.confirm = 'The two passphrases do not match.';
  return errors;
}

/**
 * Changes one compartment's passphrase: main re-wraps that key slot only.
 * The other compartment keeps its own passphrase, even when the two were the same.
 */
export function PassphraseChangeForm({ kind }: { kind: PassphraseKind }) {
  const { api } = useStores();
  const { name, other, channel } = WORDING[kind];
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const capitalised = `${name[0]?.toUpperCase()}${name.slice(1)}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = check(current, next, confirm);
    setErrors(found);
    setFailure(null);
    setDone(false);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await api.invoke(channel, { currentPassphrase: current, newPassphrase: next });
      setDone(true);
    } catch (error) {
      setFailure(
        isApiError(error) && error.code === 'WRONG_PASSPHRASE'
          ? `That is not the current ${name}. Nothing was changed.`
          : describeError(error),
      );
    } finally {
      setBusy(false);
      setCurrent('');
      setNext('');
      setConfirm('');
    }
  };

  return (
    <form
      className={kind === 'psychotherapy' ? 'subgroup psychotherapy-accent' : 'subgroup'}
      onSubmit={submit}
      noValidate
      aria-label={`Change the ${name}`}
    >
      <h3>Change the {name}</h3>
      <p className="field-hint">
        Changing it does not change the {other}. Your recovery key stays the same.
      </p>
      <TextField
        label={`Current ${name}`}
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(event) => setCurrent(event.target.value)}
        error={errors.current}
        required
      />
      <TextField
        label={`New ${name}`}
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN_PASSPHRASE_LENGTH} characters.`}
        value={next}
        onChange={(event) => setNext(event.target.value)}
        error={errors.next}
        required
      />
      <StrengthMeter passphrase={next} />
      <TextField
        label={`Confirm new ${name}`}
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(event) => setConfirm(event.target.value)}
        error={errors.confirm}
        required
      />
      {failure ? (
        <p className="form-error" role="alert">
          {failure}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Changing…' : `Change the ${name}`}
        </button>
      </div>
      <p role="status" className="form-status">
        {done ? `${capitalised} changed. Use the new one from now on; the ${other} is unchanged.` : ''}
      </p>
    </form>
  );
}
