import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { Modality } from '../../../shared/domain/schemas';
import { MODALITIES } from '../../../shared/domain/schemas';
import { MODALITY_LABELS } from '../../../shared/domain/modalityLabels';
import type { Session } from '../../../shared/domain/records';
import { bindValue, SelectField, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { useSubmit } from '../../components/useSubmit';
import { todayIso } from '../../components/format';

interface NewSessionFormProps {
  onCreate(input: { date: string; startTime: string; endTime: string; modality: Modality; location?: string }): Promise<Session>;
  onCancel(): void;
}

/** A session for this client; today at 09:00 by default, so the keyboard path is just Enter. */
export function NewSessionForm({ onCreate, onCancel }: NewSessionFormProps) {
  const [date, setDate] = useState(todayIso);
  const [startTime, setStartTime] = useState('09:00');
  const [endTime, setEndTime] = useState('09:50');
  const [modality, setModality] = useState<Modality>('in-person');
  const [location, setLocation] = useState('');
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);

  // An effect, not autoFocus: when the page opens with the form (Ctrl/Cmd+N), the page heading focuses first.
  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>('input[type="date"]')?.focus();
  }, []);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!date || !startTime || !endTime) {
      submit.setFailure('Enter the date, start and end time.');
      return;
    }
    if (endTime <= startTime) {
      submit.setFailure('The session must end after it starts.');
      return;
    }
    await submit.run(() =>
      onCreate({ date, startTime, endTime, modality, ...(location.trim() ? { location: location.trim() } : {}) }),
    );
  };

  return (
    <form ref={formRef} className="panel stack" onSubmit={create} noValidate aria-label="New session">
      <h3>New session</h3>
      <div className="grid-3">
        <TextField label="Date" type="date" {...bindValue(date, setDate)} required />
        <TextField label="Start" type="time" {...bindValue(startTime, setStartTime)} required />
        <TextField label="End" type="time" {...bindValue(endTime, setEndTime)} required />
        <SelectField label="Modality" value={modality} onChange={(event) => setModality(event.target.value as Modality)}>
          {MODALITIES.map((value) => (
            <option key={value} value={value}>
              {MODALITY_LABELS[value].short}
            </option>
          ))}
        </SelectField>
        <TextField label="Location (optional)" autoComplete="off" {...bindValue(location, setLocation)} />
      </div>
      <FormError message={submit.failure} />
      <FormActions submit="Create session" busy={submit.busy} onCancel={onCancel} />
    </form>
  );
}
