import { useState } from 'react';
import { useStore } from 'zustand';
import { timeAfter } from '../../../shared/domain/calendar';
import { MODALITY_LABELS } from '../../../shared/domain/modalityLabels';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormError } from '../../components/FormError';
import { formatDate, todayIso } from '../../components/format';
import { useSubmit } from '../../components/useSubmit';
import { selectCurrentStanding } from '../../stores/clientPageStore';
import { useStores } from '../../stores/StoresContext';
import { StandingAppointmentForm } from './StandingAppointmentForm';
import { weekdayList } from './weekdays';

/** The client's recurring slot: what it is, and setting, changing or ending it. */
export function StandingAppointmentSection() {
  const { clientPage } = useStores();
  const today = todayIso();
  const current = useStore(clientPage, (state) => selectCurrentStanding(state, today));
  const [editing, setEditing] = useState(false);
  const [ending, setEnding] = useState(false);
  const end = useSubmit();

  const endIt = async () => {
    if (!current) return;
    const { id, clientId: _client, skippedDates: _skipped, createdAt: _created, updatedAt: _updated, ...rule } = current;
    const lastDay = today < rule.startDate ? rule.startDate : today;
    const ok = await end.run(() => clientPage.getState().saveStanding({ ...rule, endDate: lastDay }, id));
    if (ok) setEnding(false);
  };

  return (
    <section className="section" aria-labelledby="standing-heading">
      <div className="section-header">
        <h2 id="standing-heading">Standing appointment</h2>
        {!editing ? (
          <div className="actions">
            <button type="button" className="button" onClick={() => setEditing(true)}>
              {current ? 'Change' : 'Set standing appointment'}
            </button>
            {current ? (
              <button type="button" className="button" onClick={() => setEnding(true)}>
                End
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      {editing ? (
        <StandingAppointmentForm
          initial={current}
          onCancel={() => setEditing(false)}
          onSubmit={async (input) => {
            await clientPage.getState().saveStanding(input, current?.id);
            setEditing(false);
          }}
        />
      ) : current ? (
        <p className="standing-summary">
          {weekdayList(current.weekdays)}, {current.startTime}–{timeAfter(current.startTime, current.durationMinutes)} ·{' '}
          {MODALITY_LABELS[current.modality].short}
          {current.location ? ` · ${current.location}` : ''} · from {formatDate(current.startDate)}
          {current.endDate ? ` to ${formatDate(current.endDate)}` : ''}
        </p>
      ) : (
        <p className="field-hint">None. With one, sessions appear in the agenda at their time without typing.</p>
      )}
      <FormError message={ending ? null : end.failure} />
      {ending ? (
        <ConfirmDialog
          title="End the standing appointment?"
          confirmLabel="End it"
          submit={end}
          onConfirm={endIt}
          onCancel={() => setEnding(false)}
        >
          <p>No more sessions will be made from it after today. Sessions already in the agenda stay.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
