import { useEffect } from 'react';
import { useStore } from 'zustand';
import { CreateVaultScreen } from './features/create/CreateVaultScreen';
import { BackupSetupScreen } from './features/create/BackupSetupScreen';
import { RecoveryKeyScreen } from './features/create/RecoveryKeyScreen';
import { RestoringScreen } from './features/settings/RestoringScreen';
import { Shell } from './features/shell/Shell';
import { UnlockScreen } from './features/unlock/UnlockScreen';
import { selectRestoring } from './stores/backupStore';
import { useStores } from './stores/StoresContext';
import { selectPhase } from './stores/vaultStore';

function Message({ title, text }: { title: string; text: string }) {
  return (
    <main className="gate">
      <div className="gate-card">
        <p className="app-name">Therapist Vault</p>
        <h1 className="page-heading">{title}</h1>
        <p className="lead">{text}</p>
      </div>
    </main>
  );
}

/** Picks the screen from the vault's phase; the lock screen replaces everything when main locks. */
export function App() {
  const { vault, backup } = useStores();
  const phase = useStore(vault, selectPhase);
  const restoring = useStore(backup, selectRestoring);

  useEffect(() => {
    void vault.getState().start();
  }, [vault]);

  // A restore locks the vault while it swaps the file; that lock is not one to answer with a passphrase.
  if (restoring && phase === 'locked') return <RestoringScreen />;

  switch (phase) {
    case 'starting':
      return <Message title="Opening the vault…" text="One moment." />;
    case 'unavailable':
      return <Message title="The vault is not reachable" text="Close the window and start Therapist Vault again." />;
    case 'absent':
      return <CreateVaultScreen />;
    case 'recovery-key':
      return <RecoveryKeyScreen />;
    case 'backup-setup':
      return <BackupSetupScreen />;
    case 'locked':
      return <UnlockScreen />;
    case 'open':
      return <Shell />;
  }
}
