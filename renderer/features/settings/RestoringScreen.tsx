import { GateScreen } from '../../components/GateScreen';
import { BackupProgressBar } from './BackupProgressBar';

/**
 * Shown while a restore swaps the vault file: the vault is locked for that
 * moment and every store has been emptied, but this is not a lock to answer
 * with a passphrase. Main reopens the restored vault itself.
 */
export function RestoringScreen() {
  return (
    <GateScreen title="Restoring the backup">
      <p className="lead">
        The vault is locked while the restored copy is put in place and opened. This takes a few seconds; the vault
        opens again by itself.
      </p>
      <BackupProgressBar operation="restore" />
    </GateScreen>
  );
}
