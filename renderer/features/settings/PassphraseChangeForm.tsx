import { useState } from 'react';
import type { FormEvent } from 'react';
import { describeError } from '../../api/errorText';
import { isApiError } from '../../api/vaultApi';
import { bindValue, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { useSubmit } from '../../components/useSubmit';
import { hasErrors, LENGTH_HINT, NewPassphraseFields, newPassphraseErrors, NO_NEW_PASSPHRASE } from '../create/NewPassphraseFields';
import type { NewPassphrase, NewPassphraseErrors } from '../create/NewPassphraseFields';
import { MIN_PASSPHRASE_LENGTH } from '../create/passphraseStrength';
import { useStores } from '../../stores/StoresContext';

export type PassphraseKind = 'vault' | 'psychotherapy';

const WORDING: Readonly<Record<PassphraseKind, { name: string; other: string; channel: 'vault.changePassphrase' | 'psychotherapy.changePassphrase' }>> = {
  vault: { name: 'vault passphrase', other: 'psychotherapy passphrase', channel: 'vault.changePassphrase' },
  psychotherapy: { name: 'psychotherapy passphrase', other: 'vault passphrase', channel: 'psychotherapy.changePassphrase' },
};

interface Errors {
  current?: string;
  next: NewPassphraseErrors;
}

function check(current: string, next: NewPassphrase): Errors {
  const reused = next.passphrase.length >= MIN_PASSPHRASE_LENGTH && next.passphrase === current;
  return {
    ...(current ? {} : { current: 'Enter the current passphrase.' }),
    next: reused ? { passphrase: 'Choose a passphrase different from the current one.' } : newPassphraseErrors(next),
  };
}

/**
 * Changes one compartment's passphrase: main re-wraps that key slot only.
 * The other compartment keeps its own passphrase, even when the two were the same.
 */
export function PassphraseChangeForm({ kind }: { kind: PassphraseKind }) {
  const { api } = useStores();
  const { name, other, channel } = WORDING[kind];
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState(NO_NEW_PASSPHRASE);
  const [errors, setErrors] = useState<Errors>({ next: {} });
  const [done, setDone] = useState(false);
  const submit = useSubmit((error) =>
    isApiError(error) && error.code === 'WRONG_PASSPHRASE' ? `That is not the current ${name}. Nothing was changed.` : describeError(error),
  );
  const capitalised = `${name[0]?.toUpperCase()}${name.slice(1)}`;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found = check(current, next);
    setErrors(found);
    submit.setFailure(null);
    setDone(false);
    if (found.current || hasErrors(found.next)) return;
    const changed = await submit.run(() => api.invoke(channel, { currentPassphrase: current, newPassphrase: next.passphrase }));
    setDone(changed);
    setCurrent('');
    setNext(NO_NEW_PASSPHRASE);
  };

  return (
    <form
      className={kind === 'psychotherapy' ? 'subgroup psychotherapy-accent' : 'subgroup'}
      onSubmit={onSubmit}
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
        {...bindValue(current, setCurrent)}
        error={errors.current}
        required
      />
      <NewPassphraseFields label={`New ${name}`} hint={LENGTH_HINT} value={next} onChange={setNext} errors={errors.next} />
      <FormError message={submit.failure} />
      <FormActions submit={`Change the ${name}`} submitting="Changing…" busy={submit.busy} />
      <p role="status" className="form-status">
        {done
          ? `${capitalised} changed. Use the new one from now on; the ${other} is unchanged. If the old one may be known to someone, rotate the keys below.`
          : ''}
      </p>
    </form>
  );
}
