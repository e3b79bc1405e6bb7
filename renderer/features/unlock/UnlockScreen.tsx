import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { bindValue, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { GateScreen } from '../../components/GateScreen';
import { useThrottleWait } from '../../components/ThrottleWait';
import { useSubmit } from '../../components/useSubmit';
import { selectRestoreFailure } from '../../stores/backupStore';
import { useStores } from '../../stores/StoresContext';
import { RecoveryKeyForm } from './RecoveryKeyForm';

/** The lock screen: the passphrase, the throttle's wait, and the way in with the recovery key. */
export function UnlockScreen() {
  const { vault, backup } = useStores();
  const unlock = useStore(vault, (state) => state.unlock);
  const restoreFailure = useStore(backup, selectRestoreFailure);
  const [passphrase, setPassphrase] = useState('');
  const [recovering, setRecovering] = useState(false);
  const throttle = useThrottleWait();
  const { waiting } = throttle;

  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const focusPassphrase = () => formRef.current?.querySelector<HTMLInputElement>('input[type="password"]')?.focus();

  // After the heading's own focus on mount: a passphrase typed straight after a lock lands in the field.
  useEffect(() => {
    if (!recovering) focusPassphrase();
  }, [recovering]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase || waiting) return;
    throttle.attempting();
    await submit.run(async () => {
      try {
        await unlock(passphrase);
      } catch (error) {
        setPassphrase('');
        requestAnimationFrame(focusPassphrase);
        if (!throttle.refusedBy(error)) throw error;
      }
    });
  };

  if (recovering) {
    return (
      <GateScreen title="Unlock with the recovery key">
        <RecoveryKeyForm onCancel={() => setRecovering(false)} />
      </GateScreen>
    );
  }

  return (
    <GateScreen title="Vault locked">
      <p className="lead">Enter your passphrase to open your notes.</p>
      <FormError
        message={
          restoreFailure
            ? `The restore did not finish: ${restoreFailure} Your own vault is back in place; unlock it with its passphrase.`
            : null
        }
      />
      <form ref={formRef} className="stack" onSubmit={onSubmit} noValidate>
        <TextField
          label="Passphrase"
          type="password"
          autoComplete="current-password"
          {...bindValue(passphrase, setPassphrase)}
          required
        />
        <FormError message={submit.failure} />
        {throttle.status}
        <FormActions submit="Unlock" submitting="Unlocking…" busy={submit.busy} blocked={waiting || !passphrase} />
      </form>
      <div className="gate-footer">
        <button type="button" className="link-button" onClick={() => setRecovering(true)}>
          Use recovery key
        </button>
        <p className="field-hint">Forgot your passphrase? The recovery key lets you set a new one.</p>
      </div>
    </GateScreen>
  );
}
