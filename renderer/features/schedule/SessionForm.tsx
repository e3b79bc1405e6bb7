import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { SessionOverlap } from '../../../shared/domain/records';
import type { Modality, SessionStatus } from '../../../shared/domain/schemas';
import { SESSION_STATUSES } from '../../../shared/domain/schemas';
import { SESSION_STATUS_LABELS } from '../../../shared/domain/sessionStatusLabels';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { bindValue, Options, SelectField, TextField } from '../../components/Field';
import { ModalityField } from './ModalityField';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { formatDate } from '../../components/format';
import { useSubmit } from '../../components/useSubmit';
import { useStores } from '../../stores/StoresContext';

export interface SessionFormValues {
  date: string;
  startTime: string;
  endTime: string;
  modality: Modality;
  location?: string;
  status?: SessionStatus;
}

interface SessionFormProps {
  title: string;
  submitLabel: string;
  initial: SessionFormValues;
  /** Offers the status (editing); a new session is scheduled. */
  withStatus?: boolean;
  /** The session being edited, which does not overlap itself. */
  sessionId?: string;
  onSubmit(values: SessionFormValues): Promise<unknown>;
  onCancel(): void;
}

/**
 * A session's date, times, modality, location (and status when editing).
 * Before saving, main is asked which sessions of any client share the time;
 * if some do, the therapist confirms before it is saved anyway.
 */
export function SessionForm({ title, submitLabel, initial, withStatus = false, sessionId, onSubmit, onCancel }: SessionFormProps) {
  const { api } = useStores();
  const [date, setDate] = useState(initial.date);
  const [startTime, setStartTime] = useState(initial.startTime);
  const [endTime, setEndTime] = useState(initial.endTime);
  const [modality, setModality] = useState<Modality>(initial.modality);
  const [location, setLocation] = useState(initial.location ?? '');
  const [status, setStatus] = useState<SessionStatus>(initial.status ?? 'scheduled');
  const [overlaps, setOverlaps] = useState<SessionOverlap[] | null>(null);
  const submit = useSubmit();

  const values = (): SessionFormValues => ({
    date,
    startTime,
    endTime,
    modality,
    ...(location.trim() ? { location: location.trim() } : {}),
    ...(withStatus ? { status } : {}),
  });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!date || !startTime || !endTime) {
      submit.setFailure('Enter the date, start and end time.');
      return;
    }
    if (endTime <= startTime) {
      submit.setFailure('The session must end after it starts.');
      return;
    }
    await submit.run(async () => {
      const found = await api.invoke('sessions.overlaps', {
        date,
        startTime,
        endTime,
        ...(sessionId ? { excludeSessionId: sessionId } : {}),
      });
      if (found.length > 0) {
        setOverlaps(found);
        return;
      }
      await onSubmit(values());
    });
  };

  const confirm = async () => {
    const ok = await submit.run(() => onSubmit(values()));
    if (ok) setOverlaps(null);
  };

  const formRef = useRef<HTMLFormElement>(null);
  // An effect, not autoFocus: when the page opens with the form (Ctrl/Cmd+N), the page heading focuses first.
  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>('input[type="date"]')?.focus();
  }, []);

  return (
    <form ref={formRef} className="panel stack" onSubmit={save} noValidate aria-label={title}>
      <h3>{title}</h3>
      <div className="grid-3">
        <TextField label="Date" type="date" {...bindValue(date, setDate)} required />
        <TextField label="Start" type="time" {...bindValue(startTime, setStartTime)} required />
        <TextField label="End" type="time" {...bindValue(endTime, setEndTime)} required />
        <ModalityField value={modality} onChange={setModality} />
        <TextField label="Location (optional)" autoComplete="off" {...bindValue(location, setLocation)} />
        {withStatus ? (
          <SelectField label="Status" value={status} onChange={(event) => setStatus(event.target.value as SessionStatus)}>
            <Options values={SESSION_STATUSES} label={(value) => SESSION_STATUS_LABELS[value]} />
          </SelectField>
        ) : null}
      </div>
      <FormError message={overlaps ? null : submit.failure} />
      <FormActions submit={submitLabel} busy={submit.busy} onCancel={onCancel} />
      {overlaps ? (
        <ConfirmDialog
          title="This time overlaps another session"
          confirmLabel="Save anyway"
          submit={submit}
          onConfirm={() => void confirm()}
          onCancel={() => setOverlaps(null)}
        >
          <p>
            {formatDate(date)}, {startTime}–{endTime} overlaps:
          </p>
          <ul>
            {overlaps.map((overlap) => (
              <li key={overlap.sessionId}>
                {overlap.startTime}–{overlap.endTime} with {overlap.clientName}
              </li>
            ))}
          </ul>
        </ConfirmDialog>
      ) : null}
    </form>
  );
}
