import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Client } from '../../../shared/domain/records';
import { ClientHeader } from '../../components/ClientHeader';
import { FormError } from '../../components/FormError';
import { todayIso } from '../../components/format';
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
import { Breadcrumb } from '../../components/Breadcrumb';
import { RecordSection, useOpenForm } from '../../components/RecordSection';
import { TermList } from '../../components/TermList';
import type { Terms } from '../../components/TermList';

/** The contact details given for the client (the header names them); those left blank are not listed. */
function ClientDetails({ client }: { client: Client }) {
  const details: Terms = [];
  if (client.phone) details.push(['Phone', client.phone]);
  if (client.email) details.push(['Email', client.email]);
  return <TermList terms={details} className="details" />;
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
  const newSession = useOpenForm(startNewSession);
  const exporting = useOpenForm();
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
        if (state.newSessionRequests !== previous.newSessionRequests) newSession.show();
      }),
    [shell, newSession.show],
  );

  const back = <Breadcrumb trail={[{ label: 'Clients', onGo: () => navigation.getState().go({ screen: 'clients' }) }]} />;

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

      <RecordSection id="sessions" title="Sessions" add="New session" primary adding={newSession.open} onAdd={newSession.show}>
        {newSession.open ? (
          <NewSessionForm
            standing={standing}
            onCancel={newSession.hide}
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
      </RecordSection>

      <StandingAppointmentSection />
      <AuthorizationsSection />
      <AccessRequestsSection clientId={clientId} />
      <ClientPsychotherapyNotes
        clientId={clientId}
        onOpenSession={(sessionId) => navigation.getState().go({ screen: 'session', clientId, sessionId })}
      />

      <RecordSection id="export" title="Export progress notes" add="Export to PDF…" adding={exporting.open} onAdd={exporting.show}>
        <p className="field-hint">
          Exports contain progress notes only. Psychotherapy notes are never exported. Each export names its basis and is
          recorded as a disclosure.
        </p>
        {exporting.open ? <ExportForm clientId={clientId} onClose={exporting.hide} /> : null}
      </RecordSection>
      <AccountingSection clientId={clientId} />
    </div>
  );
}
