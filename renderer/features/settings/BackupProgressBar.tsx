import { useId } from 'react';
import { useStore } from 'zustand';
import type { BackupOperation } from '../../../shared/domain/backup';
import { selectProgress, selectRunning } from '../../stores/backupStore';
import { useStores } from '../../stores/StoresContext';
import { OPERATION_TEXT, STAGE_TEXT, WAITING_TEXT } from './backupText';

/**
 * The stage main reports for a running backup, verify or restore, and how
 * far it has got; indeterminate while a stage gives no count.
 */
export function BackupProgressBar({ operation }: { operation: BackupOperation }) {
  const { backup } = useStores();
  const running = useStore(backup, selectRunning);
  const progress = useStore(backup, selectProgress);
  const id = useId();
  if (running !== operation) return null;
  const counted = progress !== null && progress.total > 0;
  return (
    <div className="backup-progress" role="status">
      <label htmlFor={id}>
        {OPERATION_TEXT[operation]}: {progress ? STAGE_TEXT[progress.stage] : WAITING_TEXT[operation]}…
      </label>
      <progress id={id} max={counted ? progress.total : undefined} value={counted ? Math.min(progress.done, progress.total) : undefined} />
    </div>
  );
}
