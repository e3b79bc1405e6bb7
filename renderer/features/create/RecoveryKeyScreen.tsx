import { useStore } from 'zustand';
import { GateScreen } from '../../components/GateScreen';
import { RecoveryKeySheet } from '../../components/RecoveryKeySheet';
import { useStores } from '../../stores/StoresContext';
import { selectRecoveryKey } from '../../stores/vaultStore';

/** The recovery key, shown once after creation; printing shows only the key sheet. */
export function RecoveryKeyScreen() {
  const { vault } = useStores();
  const recoveryKey = useStore(vault, selectRecoveryKey);
  const confirmStored = useStore(vault, (state) => state.confirmRecoveryKeyStored);

  return (
    <GateScreen title="Your recovery key" className="print-sheet">
      <p className="lead">
        If you forget your passphrase, this key is the only way back into your notes. It is shown this once: print it
        or write it down, and keep it somewhere safe away from this computer.
      </p>
      <RecoveryKeySheet
        recoveryKey={recoveryKey}
        storedLabel="I have stored the recovery key somewhere safe"
        doneLabel="Continue to the vault"
        onStored={confirmStored}
      />
    </GateScreen>
  );
}
