import { useStore } from 'zustand';
import { selectOutcome } from '../../stores/backupStore';
import { useStores } from '../../stores/StoresContext';
import { VerifyReportView } from './VerifyReportView';

function rowCount(total: number): string {
  return total === 1 ? '1 row' : `${total.toLocaleString()} rows`;
}

/** After a restore: what was restored and what its check found, at the top of the settings screen. */
export function RestoreNotice() {
  const { backup } = useStores();
  const outcome = useStore(backup, selectOutcome);
  if (outcome?.kind !== 'restored') return null;
  const checked = outcome.report.tables.filter((table) => !table.skipped).reduce((sum, table) => sum + table.intact, 0);
  return (
    <div className="section restore-notice">
      <p className="form-success" role="status">
        The backup has been restored and the vault is open on it ({rowCount(checked)} checked). The vault it replaced
        is kept aside in the vault’s folder.
      </p>
      <VerifyReportView title="What the restored backup holds" report={outcome.report} />
    </div>
  );
}
