import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import type { BackupSettingsView } from '../../../shared/domain/backup';
import { bindValue, CheckboxField, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { formatDateTime } from '../../components/format';
import { selectBackupSettings, selectOutcome, selectRunning } from '../../stores/backupStore';
import { useStores } from '../../stores/StoresContext';
import { BackupPassphraseFields, NO_PASSPHRASES, passphraseRequest } from './BackupPassphraseFields';
import type { BackupPassphrases } from './BackupPassphraseFields';
import { BackupProgressBar } from './BackupProgressBar';
import { automaticBackupWarning, formatBytes, lastAutomaticText } from './backupText';
import { RestoreForm } from './RestoreForm';
import { UnfinishedOutcome } from './UnfinishedOutcome';
import { VerifyReportView } from './VerifyReportView';

const KEEP_MIN = 1;
const KEEP_MAX = 365;

function keepError(value: string): string | null {
  const keep = Number(value);
  return Number.isInteger(keep) && keep >= KEEP_MIN && keep <= KEEP_MAX ? null : `Enter a whole number from ${KEEP_MIN} to ${KEEP_MAX}.`;
}

/** The folder (by name: where it lives stays in main), the automatic backup and how many are kept. */
function AutomaticBackups({ settings }: { settings: BackupSettingsView }) {
  const { backup } = useStores();
  const [automatic, setAutomatic] = useState(settings.automatic);
  const [keep, setKeep] = useState(String(settings.keep));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const error = keepError(keep);
  const warning = automaticBackupWarning(settings, Date.now());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (error) return;
    setBusy(true);
    setSaved(false);
    setSaved(await backup.getState().savePreferences({ automatic, keep: Number(keep) }));
    setBusy(false);
  };

  return (
    <form className="subgroup" onSubmit={submit} onChangeCapture={() => setSaved(false)} noValidate aria-label="Automatic backups">
      <h3>Automatic backups</h3>
      <div className="backup-folder">
        <p>
          Backup folder: <strong>{settings.folderName ?? 'none chosen'}</strong>
        </p>
        <button type="button" className="button" onClick={() => void backup.getState().chooseFolder()}>
          Choose folder…
        </button>
      </div>
      <CheckboxField
        label="Back up automatically when the vault locks (at most once a day)"
        hint="Into the folder above. An external drive or a folder your own cloud service syncs works well; the backup stays encrypted."
        checked={automatic}
        onChange={(event) => setAutomatic(event.target.checked)}
      />
      <TextField
        label="Number of automatic backups to keep"
        hint="Older automatic backups are deleted; backups you make yourself are never deleted."
        className="keep-field"
        type="number"
        min={KEEP_MIN}
        max={KEEP_MAX}
        inputMode="numeric"
        error={error}
        {...bindValue(keep, setKeep)}
      />
      <p>
        Last automatic backup: <strong>{lastAutomaticText(settings)}</strong>
      </p>
      {warning ? <p className="form-warning">{warning}</p> : null}
      <FormActions submit="Save backup settings" busy={busy}>
        <p role="status" className="form-status">
          {saved ? 'Saved the backup settings' : ''}
        </p>
      </FormActions>
    </form>
  );
}

function BackUpNow() {
  const { backup } = useStores();
  const running = useStore(backup, selectRunning);
  const outcome = useStore(backup, selectOutcome);
  return (
    <div className="stack">
      <p className="field-hint">You choose the folder in the next step. The backup is a copy of the vault, still encrypted, with a small file of its fingerprint beside it.</p>
      <div className="actions">
        <button type="button" className="button" disabled={running !== null} onClick={() => void backup.getState().backUpNow()}>
          Back up now…
        </button>
      </div>
      <BackupProgressBar operation="backup" />
      {outcome?.kind === 'created' ? (
        <p className="form-success" role="status">
          Backed up to {outcome.backup.fileName} ({formatBytes(outcome.backup.sizeBytes)}) at{' '}
          {formatDateTime(outcome.backup.createdAt)}.
        </p>
      ) : null}
      <UnfinishedOutcome operation="backup" cancelled="No folder was chosen; no backup was made." />
    </div>
  );
}

function VerifyBackup() {
  const { backup } = useStores();
  const running = useStore(backup, selectRunning);
  const outcome = useStore(backup, selectOutcome);
  const [values, setValues] = useState<BackupPassphrases>(NO_PASSPHRASES);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request = passphraseRequest(values);
    setValues(NO_PASSPHRASES);
    void backup.getState().verify(request);
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Verify a backup">
      <p className="field-hint">
        Checks a backup without changing anything: its fingerprint, the database structure and, with the passphrase,
        that every row decrypts.
      </p>
      <BackupPassphraseFields values={values} onChange={setValues} required={false} disabled={running !== null} />
      <div className="actions">
        <button type="submit" className="button" disabled={running !== null}>
          Verify a backup…
        </button>
      </div>
      <BackupProgressBar operation="verify" />
      {outcome?.kind === 'verified' ? <VerifyReportView title={`Verification of ${outcome.fileName}`} report={outcome.report} /> : null}
      <UnfinishedOutcome operation="verify" cancelled="No file was chosen; nothing was checked." />
    </form>
  );
}

/** Backups: where they go, the automatic one, and backing up, verifying and restoring by hand. */
export function BackupSection() {
  const { backup } = useStores();
  const settings = useStore(backup, selectBackupSettings);
  const settingsError = useStore(backup, (state) => state.settingsError);
  const headingId = useId();

  useEffect(() => {
    void backup.getState().load();
  }, [backup]);

  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>Backups</h2>
      <FormError message={settingsError} />
      {settings ? <AutomaticBackups settings={settings} /> : null}
      <div className="subgroup">
        <h3>Back up now</h3>
        <BackUpNow />
      </div>
      <div className="subgroup">
        <h3>Verify a backup</h3>
        <VerifyBackup />
      </div>
      <div className="subgroup">
        <h3>Restore from a backup</h3>
        <p className="field-hint">
          Replaces this vault with a backup. The current vault is kept aside, not deleted.
        </p>
        <RestoreForm replacesVault />
      </div>
    </section>
  );
}
