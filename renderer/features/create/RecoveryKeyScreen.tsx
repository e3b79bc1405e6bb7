import { useState } from 'react';
import { useStore } from 'zustand';
import { CheckboxField } from '../../components/Field';
import { GateScreen } from '../../components/GateScreen';
import { useStores } from '../../stores/StoresContext';
import { selectRecoveryKey } from '../../stores/vaultStore';

/** The recovery key, shown once after creation; printing shows only the key sheet. */
export function RecoveryKeyScreen() {
  const { vault } = useStores();
  const recoveryKey = useStore(vault, selectRecoveryKey);
  const confirmStored = useStore(vault, (state) => state.confirmRecoveryKeyStored);
  const [stored, setStored] = useState(false);

  return (
    <GateScreen title="Your recovery key" className="print-sheet">
      <p className="lead">
        If you forget your passphrase, this key is the only way back into your notes. It is shown this once: print it
        or write it down, and keep it somewhere safe away from this computer.
      </p>
      <p className="recovery-key" aria-label="Recovery key">
        {recoveryKey}
      </p>
      <p className="print-only">Therapist Vault recovery key. Keep this page somewhere safe.</p>
      <div className="actions no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          Print the recovery key
        </button>
      </div>
      <div className="stack no-print">
        <CheckboxField
          label="I have stored the recovery key somewhere safe"
          checked={stored}
          onChange={(event) => setStored(event.target.checked)}
        />
        <div className="actions">
          <button type="button" className="button button-primary" disabled={!stored} onClick={confirmStored}>
            Continue to the vault
          </button>
        </div>
      </div>
    </GateScreen>
  );
}
