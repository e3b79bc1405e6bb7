import type { Session, StandingAppointment } from '../../../shared/domain/records';
import { timeAfter } from '../../../shared/domain/calendar';
import { todayIso } from '../../components/format';
import type { SessionFormValues } from '../schedule/SessionForm';
import { SessionForm } from '../schedule/SessionForm';

interface NewSessionFormProps {
  /** The client's standing appointment: its time, modality and place are the defaults. */
  standing: StandingAppointment | null;
  onCreate(input: SessionFormValues): Promise<Session>;
  onCancel(): void;
}

/** A session for this client, today at the standing time (09:00–09:50 without one), so the keyboard path is just Enter. */
export function NewSessionForm({ standing, onCreate, onCancel }: NewSessionFormProps) {
  const initial: SessionFormValues = standing
    ? {
        date: todayIso(),
        startTime: standing.startTime,
        endTime: timeAfter(standing.startTime, standing.durationMinutes),
        modality: standing.modality,
        ...(standing.location ? { location: standing.location } : {}),
      }
    : { date: todayIso(), startTime: '09:00', endTime: '09:50', modality: 'in-person' };
  return <SessionForm title="New session" submitLabel="Create session" initial={initial} onSubmit={onCreate} onCancel={onCancel} />;
}
