import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { MODALITY_LABELS } from '../../../shared/domain/modalityLabels';
import { ClientHeader } from '../../components/ClientHeader';
import { formatDate } from '../../components/format';
import { PageHeading } from '../../components/PageHeading';
import { ScreenLoading } from '../../components/ScreenLoading';
import type { SessionFocus } from '../../stores/navigationStore';
import { selectIsSigned } from '../../stores/sessionStore';
import { useStores } from '../../stores/StoresContext';
import { SessionMeasures } from '../measures/SessionMeasures';
import { PsychotherapyPanel } from '../psychotherapy/PsychotherapyPanel';
import { SessionControls } from '../schedule/SessionControls';
import { NoteConflicts } from './NoteConflicts';
import { ProgressNoteEditor } from './ProgressNoteEditor';
import { SignedNote } from './SignedNote';
import { Breadcrumb } from '../../components/Breadcrumb';

/** The element a search result points at; a closed psychotherapy panel offers its open button instead. */
function focusTarget(focus: SessionFocus): HTMLElement | null {
  switch (focus.kind) {
    case 'progressNote':
      return document.querySelector<HTMLElement>(`.progress-note [data-field="${CSS.escape(focus.field)}"]`);
    case 'addendum':
      return document.querySelector<HTMLElement>(`[data-addendum="${CSS.escape(focus.id)}"]`);
    case 'psychotherapyNote':
      return (
        document.querySelector<HTMLElement>(`[data-psychotherapy-note="${CSS.escape(focus.id)}"]`) ??
        document.querySelector<HTMLElement>('.open-psychotherapy-notes')
      );
    case 'measure':
      return document.querySelector<HTMLElement>(`[data-measure="${CSS.escape(focus.id)}"]`);
  }
}

/**
 * One session: the progress note, then the psychotherapy panel apart from it.
 * Leaving the screen saves both drafts; the psychotherapy compartment stays
 * open for the next screen until main's idle timer or an explicit close shuts it.
 */
export function SessionScreen({
  clientId,
  sessionId,
  focusNote = false,
  focus,
}: {
  clientId: string;
  sessionId: string;
  focusNote?: boolean;
  focus?: SessionFocus;
}) {
  const stores = useStores();
  const { session: sessionStore, navigation } = stores;
  const session = useStore(sessionStore, (state) => (state.sessionId === sessionId ? state.session : null));
  const client = useStore(sessionStore, (state) => state.client);
  const loadError = useStore(sessionStore, (state) => state.loadError);
  const signed = useStore(sessionStore, selectIsSigned);
  const note = useStore(sessionStore, (state) => state.note);
  const measureCount = useStore(stores.measures, (state) => state.measures.length);
  const landed = useRef<SessionFocus | null>(null);

  useEffect(() => {
    void sessionStore.getState().open(sessionId);
    return () => {
      void sessionStore.getState().flush();
      void stores.psychotherapy.getState().flush();
    };
  }, [sessionStore, sessionId, stores]);

  // Opened from a search result: once the session shows, bring the matched text into view and focus it.
  useEffect(() => {
    if (!focus || !session || landed.current === focus) return;
    // After the screen's own focus moves (its heading takes focus when it opens), not before.
    const frame = requestAnimationFrame(() => {
      const target = focusTarget(focus);
      if (!target) return;
      landed.current = focus;
      target.scrollIntoView({ block: 'center' });
      target.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [focus, session, note, signed, measureCount]);

  const breadcrumb = (
    <Breadcrumb
      trail={[
        { label: 'Clients', onGo: () => navigation.getState().go({ screen: 'clients' }) },
        { label: client?.name ?? 'Client', onGo: () => navigation.getState().go({ screen: 'client', clientId }) },
      ]}
    />
  );

  if (!session) return <ScreenLoading breadcrumb={breadcrumb} loadError={loadError} />;

  return (
    <div className="screen">
      {breadcrumb}
      {client ? <ClientHeader client={client} /> : null}
      <div className="screen-header">
        <PageHeading>Session on {formatDate(session.date)}</PageHeading>
        <p className="session-meta">
          {session.startTime}–{session.endTime} · {MODALITY_LABELS[session.modality].short}
          {session.location ? ` · ${session.location}` : ''}
        </p>
      </div>
      <SessionControls clientId={clientId} />
      <SessionMeasures clientId={clientId} sessionId={sessionId} locked={signed} />

      <section className="section progress-note" aria-labelledby="progress-heading">
        <h2 id="progress-heading">Progress note</h2>
        <NoteConflicts />
        {signed ? <SignedNote /> : <ProgressNoteEditor focusFirstField={focusNote} />}
      </section>

      <PsychotherapyPanel sessionId={sessionId} />
    </div>
  );
}
