import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Client } from '../../../shared/domain/records';
import { ClientHeader } from '../../components/ClientHeader';
import { FormError } from '../../components/FormError';
import { formatDate, todayIso } from '../../components/format';
import { PageHeading } from '../../components/PageHeading';
import { ScreenLoading } from '../../components/ScreenLoading';
import { useSubmit } from '../../components/useSubmit';
import { selectCurrentStanding, selectTimeline } from '../../stores/clientPageStore';
import type { ClientSection } from '../../stores/navigationStore';
import { useStores } from '../../stores/StoresContext';
import { AccessRequestsSection } from '../access/AccessRequestsSection';
import { AccountingSection } from '../access/AccountingSection';
import { AuthorizationsSection } from '../authorizations/AuthorizationsSection';
import { DiagnosesSection } from '../clinical/DiagnosesSection';
import { MeasuresSection } from '../measures/MeasuresSection';
import { TreatmentPlanSection } from '../clinical/TreatmentPlanSection';
import { ExportForm } from '../export/ExportForm';
import { StandingAppointmentSection } from '../schedule/StandingAppointmentSection';
import { ClientPsychotherapyNotes } from '../psychotherapy/ClientPsychotherapyNotes';
import { ClientForm } from './ClientForm';
import { NewSessionForm } from './NewSessionForm';
import { SessionTimeline } from './SessionTimeline';

/** The contact details given for the client (the header names them); those left blank are not listed. */
function ClientDetails({ client }: { client: Client }) {
  const details: [string, string | undefined][] = [
    ['Phone', client.phone],
    ['Email', client.email],
  ];
  return (
    <dl className="details">
      {details.map(([term, value]) =>
        value ? (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}

const SECTION_HEADINGS: Record<ClientSection, string> = {
  diagnoses: 'diagnoses-heading',
  treatmentPlan: 'plan-heading',
  measures: 'measures-heading',
};

/** Brings a section's heading into view and focus once the page shows, for links that point into the page. */
function useLandOnSection(section: ClientSection | undefined, shown: boolean): void {
  const landed = useRef<ClientSection | null>(null);
  useEffect(() => {
    if (!section || !shown || landed.current === section) return;
    const frame = requestAnimationFrame(() => {
      const heading = document.getElementById(SECTION_HEADINGS[section]);
      if (!heading) return;
      landed.current = section;
      heading.setAttribute('tabindex', '-1');
      heading.scrollIntoView({ block: 'start' });
      heading.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  });
}

/** One client: details, diagnoses, the treatment plan, measures, the session timeline, a new session, and exporting their progress notes. */
export function ClientPage({
  clientId,
  startNewSession = false,
  section,
}: {
  clientId: string;
  startNewSession?: boolean;
  section?: ClientSection;
}) {
  const { clientPage, clinical, navigation, shell } = useStores();
  const client = useStore(clientPage, (state) => state.client);
  const loadError = useStore(clientPage, (state) => state.loadError);
  const timeline = useStore(clientPage, useShallow(selectTimeline));
  const standing = useStore(clientPage, (state) => selectCurrentStanding(state, todayIso()));
  const [editing, setEditing] = useState(false);
  const [addingSession, setAddingSession] = useState(startNewSession);
  const [exporting, setExporting] = useState(false);
  const archive = useSubmit();
  useLandOnSection(section, client !== null);

  useEffect(() => {
    void clientPage.getState().open(clientId);
    void clinical.getState().open(clientId);
  }, [clientPage, clinical, clientId]);

  // Ctrl/Cmd+N on this page.
  useEffect(
    () =>
      shell.subscribe((state, previous) => {
        if (state.newSessionRequests !== previous.newSessionRequests) setAddingSession(true);
      }),
    [shell],
  );

  const back = (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <button type="button" className="link-button" onClick={() => navigation.getState().go({ screen: 'clients' })}>
        Clients
      </button>
    </nav>
  );

  if (!client) return <ScreenLoading breadcrumb={back} loadError={loadError} />;

  return (
    <div className="screen">
      {back}
      <div className="screen-header">
        <PageHeading>
          {client.name}
          {client.archived ? <span className="badge heading-badge">Archived</span> : null}
        </PageHeading>
        <div className="actions">
          <button type="button" className="button" onClick={() => setEditing(true)} disabled={editing}>
            Edit details
          </button>
          <button type="button" className="button" onClick={() => void archive.run(() => clientPage.getState().setArchived(!client.archived))}>
            {client.archived ? 'Restore from archive' : 'Archive client'}
          </button>
        </div>
      </div>
      <ClientHeader client={client} />
      <FormError message={archive.failure} />

      {editing ? (
        <ClientForm
          title="Edit client details"
          initial={client}
          submitLabel="Save details"
          onCancel={() => setEditing(false)}
          onSubmit={async (input) => {
            await clientPage.getState().update(input);
            setEditing(false);
          }}
        />
      ) : (
        <ClientDetails client={client} />
      )}

      <DiagnosesSection />
      <TreatmentPlanSection />
      <MeasuresSection clientId={clientId} />

      <section className="section" aria-labelledby="sessions-heading">
        <div className="section-header">
          <h2 id="sessions-heading">Sessions</h2>
          {!addingSession ? (
            <button type="button" className="button button-primary" onClick={() => setAddingSession(true)}>
              New session
            </button>
          ) : null}
        </div>
        {addingSession ? (
          <NewSessionForm
            standing={standing}
            onCancel={() => setAddingSession(false)}
            onCreate={async (input) => {
              const session = await clientPage.getState().createSession(input);
              navigation.getState().go({ screen: 'session', clientId, sessionId: session.id, focusNote: true });
              return session;
            }}
          />
        ) : null}
        <SessionTimeline
          sessions={timeline}
          onOpen={(sessionId) => navigation.getState().go({ screen: 'session', clientId, sessionId })}
        />
      </section>

      <StandingAppointmentSection />
      <AuthorizationsSection />
      <AccessRequestsSection clientId={clientId} />
      <ClientPsychotherapyNotes
        clientId={clientId}
        onOpenSession={(sessionId) => navigation.getState().go({ screen: 'session', clientId, sessionId })}
      />

      <section className="section" aria-labelledby="export-heading">
        <div className="section-header">
          <h2 id="export-heading">Export progress notes</h2>
          {!exporting ? (
            <button type="button" className="button" onClick={() => setExporting(true)}>
              Export to PDF…
            </button>
          ) : null}
        </div>
        <p className="field-hint">
          Exports contain progress notes only. Psychotherapy notes are never exported. Each export names its basis and is
          recorded as a disclosure.
        </p>
        {exporting ? <ExportForm clientId={clientId} onClose={() => setExporting(false)} /> : null}
      </section>
      <AccountingSection clientId={clientId} />
    </div>
  );
}
