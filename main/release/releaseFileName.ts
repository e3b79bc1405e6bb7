import { clientFileTag, localDay } from '../export/exportFormat';
import type { ReleasePlan } from './releasePlan';

/** The save dialog's suggestion: the chart number and what the file is, never the client's name. */
export function defaultReleaseFileName(plan: ReleasePlan, now: Date): string {
  return `${clientFileTag(plan.client)}-psychotherapy-notes-${localDay(now)}.pdf`;
}
