import { bindKey, TextField } from '../../components/Field';

export interface BackupPassphrases {
  passphrase: string;
  psychotherapy: string;
}

export const NO_PASSPHRASES: BackupPassphrases = { passphrase: '', psychotherapy: '' };

/** The request fields main expects: a blank passphrase is left out rather than sent empty. */
export function passphraseRequest(values: BackupPassphrases): { passphrase?: string; psychotherapyPassphrase?: string } {
  return {
    ...(values.passphrase ? { passphrase: values.passphrase } : {}),
    ...(values.psychotherapy ? { psychotherapyPassphrase: values.psychotherapy } : {}),
  };
}

interface BackupPassphraseFieldsProps {
  values: BackupPassphrases;
  onChange(values: BackupPassphrases): void;
  /** "Vault passphrase of the backup"; "(optional)" is added when it may be left blank. */
  required: boolean;
  error?: string | null;
  disabled?: boolean;
}

/** The passphrases a backup opens with: those the vault had when the backup was made. */
export function BackupPassphraseFields({ values, onChange, required, error, disabled }: BackupPassphraseFieldsProps) {
  return (
    <div className="grid-2 backup-passphrases">
      <TextField
        label={required ? 'Vault passphrase of the backup' : 'Vault passphrase of the backup (optional)'}
        hint="The passphrase the vault had when the backup was made."
        type="password"
        autoComplete="off"
        {...bindKey(values, 'passphrase', onChange)}
        error={error}
        disabled={disabled}
        required={required}
      />
      <TextField
        label="Psychotherapy passphrase of the backup (optional)"
        hint="Only if it differed from the vault passphrase. Without it, psychotherapy notes are not decrypted to check them."
        type="password"
        autoComplete="off"
        {...bindKey(values, 'psychotherapy', onChange)}
        disabled={disabled}
      />
    </div>
  );
}
