// The client's diagnoses as checkboxes, "code description" each, for picking
// the ones a treatment-plan problem or a progress note is about.
import type { Diagnosis } from '../../../shared/domain/records';
import { CheckboxField } from '../../components/Field';

interface DiagnosisChecksProps {
  diagnoses: readonly Diagnosis[];
  /** The ids ticked. */
  chosen: readonly string[];
  onToggle(diagnosisId: string, on: boolean): void;
}

export function DiagnosisChecks({ diagnoses, chosen, onToggle }: DiagnosisChecksProps) {
  return diagnoses.map((diagnosis) => (
    <CheckboxField
      key={diagnosis.id}
      label={`${diagnosis.code} ${diagnosis.description}`}
      checked={chosen.includes(diagnosis.id)}
      onChange={(event) => onToggle(diagnosis.id, event.target.checked)}
    />
  ));
}
