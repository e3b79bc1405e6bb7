// Choosing a new passphrase: the passphrase with how strong it is, then the
// same again to confirm. The first run, the recovery key and the passphrase
// change all ask for one this way.
import { TextField } from '../../components/Field';
import { MIN_PASSPHRASE_LENGTH } from './passphraseStrength';
import { StrengthMeter } from './StrengthMeter';

export interface NewPassphrase {
  passphrase: string;
  confirm: string;
}

export type NewPassphraseErrors = Partial<Record<keyof NewPassphrase, string>>;

export const NO_NEW_PASSPHRASE: NewPassphrase = { passphrase: '', confirm: '' };

export const LENGTH_HINT = `At least ${MIN_PASSPHRASE_LENGTH} characters.`;

export function newPassphraseErrors({ passphrase, confirm }: NewPassphrase): NewPassphraseErrors {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) return { passphrase: `Use at least ${MIN_PASSPHRASE_LENGTH} characters.` };
  if (passphrase !== confirm) return { confirm: 'The two passphrases do not match.' };
  return {};
}

export function hasErrors(errors: NewPassphraseErrors): boolean {
  return errors.passphrase !== undefined || errors.confirm !== undefined;
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
        value={value.passphrase}
        onChange={(event) => onChange({ ...value, passphrase: event.target.value })}
        error={errors.passphrase}
        required
      />
      <StrengthMeter passphrase={value.passphrase} />
      <TextField
        label={`Confirm ${label.charAt(0).toLowerCase()}${label.slice(1)}`}
        type="password"
        autoComplete="new-password"
        value={value.confirm}
        onChange={(event) => onChange({ ...value, confirm: event.target.value })}
        error={errors.confirm}
        required
      />
    </>
  );
}
