import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import { addDays } from '../../../shared/domain/calendar';
import type { AgendaEntry } from '../../../shared/domain/records';
import { MODALITY_LABELS } from '../../../shared/domain/modalityLabels';
import { SESSION_STATUS_LABELS } from '../../../shared/domain/sessionStatusLabels';
import { FormError } from '../../components/FormError';
import { formatDate, todayIso } from '../../components/format';
import { PageHeading } from '../../components/PageHeading';
import { selectAgendaDays } from '../../stores/agendaStore';
import { useStores } from '../../stores/StoresContext';
import { isTypingTarget } from './typingTarget';

function noteBadge(entry: AgendaEntry): { label: string; className: string } {
  if (!entry.note) return { label: 'No note', className: 'badge badge-muted' };
  return entry.note.status === 'signed'
    ? { label: 'Signed', className: 'badge badge-signed' }
    : { label: 'Draft', className: 'badge badge-draft' };
}

function statusClass(entry: AgendaEntry): string {
  return entry.status === 'cancelled' || entry.status === 'late-cancel' ? 'badge badge-cancelled' : 'badge';
}

const SHORTCUTS = { previous: 'Alt+ArrowLeft', next: 'Alt+ArrowRight', today: 'Alt+Home' };

/**
 * The week's sessions of every client, day by day. Alt+Left and Alt+Right
 * move a week, Alt+Home comes back to this week; Enter on a row opens the
 * session. The standing appointments' sessions of the week are made as it
 * is shown.
 */
export function AgendaScreen() {
  const { agenda, navigation } = useStores();
  const weekStart = useStore(agenda, (state) => state.weekStart);
  const entries = useStore(agenda, (state) => state.entries);
  const days = useMemo(() => selectAgendaDays({ weekStart, entries }), [weekStart, entries]);
  const loaded = useStore(agenda, (state) => state.loaded);
  const loadError = useStore(agenda, (state) => state.loadError);
  const total = entries.length;
  const today = todayIso();

  useEffect(() => {
    void agenda.getState().showWeekOf(agenda.getState().weekStart ?? undefined);
  }, [agenda]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || isTypingTarget(event.target)) return;
      const actions: Record<string, () => Promise<void>> = {
        ArrowLeft: () => agenda.getState().previousWeek(),
        ArrowRight: () => agenda.getState().nextWeek(),
        Home: () => agenda.getState().showWeekOf(),
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      void action();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [agenda]);

  const weekLabel = weekStart ? `${formatDate(weekStart)} – ${formatDate(addDays(weekStart, 6))}` : '';

  return (
    <div className="screen">
      <div className="screen-header">
        <PageHeading>Agenda</PageHeading>
      </div>
      <div className="agenda-toolbar" role="group" aria-label="Week">
        <button type="button" className="button" aria-keyshortcuts={SHORTCUTS.previous} onClick={() => void agenda.getState().previousWeek()}>
          ← Previous week
        </button>
        <button type="button" className="button" aria-keyshortcuts={SHORTCUTS.today} onClick={() => void agenda.getState().showWeekOf()}>
          This week
        </button>
        <button type="button" className="button" aria-keyshortcuts={SHORTCUTS.next} onClick={() => void agenda.getState().nextWeek()}>
          Next week →
        </button>
        <p className="agenda-week" aria-live="polite">
          {weekLabel}
        </p>
      </div>
      <p className="field-hint">Alt+← and Alt+→ move a week; Alt+Home comes back to this week.</p>
      <FormError message={loadError} />
      <p className="list-count" role="status">
        {!loaded ? 'Loading the week…' : total === 1 ? '1 session in the week' : `${total} sessions in the week`}
      </p>
      <ol className="agenda-days" aria-label="Days of the week">
        {days.map((day) => (
          <li key={day.date} className="agenda-day">
            <h2 id={`agenda-${day.date}`}>
              {formatDate(day.date)}
              {day.date === today ? ' (today)' : ''}
            </h2>
            {day.entries.length === 0 ? (
              <p className="empty-state">No sessions.</p>
            ) : (
              <ol className="timeline" aria-labelledby={`agenda-${day.date}`}>
                {day.entries.map((entry) => {
                  const note = noteBadge(entry);
                  return (
                    <li key={entry.id}>
                      <button
                        type="button"
                        className="timeline-row agenda-row"
                        onClick={() => navigation.getState().go({ screen: 'session', clientId: entry.clientId, sessionId: entry.id })}
                      >
                        <span className="agenda-time">
                          {entry.startTime}–{entry.endTime}
                        </span>
                        <span>
                          <span className="client-name">{entry.clientName}</span>{' '}
                          <span className="client-meta">
                            · {MODALITY_LABELS[entry.modality].short}
                            {entry.note?.templateName ? ` · ${entry.note.templateName}` : ''}
                          </span>
                        </span>
                        <span className={statusClass(entry)}>{SESSION_STATUS_LABELS[entry.status]}</span>
                        <span className={note.className}>{note.label}</span>
                      </button>
                    </li>
                  );
                })}
              </ol>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
