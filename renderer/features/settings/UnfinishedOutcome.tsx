// How a backup, verify or restore that did not finish ended: nothing was
// chosen in main's file dialog (`cancelled` says what therefore did not
// happen), or main refused and said why.
import { useStore } from 'zustand';
import type { BackupOperation } from '../../../shared/domain/backup';
import { FormError } from '../../components/FormError';
import { selectOutcome } from '../../stores/backupStore';
import { useStores } from '../../stores/StoresContext';

export function UnfinishedOutcome({ operation, cancelled }: { operation: BackupOperation; cancelled: string }) {
  const { backup } = useStores();
  const outcome = useStore(backup, selectOutcome);
  if (outcome?.kind === 'cancelled' && outcome.operation === operation) return <p className="field-hint">{cancelled}</p>;
  if (outcome?.kind === 'failed' && outcome.operation === operation) return <FormError message={outcome.message} />;
  return null;
}
