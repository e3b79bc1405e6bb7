import { useState } from 'react';
import type { FormEvent } from 'react';
import type { StandingAppointment } from '../../../shared/domain/records';
import type { Modality, StandingAppointmentInput } from '../../../shared/domain/schemas';
import { bindValue, TextField } from '../../components/Field';
import { ModalityField } from './ModalityField';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { todayIso } from '../../components/format';
import { useSubmit } from '../../components/useSubmit';
import { WEEKDAYS } from './weekdays';

interface StandingAppointmentFormProps {
  initial: StandingAppointment | null;
  onSubmit(input: Omit<StandingAppointmentInput, 'clientId'>): Promise<void>;
  onCancel(): void;
}

/** Weekdays, start time, length, modality, place and the dates it runs between. */
export function StandingAppointmentForm({ initial, onSubmit, onCancel }: StandingAppointmentFormProps) {
  const [weekdays, setWeekdays] = useState<number[]>(initial?.weekdays ?? []);
  const [startTime, setStartTime] = useState(initial?.startTime ?? '09:00');
  const [duration, setDuration] = useState(String(initial?.durationMinutes ?? 50));
  const [modality, setModality] = useState<Modality>(initial?.modality ?? 'in-person');
  const [location, setLocation] = useState(initial?.location ?? '');
  const [startDate, setStartDate] = useState(initial?.startDate ?? todayIso());
  const [endDate, setEndDate] = useState(initial?.endDate ?? '');
  const [daysError, setDaysError] = useState<string | null>(null);
  const submit = useSubmit();

  const toggle = (day: number, on: boolean) =>
    setWeekdays(on ? [...weekdays, day].sort() : weekdays.filter((other) => other !== day));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const minutes = Number(duration);
    setDaysError(weekdays.length === 0 ? 'Choose at least one weekday.' : null);
    if (weekdays.length === 0) return;
    if (!startTime || !startDate) {
      submit.setFailure('Enter the start time and the first day.');
      return;
    }
    if (!Number.isInteger(minutes) || minutes < 5 || minutes > 480) {
      submit.setFailure('The length is 5 to 480 minutes.');
      return;
    }
    if (endDate && endDate < startDate) {
      submit.setFailure('The last day is before the first.');
      return;
    }
    await submit.run(() =>
      onSubmit({
        weekdays,
        startTime,
        durationMinutes: minutes,
        modality,
        ...(location.trim() ? { location: location.trim() } : {}),
        startDate,
        ...(endDate ? { endDate } : {}),
      }),
    );
  };

  return (
    <form className="panel stack" onSubmit={save} noValidate aria-label="Standing appointment">
      <h3>Standing appointment</h3>
      <fieldset className="weekday-picker" aria-describedby={daysError ? 'weekday-error' : undefined}>
        <legend>Weekdays</legend>
        {daysError ? (
          <p id="weekday-error" className="field-error">
            {daysError}
          </p>
        ) : null}
        <div className="weekday-options">
          {WEEKDAYS.map((weekday, index) => (
            <label key={weekday.day} className="weekday-option">
              <input
                type="checkbox"
                checked={weekdays.includes(weekday.day)}
                autoFocus={index === 0}
                onChange={(event) => {
                  toggle(weekday.day, event.target.checked);
                  setDaysError(null);
                }}
              />
              {weekday.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid-3">
        <TextField label="Start" type="time" {...bindValue(startTime, setStartTime)} required />
        <TextField label="Length (minutes)" type="number" min={5} max={480} step={5} {...bindValue(duration, setDuration)} required />
        <ModalityField value={modality} onChange={setModality} />
        <TextField label="Location (optional)" autoComplete="off" {...bindValue(location, setLocation)} />
        <TextField label="First day" type="date" {...bindValue(startDate, setStartDate)} required />
        <TextField label="Last day (optional)" type="date" {...bindValue(endDate, setEndDate)} />
      </div>
      <FormError message={submit.failure} />
      <FormActions submit="Save standing appointment" busy={submit.busy} onCancel={onCancel} />
    </form>
  );
}
