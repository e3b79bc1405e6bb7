// How a session's status is named on screen.
import type { SessionStatus } from './schemas';

export const SESSION_STATUS_LABELS: Readonly<Record<SessionStatus, string>> = {
  scheduled: 'Scheduled',
  attended: 'Attended',
  'no-show': 'No-show',
  'late-cancel': 'Late cancel',
  cancelled: 'Canceled',
};
