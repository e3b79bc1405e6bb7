// How a session's modality is named: briefly on screen, in full on an
// exported note, whose reader outside the practice may need the longer word.
import type { Modality } from './schemas';

export const MODALITY_LABELS: Readonly<Record<Modality, { readonly short: string; readonly full: string }>> = {
  'in-person': { short: 'In person', full: 'In person' },
  video: { short: 'Video', full: 'Video (telehealth)' },
  phone: { short: 'Phone', full: 'Telephone' },
};
