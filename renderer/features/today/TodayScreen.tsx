import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import { SESSION_STATUS_LABELS } from '../../../shared/domain/sessionStatusLabels';
import type { AccessRequestDue, DraftToSign, NoteState, TodaySession } from '../../../shared/domain/today';
import { dueText } from '../access/AccessRequestsSection';
import { formatDate, formatDateTime, todayIso } from '../../components/format';
import { PageHeading } from '../../components/PageHeading';
import { useStores } from '../../stores/StoresContext';
import { backupBannerDismissedOn, dismissBackupBanner } from '../../stores/todayStore';
import { PlanReviews } from './PlanReviews';

const NOTE_BADGE: Record<NoteState, { label: string; className: string }> = {
  none: { label: 'No note', className: 'badge badge-muted' },
  draft: { label: 'Draft', className: 'badge badge-draft' },
  signed: { label: 'Signed', className: 'badge badge-signed' },
};

function clientLabel(row: TodaySession): string {
  return row.preferredName ? `${row.clientName} (${row.preferredName})` : row.clientName;
}

export function formatAge(hours: number): string {
  if (hours < 1) return 'under an hour';
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

function localStorageOrUndefined(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

interface RowProps {
  row: TodaySession;
  when: string;
  onOpen(row: TodaySession): void;
  children?: ReactNode;
}

function SessionRow({ row, when, onOpen, children }: RowProps) {
  const badge = NOTE_BADGE[row.noteState];
  return (
    <li>
      <button type="button" className="today-row" onClick={() => onOpen(row)}>
        <span className="today-when">{when}</span>
        <span className="today-client">{clientLabel(row)}</span>
        <span className="today-badges">
          {children}
          <span className={badge.className}>{badge.label}</span>
        </span>
      </button>
    </li>
  );
}

function Section({ id, title, empty, children, count }: { id: string; title: string; empty: string; count: number; children: ReactNode }) {
  return (
    <section className="section" aria-labelledby={id}>
      <h2 id={id}>
        {title} <span className="list-count">({count})</span>
      </h2>
      {count === 0 ? <p className="empty-state">{empty}</p> : <ol className="today-list" aria-labelledby={id}>{children}</ol>}
    </section>
  );
}

function BackupBanner({ onSettings }: { onSettings(): void }) {
  const { today } = useStores();
  const summary = useStore(today, (state) => state.summary);
  const date = todayIso();
  const [dismissed, setDismissed] = useState(() => backupBannerDismissedOn(localStorageOrUndefined(), date));
  if (!summary?.backup.needsAttention || dismissed) return null;
  const text = !summary.backup.folderChosen
    ? 'No backup folder is set, so a lost or broken computer would take your notes with it.'
    : summary.backup.lastBackupAt
      ? `The last backup is from ${formatDateTime(summary.backup.lastBackupAt)}, more than a week ago.`
      : 'There is no backup yet and automatic backups are off.';
  return (
    <div className="backup-banner" role="region" aria-label="Backups">
      <p>{text}</p>
      <button type="button" className="button" onClick={onSettings}>
        Set up backups
      </button>
      <button
        type="button"
        className="button button-quiet"
        onClick={() => {
          dismissBackupBanner(localStorageOrUndefined(), date);
          setDismissed(true);
        }}
      >
        Dismiss for today
      </button>
    </div>
  );
}

function BackupLine() {
  const { today } = useStores();
  const backup = useStore(today, (state) => state.summary?.backup);
  if (!backup) return null;
  const text = !backup.folderChosen
    ? 'Backups: no folder chosen.'
    : backup.lastBackupAt
      ? `Backups: last made ${formatDateTime(backup.lastBackupAt)}.`
      : 'Backups: none yet; one is made automatically when you lock.';
  return <p className="backup-line">{text}</p>;
}

function draftAge(row: DraftToSign) {
  return (
    <>
      <span className="badge badge-muted">{formatAge(row.ageHours)}</span>
      {row.overdue ? <span className="badge badge-overdue">Overdue</span> : null}
    </>
  );
}

function AccessRequestRow({ row, onOpen }: { row: AccessRequestDue; onOpen(row: AccessRequestDue): void }) {
  const urgent = row.daysLeft <= 5;
  return (
    <li>
      <button type="button" className="today-row" onClick={() => onOpen(row)}>
        <span className="today-when">Due {formatDate(row.dueOn)}</span>
        <span className="today-client">{row.clientName}</span>
        <span className="today-badges">
          {row.extended ? <span className="badge badge-muted">Extended</span> : null}
          <span className={urgent ? 'badge badge-overdue' : 'badge badge-draft'}>{dueText(row.daysLeft)}</span>
        </span>
      </button>
    </li>
  );
}

/** The home after unlock: what the day holds and what is left to write or sign. Each row opens the session's note. */
export function TodayScreen() {
  const { today, navigation } = useStores();
  const summary = useStore(today, (state) => state.summary);
  const loadError = useStore(today, (state) => state.loadError);

  useEffect(() => {
    void today.getState().load();
  }, [today]);

  const open = (row: TodaySession) =>
    navigation.getState().go({ screen: 'session', clientId: row.clientId, sessionId: row.sessionId, focusNote: row.noteState !== 'signed' });
  const settings = () => navigation.getState().go({ screen: 'settings' });

  return (
    <div className="screen">
      <div className="screen-header">
        <PageHeading>Today</PageHeading>
        <p className="session-meta">{formatDate(todayIso())}</p>
      </div>
      <BackupBanner onSettings={settings} />
      {loadError ? (
        <p className="form-error" role="alert">
          {loadError}
        </p>
      ) : null}
      {summary ? (
        <>
          <Section id="today-sessions" title="Today's sessions" empty="No sessions today." count={summary.sessions.length}>
            {summary.sessions.map((row) => (
              <SessionRow key={row.sessionId} row={row} when={`${row.startTime}–${row.endTime}`} onOpen={open}>
                <span className="badge badge-muted">{SESSION_STATUS_LABELS[row.status]}</span>
              </SessionRow>
            ))}
          </Section>
          <Section id="today-to-write" title="Notes to write" empty="Every past session has a note." count={summary.notesToWrite.length}>
            {summary.notesToWrite.map((row) => (
              <SessionRow key={row.sessionId} row={row} when={`${formatDate(row.date)} ${row.startTime}`} onOpen={open} />
            ))}
          </Section>
          <Section id="today-to-sign" title="Drafts to sign" empty="No drafts waiting." count={summary.draftsToSign.length}>
            {summary.draftsToSign.map((row) => (
              <SessionRow key={row.sessionId} row={row} when={`${formatDate(row.date)} ${row.startTime}`} onOpen={open}>
                {draftAge(row)}
              </SessionRow>
            ))}
          </Section>
          <PlanReviews
            plans={summary.plansDueForReview}
            onOpen={(plan) => navigation.getState().go({ screen: 'client', clientId: plan.clientId, section: 'treatmentPlan' })}
          />
          <Section
            id="today-access"
            title="Records requests"
            empty="No records requests waiting."
            count={summary.accessRequests.length}
          >
            {summary.accessRequests.map((row) => (
              <AccessRequestRow key={row.requestId} row={row} onOpen={(due) => navigation.getState().go({ screen: 'client', clientId: due.clientId })} />
            ))}
          </Section>
          <p className="field-hint">Drafts count as overdue {summary.overdueAfterHours} hours after the session; change this in Settings.</p>
          <BackupLine />
        </>
      ) : loadError ? null : (
        <p className="empty-state">Loading…</p>
      )}
    </div>
  );
}
