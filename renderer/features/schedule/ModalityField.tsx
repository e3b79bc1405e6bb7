import type { Modality } from '../../../shared/domain/schemas';
import { MODALITIES } from '../../../shared/domain/schemas';
import { MODALITY_LABELS } from '../../../shared/domain/modalityLabels';
import { Options, SelectField } from '../../components/Field';

/** How a session is held, chosen by its short label: the same control for one session and a standing appointment. */
export function ModalityField({ value, onChange }: { value: Modality; onChange(modality: Modality): void }) {
  return (
    <SelectField label="Modality" value={value} onChange={(event) => onChange(event.target.value as Modality)}>
      <Options values={MODALITIES} label={(modality) => MODALITY_LABELS[modality].short} />
    </SelectField>
  );
}
