import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Modality } from '../../../shared/domain/schemas';
import { MODALITIES } from '../../../shared/domain/schemas';
import type { Session } from '../../../shared/domain/records';
import { describeError } from '../../api/errorText';
import { SelectField, TextField } from '../../components/Field';
import { MODALITY_LABELS, todayIso } from '../../components/format';

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
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!date || !startTime || !endTime) {
      setFailure('Enter the date, start and end time.');
      return;
    }
    if (endTime <= startTime) {
      setFailure('The session must end after it starts.');
      return;
    }
    setFailure(null);
    setBusy(true);
    try {
      await onCreate({ date, startTime, endTime, modality, ...(location.trim() ? { location: location.trim() } : {}) });
    } catch (error) {
      setFailure(describeError(error));
      setBusy(false);
    }
  };

  return (
    <form className="panel stack" onSubmit={submit} noValidate aria-label="New session">
      <h3>New session</h3>
      <div className="grid-3">
        <TextField label="Date" type="date" autoFocus value={date} onChange={(event) => setDate(event.target.value)} required />
        <TextField
          label="Start"
          type="time"
          value={startTime}
          onChange={(event) => setStartTime(event.target.value)}
          required
        />
        <TextField label="End" type="time" value={endTime} onChange={(event) => setEndTime(event.target.value)} required />
        <SelectField label="Modality" value={modality} onChange={(event) => setModality(event.target.value as Modality)}>
          {MODALITIES.map((value) => (
            <option key={value} value={value}>
              {MODALITY_LABELS[value]}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Location (optional)"
          autoComplete="off"
          value={location}
          onChange={(event) => setLocation(event.target.value)}
        />
      </div>
      {failure ? (
        <p className="form-error" role="alert">
          {failure}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          Create session
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
