import { useState } from 'react';
import { CheckboxField } from './Field';

interface RecoveryKeySheetProps {
  /** Null only in the moment before the key arrives. */
  recoveryKey: string | null;
  /** The checkbox the therapist ticks once the key is put away. */
  storedLabel: string;
  /** The button that leaves the key behind, enabled once that box is ticked. */
  doneLabel: string;
  onStored(): void;
}

/**
 * A recovery key shown its one time: the key, a print button (printing shows
 * only the sheet it stands in), and a way on only after the therapist says it
 * is stored.
 */
export function RecoveryKeySheet({ recoveryKey, storedLabel, doneLabel, onStored }: RecoveryKeySheetProps) {
  const [stored, setStored] = useState(false);
  return (
    <>
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
        <CheckboxField label={storedLabel} checked={stored} onChange={(event) => setStored(event.target.checked)} />
        <div className="actions">
          <button type="button" className="button button-primary" disabled={!stored} onClick={onStored}>
            {doneLabel}
          </button>
        </div>
      </div>
    </>
  );
}
