import type { OutcomeMeasure } from '../../../shared/domain/measures';
import { MEASURES, RESPONSE_LABELS } from '../../../shared/clinical/measures';

/** What the flag says: which item, and the answer given, never more than the questionnaire itself holds. */
export function riskText(measure: OutcomeMeasure): string {
  const item = MEASURES[measure.instrument].riskItem;
  const answer = item === undefined ? 0 : (measure.responses[item] ?? 0);
  return `${MEASURES[measure.instrument].name} item ${(item ?? 0) + 1} (thoughts of death or self-harm) answered "${RESPONSE_LABELS[answer]}". Assess risk and document it in the note.`;
}
