import { useStore } from 'zustand';
import { FormError } from '../../components/FormError';
import { GateScreen } from '../../components/GateScreen';
import { useSubmit } from '../../components/useSubmit';
import { useStores } from '../../stores/StoresContext';

/**
 * The first-run step after the recovery key: where backups go. Choosing a
 * folder turns on the automatic backup before each lock; skipping leaves a
 * reminder on Today until one is chosen.
 */
export function BackupSetupScreen() {
  const { vault, backup } = useStores();
  const settingsError = useStore(backup, (state) => state.settingsError);
  const finish = useStore(vault, (state) => state.finishBackupSetup);
  const submit = useSubmit();

  const choose = () =>
    submit.run(async () => {
      await backup.getState().chooseFolder();
      if (backup.getState().settings?.folderName) finish();
    });

  return (
    <GateScreen title="Choose a backup folder">
      <p className="lead">
        A copy of the vault, still encrypted, is saved there before each lock, once a day. Pick a folder on another
        drive or a synced folder, so a lost or broken computer does not take your notes with it.
      </p>
      <FormError message={settingsError} />
      <div className="actions">
        <button type="button" className="button button-primary" disabled={submit.busy} onClick={() => void choose()}>
          Choose backup folder…
        </button>
        <button type="button" className="button" disabled={submit.busy} onClick={finish}>
          Skip for now
        </button>
      </div>
      <p className="field-hint">You can choose or change the folder later in Settings.</p>
    </GateScreen>
  );
}
