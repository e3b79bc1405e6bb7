import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { describeError } from '../../api/errorText';
import { isApiError } from '../../api/vaultApi';
import { bindValue, SelectField, TextField } from '../../components/Field';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormError } from '../../components/FormError';
import { RecoveryKeySheet } from '../../components/RecoveryKeySheet';
import { useSubmit } from '../../components/useSubmit';
import { useStores } from '../../stores/StoresContext';
import type { EventPayloads } from '../../../shared/ipc/events';

type Compartment = 'progress' | 'psychotherapy';
type Progress = EventPayloads['keys.rotationProgress'];
type Pending = { kind: 'rotate'; compartment: Compartment; passphrase: string } | { kind: 'recovery' };

const NAMES: Readonly<Record<Compartment, { keys: string; passphrase: string }>> = {
  progress: { keys: 'the clinical record', passphrase: 'vault passphrase' },
  psychotherapy: { keys: 'the psychotherapy notes', passphrase: 'psychotherapy passphrase' },
};

/** A new recovery key, shown this once, until the therapist says it is stored. */
function NewRecoveryKey({ recoveryKey, onStored }: { recoveryKey: string; onStored(): void }) {
  return (
    <div className="subgroup print-sheet" role="region" aria-label="Your new recovery key">
      <h3>Your new recovery key</h3>
      <p className="field-hint">
        The old recovery key no longer opens the vault. This one is shown once: print it or write it down, and keep it
        somewhere safe away from this computer.
      </p>
      <RecoveryKeySheet
        recoveryKey={recoveryKey}
        storedLabel="I have stored the new recovery key somewhere safe"
        doneLabel="Done"
        onStored={onStored}
      />
    </div>
  );
}

const STOPPED_BY: Partial<Record<NonNullable<Progress['failed']>, string>> = {
  DISK_FULL: 'the disk is full',
  INTEGRITY: 'a record failed its integrity check',
};

/**
 * The re-encryption a rotation leaves running in the background (also one an
 * unlock resumed): how far it has got, or what stopped it.
 */
function RotationStatus({ progress, id }: { progress: Progress | null; id: string }) {
  if (!progress) return null;
  const keys = NAMES[progress.compartment].keys;
  if (progress.failed) {
    return (
      <p role="alert" className="form-error">
        Re-encrypting {keys} stopped ({STOPPED_BY[progress.failed] ?? 'something went wrong'}). Nothing was lost and every record
        that read before still reads; it carries on the next time you unlock.
      </p>
    );
  }
  if (progress.done >= progress.total) {
    return (
      <p role="status" className="form-status">
        Every record of {keys} is now under the new key; the old key is gone.
      </p>
    );
  }
  return (
    <div className="backup-progress" role="status">
      <label htmlFor={id}>
        Re-encrypting {keys}: {progress.done} of {progress.total}. You can keep working meanwhile.
      </label>
      <progress id={id} max={progress.total} value={progress.done} />
    </div>
  );
}

/**
 * Rotating a compartment's key (after a passphrase may have leaked) and
 * replacing the recovery key. Both need the psychotherapy notes open: the
 * new recovery key has to open them too.
 */
export function KeyRotationSection() {
  const { api } = useStores();
  const headingId = useId();
  const [compartment, setCompartment] = useState<Compartment>('progress');
  const [passphrase, setPassphrase] = useState('');
  const [passphraseError, setPassphraseError] = useState<string | undefined>();
  const [pending, setPending] = useState<Pending | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const submit = useSubmit((error) =>
    isApiError(error) && error.code === 'WRONG_PASSPHRASE'
      ? `That is not the ${NAMES[compartment].passphrase}. Nothing was changed.`
      : describeError(error),
  );

  useEffect(() => api.on('keys.rotationProgress', setProgress), [api]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    if (!passphrase) {
      setPassphraseError(`Enter the ${NAMES[compartment].passphrase}.`);
      return;
    }
    setPassphraseError(undefined);
    setPending({ kind: 'rotate', compartment, passphrase });
  };

  const confirm = async () => {
    if (!pending) return;
    let reply: { recoveryKey: string } | null = null;
    const ok = await submit.run(async () => {
      reply =
        pending.kind === 'rotate'
          ? await api.invoke('keys.rotate', { compartment: pending.compartment, passphrase: pending.passphrase })
          : await api.invoke('keys.newRecoveryKey', {});
    });
    setPending(null);
    setPassphrase('');
    if (ok && reply) {
      setRecoveryKey((reply as { recoveryKey: string }).recoveryKey);
      setStatus(
        pending.kind === 'rotate'
          ? `The keys of ${NAMES[pending.compartment].keys} were rotated: everything written from now on is under the new key.`
          : 'A new recovery key was made.',
      );
    }
  };

  if (recoveryKey) {
    return (
      <section className="section" aria-labelledby={headingId}>
        <h2 id={headingId}>Keys</h2>
        <p role="status" className="form-status">
          {status}
        </p>
        <RotationStatus progress={progress} id={`${headingId}-progress`} />
        <NewRecoveryKey recoveryKey={recoveryKey} onStored={() => setRecoveryKey(null)} />
      </section>
    );
  }

  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>Keys</h2>
      <p className="field-hint">
        If a passphrase may be known to someone, change it above, then rotate the keys: everything is re-encrypted under a
        new key, so an old backup and the old passphrase open nothing written from now on. Both need the psychotherapy
        notes open, and both give you a new recovery key; the old one stops working.
      </p>
      <form className="subgroup" onSubmit={onSubmit} noValidate aria-label="Rotate keys">
        <h3>Rotate keys</h3>
        <SelectField label="Keys of" value={compartment} onChange={(event) => setCompartment(event.target.value as Compartment)}>
          <option value="progress">The clinical record (vault passphrase)</option>
          <option value="psychotherapy">The psychotherapy notes (psychotherapy passphrase)</option>
        </SelectField>
        <TextField
          label={`Current ${NAMES[compartment].passphrase}`}
          type="password"
          autoComplete="current-password"
          {...bindValue(passphrase, setPassphrase)}
          error={passphraseError}
          required
        />
        <div className="actions">
          <button type="submit" className="button" disabled={submit.busy}>
            Rotate keys…
          </button>
          <button type="button" className="button" disabled={submit.busy} onClick={() => setPending({ kind: 'recovery' })}>
            New recovery key…
          </button>
        </div>
        <RotationStatus progress={progress} id={`${headingId}-progress`} />
        <FormError message={submit.failure} />
      </form>
      {pending ? (
        <ConfirmDialog
          title={pending.kind === 'rotate' ? 'Rotate the keys?' : 'Make a new recovery key?'}
          confirmLabel={pending.kind === 'rotate' ? 'Rotate keys' : 'Make a new recovery key'}
          onConfirm={() => void confirm()}
          onCancel={() => setPending(null)}
          busy={submit.busy}
          error={submit.failure}
        >
          <p>
            {pending.kind === 'rotate'
              ? `Every record of ${NAMES[pending.compartment].keys} is re-encrypted under a new key, in the background: you can keep working, and if the vault locks first it carries on at the next unlock. `
              : ''}
            You will get a new recovery key, shown once. The old recovery key will no longer open the vault.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
