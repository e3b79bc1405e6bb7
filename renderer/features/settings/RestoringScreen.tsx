import { PageHeading } from '../../components/PageHeading';
import { BackupProgressBar } from './BackupProgressBar';

/**
 * Shown while a restore swaps the vault file: the vault is locked for that
 * moment and every store has been emptied, but this is not a lock to answer
 * with a passphrase. Main reopens the restored vault itself.
 */
export function RestoringScreen() {
  return (
    <main className="gate">
      <div className="gate-card">
        <p className="app-name">Therapist Vault</p>
        <PageHeading>Restoring the backup</PageHeading>
        <p className="lead">
          The vault is locked while the restored copy is put in place and opened. This takes a few seconds; the vault
          opens again by itself.
        </p>
        <BackupProgressBar operation="restore" />
      </div>
    </main>
  );
}
