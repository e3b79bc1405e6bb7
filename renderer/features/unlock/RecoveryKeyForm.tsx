import { useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { describeError } from '../../api/errorText';
import { isApiError } from '../../api/vaultApi';
import { bindValue, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { useSubmit } from '../../components/useSubmit';
import { LENGTH_HINT, NewPassphraseFields, PsychotherapyPassphraseOption, useNewPassphrases } from '../create/NewPassphraseFields';
import { useStores } from '../../stores/StoresContext';

const RECOVERY_KEY_SHAPE = /^[0-9a-f]{64}$/;

const REPLACE_PSYCHOTHERAPY_PASSPHRASE = {
  option: 'Also replace the psychotherapy notes passphrase',
  optionHint: 'Leave this off if you still know it.',
  legend: 'New psychotherapy notes passphrase',
  label: 'New psychotherapy passphrase',
};

/** Main's refusals in the therapist's terms; its INVALID_INPUT text names request fields, not what to fix. */
function recoveryFailure(error: unknown): string {
  if (!isApiError(error)) return describeError(error);
  switch (error.code) {
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
  const [keyError, setKeyError] = useState<string | undefined>();
  const { vault: passphrase, setVault: setPassphrase, psychotherapy, setPsychotherapy, errors, check } = useNewPassphrases();
  const submit = useSubmit(recoveryFailure);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const wrongShape = !RECOVERY_KEY_SHAPE.test(recoveryKey.toLowerCase().replace(/[\s-]/g, ''));
    setKeyError(wrongShape ? 'A recovery key is 64 letters and digits, in 8 groups of 8.' : undefined);
    const valid = check();
    submit.setFailure(null);
    if (wrongShape || !valid) return;
    await submit.run(() =>
      unlockWithRecoveryKey({
        recoveryKey,
        newPassphrase: passphrase.passphrase,
        ...(psychotherapy.chosen ? { newPsychotherapyPassphrase: psychotherapy.passphrase } : {}),
      }),
    );
  };

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Unlock with the recovery key">
      <TextField
        label="Recovery key"
        hint="As printed when the vault was created: 8 groups of 8 letters and digits."
        className="recovery-key-field"
        autoComplete="off"
        spellCheck={false}
        autoFocus
        {...bindValue(recoveryKey, setRecoveryKey)}
        error={keyError}
        required
      />
      <NewPassphraseFields
        label="New vault passphrase"
        hint={`${LENGTH_HINT} It replaces the passphrase you forgot.`}
        value={passphrase}
        onChange={setPassphrase}
        errors={errors.vault}
      />
      <PsychotherapyPassphraseOption {...REPLACE_PSYCHOTHERAPY_PASSPHRASE} value={psychotherapy} onChange={setPsychotherapy} errors={errors.psychotherapy} />
      <FormError message={submit.failure} />
      <FormActions
        submit="Unlock and set the new passphrase"
        submitting="Unlocking…"
        busy={submit.busy}
        onCancel={onCancel}
        cancel="Back to the passphrase"
      />
    </form>
  );
}
