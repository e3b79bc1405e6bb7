import type { SessionSummary } from '../../../shared/ipc/contract';
import { MODALITY_LABELS } from '../../../shared/domain/modalityLabels';
import { templateNameOf } from '../../../shared/templates';
import { formatDate } from '../../components/format';

function noteState(session: SessionSummary): { label: string; className: string } {
  if (!session.note) return { label: 'No note yet', className: 'badge badge-muted' };
  return session.note.status === 'signed'
    ? { label: 'Signed', className: 'badge badge-signed' }
    : { label: 'Draft', className: 'badge badge-draft' };
}

/** Sessions newest first: date, time, template and draft or signed. Never any note text. */
export function SessionTimeline({ sessions, onOpen }: { sessions: SessionSummary[]; onOpen(sessionId: string): void }) {
  if (sessions.length === 0) return <p className="empty-state">No sessions yet.</p>;
  return (
    <ol className="timeline" aria-label="Sessions, newest first">
      {sessions.map((session) => {
        const state = noteState(session);
        return (
          <li key={session.id}>
            <button type="button" className="timeline-row" onClick={() => onOpen(session.id)}>
              <span className="timeline-date">{formatDate(session.date)}</span>
              <span className="timeline-meta">
                {session.startTime}–{session.endTime} · {MODALITY_LABELS[session.modality].short}
              </span>
              <span className="timeline-template">{session.note ? templateNameOf(session.note) : '—'}</span>
              <span className={state.className}>{state.label}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
