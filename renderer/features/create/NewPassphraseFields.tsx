// Choosing a new passphrase: the passphrase with how strong it is, then the
// same again to confirm. The first run, the recovery key and the passphrase
// change all ask for one this way; the first two also offer one for the
// psychotherapy notes behind a checkbox.
import { useState } from 'react';
import { bindKey, CheckboxField, TextField } from '../../components/Field';
import { MIN_PASSPHRASE_LENGTH } from './passphraseStrength';
import { StrengthMeter } from './StrengthMeter';

export interface NewPassphrase {
  passphrase: string;
  confirm: string;
}

export type NewPassphraseErrors = Partial<Record<keyof NewPassphrase, string>>;

/** A new psychotherapy passphrase, asked for only once `chosen` is ticked. */
export interface OptionalPassphrase extends NewPassphrase {
  chosen: boolean;
}

export const NO_NEW_PASSPHRASE: NewPassphrase = { passphrase: '', confirm: '' };
export const NOT_CHOSEN: OptionalPassphrase = { ...NO_NEW_PASSPHRASE, chosen: false };

export const LENGTH_HINT = `At least ${MIN_PASSPHRASE_LENGTH} characters.`;

export function newPassphraseErrors({ passphrase, confirm }: NewPassphrase): NewPassphraseErrors {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) return { passphrase: `Use at least ${MIN_PASSPHRASE_LENGTH} characters.` };
  if (passphrase !== confirm) return { confirm: 'The two passphrases do not match.' };
  return {};
}

export function optionalPassphraseErrors(value: OptionalPassphrase): NewPassphraseErrors {
  return value.chosen ? newPassphraseErrors(value) : {};
}

export function hasErrors(errors: NewPassphraseErrors): boolean {
  return errors.passphrase !== undefined || errors.confirm !== undefined;
}

export interface NewPassphrasesErrors {
  vault: NewPassphraseErrors;
  psychotherapy: NewPassphraseErrors;
}

/**
 * A new vault passphrase and an optional psychotherapy one, as the first run
 * and the recovery key ask for them: their values, and their errors once
 * `check` has run.
 */
export function useNewPassphrases() {
  const [vault, setVault] = useState(NO_NEW_PASSPHRASE);
  const [psychotherapy, setPsychotherapy] = useState(NOT_CHOSEN);
  const [errors, setErrors] = useState<NewPassphrasesErrors>({ vault: {}, psychotherapy: {} });
  return {
    vault,
    setVault,
    psychotherapy,
    setPsychotherapy,
    errors,
    /** Shows what is wrong with either, with a form's own rule added by `extra`; true when both may be sent. */
    check(extra?: (found: NewPassphrasesErrors) => void): boolean {
      const found = { vault: newPassphraseErrors(vault), psychotherapy: optionalPassphraseErrors(psychotherapy) };
      extra?.(found);
      setErrors(found);
      return !hasErrors(found.vault) && !hasErrors(found.psychotherapy);
    },
  };
}

interface NewPassphraseFieldsProps {
  /** "Vault passphrase"; the confirmation is labelled "Confirm vault passphrase". */
  label: string;
  hint?: string;
  value: NewPassphrase;
  onChange(value: NewPassphrase): void;
  errors: NewPassphraseErrors;
}

export function NewPassphraseFields({ label, hint, value, onChange, errors }: NewPassphraseFieldsProps) {
  return (
    <>
      <TextField
        label={label}
        hint={hint}
        type="password"
        autoComplete="new-password"
        {...bindKey(value, 'passphrase', onChange)}
        error={errors.passphrase}
        required
      />
      <StrengthMeter passphrase={value.passphrase} />
      <TextField
        label={`Confirm ${label.charAt(0).toLowerCase()}${label.slice(1)}`}
        type="password"
        autoComplete="new-password"
        {...bindKey(value, 'confirm', onChange)}
        error={errors.confirm}
        required
      />
    </>
  );
}

interface PsychotherapyPassphraseOptionProps extends Omit<NewPassphraseFieldsProps, 'value' | 'onChange'> {
  /** The checkbox that asks for the passphrase, and its hint. */
  option: string;
  optionHint: string;
  legend: string;
  value: OptionalPassphrase;
  onChange(value: OptionalPassphrase): void;
}

export function PsychotherapyPassphraseOption({ option, optionHint, legend, value, onChange, ...fields }: PsychotherapyPassphraseOptionProps) {
  return (
    <>
      <CheckboxField
        label={option}
        hint={optionHint}
        checked={value.chosen}
        onChange={(event) => onChange({ ...value, chosen: event.target.checked })}
      />
      {value.chosen ? (
        <fieldset className="subgroup psychotherapy-accent">
          <legend>{legend}</legend>
          <NewPassphraseFields {...fields} value={value} onChange={(next) => onChange({ ...value, ...next })} />
        </fieldset>
      ) : null}
    </>
  );
}
