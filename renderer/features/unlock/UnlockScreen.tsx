import { useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { describeError, formatWait } from '../../api/errorText';
import { isApiError } from '../../api/vaultApi';
import { TextField } from '../../components/Field';
import { PageHeading } from '../../components/PageHeading';
import { useNow } from '../../components/useNow';
import { selectRestoreFailure } from '../../stores/backupStore';
import { useStores } from '../../stores/StoresContext';
import { RecoveryKeyForm } from './RecoveryKeyForm';

/** The lock screen: the passphrase, the throttle's wait, and the way in with the recovery key. */
export function UnlockScreen() {
  const { vault, backup } = useStores();
  const unlock = useStore(vault, (state) => state.unlock);
  const restoreFailure = useStore(backup, selectRestoreFailure);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [recovering, setRecovering] = useState(false);
  const now = useNow(retryAt !== null);
  const secondsLeft = retryAt === null ? 0 : Math.ceil((retryAt - now) / 1000);
  const waiting = secondsLeft > 0;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase || waiting) return;
    setBusy(true);
    setFailure(null);
    try {
      await unlock(passphrase);
    } catch (error) {
      setPassphrase('');
      if (isApiError(error) && error.code === 'THROTTLED') {
        setRetryAt(Date.now() + (error.retryAfterMs ?? 1000));
        setFailure(null);
      } else {
        setRetryAt(null);
        setFailure(describeError(error));
      }
      setBusy(false);
    }
  };

  if (recovering) {
    return (
      <main className="gate">
        <div className="gate-card">
          <p className="app-name">Therapist Vault</p>
          <PageHeading>Unlock with the recovery key</PageHeading>
          <RecoveryKeyForm onCancel={() => setRecovering(false)} />
        </div>
      </main>
    );
  }

  return (
    <main className="gate">
      <div className="gate-card">
        <p className="app-name">Therapist Vault</p>
        <PageHeading>Vault locked</PageHeading>
        <p className="lead">Enter your passphrase to open your notes.</p>
        {restoreFailure ? (
          <p className="form-error" role="alert">
            The restore did not finish: {restoreFailure} Your own vault is back in place; unlock it with its passphrase.
          </p>
        ) : null}
        <form className="stack" onSubmit={onSubmit} noValidate>
          <TextField
            label="Passphrase"
            type="password"
            autoComplete="current-password"
            value={passphrase}
            onChange={(event) => setPassphrase(event.target.value)}
            required
          />
          {failure ? (
            <p className="form-error" role="alert">
              {failure}
            </p>
          ) : null}
          <div role="status" className="throttle-status">
            {waiting ? (
              <p className="form-warning">Too many attempts. Try again in {formatWait(secondsLeft)}.</p>
            ) : retryAt !== null ? (
              <p className="field-hint">You can try again now.</p>
            ) : null}
          </div>
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={busy || waiting || !passphrase}>
              {busy ? 'Unlocking…' : 'Unlock'}
            </button>
          </div>
        </form>
        <div className="gate-footer">
          <button type="button" className="link-button" onClick={() => setRecovering(true)}>
            Use recovery key
          </button>
          <p className="field-hint">Forgot your passphrase? The recovery key lets you set a new one.</p>
        </div>
      </div>
    </main>
  );
}
