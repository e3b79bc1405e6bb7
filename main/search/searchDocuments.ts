/**
 * The vault's records as search documents. Notes, addenda and measures carry
 * their session's date (what the date filter means to a therapist) and their
 * session id, so a result opens that session; notes also their template and
 * status. Diagnoses and treatment plans belong to the client page.
 */
import { MEASURES } from '../../shared/clinical/measures';
import type { OutcomeMeasure } from '../../shared/domain/measures';
import type { Client, Diagnosis, ProgressNote, PsychotherapyNote, Session, TreatmentPlan } from '../../shared/domain/records';
import type { SearchDocument } from './searchTypes';

function present(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => Boolean(entry[1])));
}

export function clientDocument(client: Client): SearchDocument {
  return {
    kind: 'client',
    id: client.id,
    clientId: client.id,
    date: client.createdAt,
    fields: present({
      name: client.name,
      preferredName: client.preferredName,
      chartNumber: client.chartNumber,
      email: client.email,
      phone: client.phone,
    }),
  };
}

export function sessionDocument(session: Session): SearchDocument {
  return {
    kind: 'session',
    id: session.id,
    clientId: session.clientId,
    sessionId: session.id,
    date: session.date,
    fields: present({ location: session.location }),
  };
}

/** The note and each of its addenda, as separate documents so a result lands on the addendum itself. */
export function noteDocuments(note: ProgressNote, session: Session): SearchDocument[] {
  const shared = {
    clientId: session.clientId,
    sessionId: session.id,
    date: session.date,
    template: note.templateId,
    signed: note.status === 'signed',
  };
  return [
    { kind: 'progressNote', id: note.id, ...shared, fields: note.fields },
    ...note.addenda.map((addendum): SearchDocument => ({ kind: 'addendum', id: addendum.id, ...shared, fields: { text: addendum.text } })),
  ];
}

export function psychotherapyNoteDocument(note: PsychotherapyNote, session: Session): SearchDocument {
  return {
    kind: 'psychotherapyNote',
    id: note.id,
    clientId: session.clientId,
    sessionId: session.id,
    date: session.date,
    fields: { text: note.text },
  };
}

/** A diagnosis as it stands, dated by its first recording. */
export function diagnosisDocument(diagnosis: Diagnosis): SearchDocument {
  return {
    kind: 'diagnosis',
    id: diagnosis.id,
    clientId: diagnosis.clientId,
    date: diagnosis.history[0]?.recordedAt ?? diagnosis.recordedAt,
    fields: present({ code: diagnosis.code, description: diagnosis.description }),
  };
}

/** One revision of a plan; signed revisions pass the "signed" filter, drafts the "drafts" one. */
export function treatmentPlanDocument(plan: TreatmentPlan): SearchDocument {
  const { problems, interventions } = plan.content;
  const goals = problems.flatMap((problem) => problem.goals);
  return {
    kind: 'treatmentPlan',
    id: plan.id,
    clientId: plan.clientId,
    date: plan.signedAt ?? plan.updatedAt,
    signed: plan.status === 'signed',
    fields: present({
      problems: problems.map((problem) => problem.statement).join('\n'),
      goals: goals.map((goal) => goal.statement).join('\n'),
      objectives: goals.flatMap((goal) => goal.objectives.map((objective) => objective.statement)).join('\n'),
      interventions: interventions
        .map((intervention) => [intervention.description, intervention.frequency, intervention.modality].filter(Boolean).join(', '))
        .join('\n'),
    }),
  };
}

/** A measure by its instrument and result, so "PHQ-9 severe" or "GAD-7 moderate" finds it. */
export function measureDocument(measure: OutcomeMeasure): SearchDocument {
  const definition = MEASURES[measure.instrument];
  return {
    kind: 'measure',
    id: measure.id,
    clientId: measure.clientId,
    sessionId: measure.sessionId,
    date: measure.date,
    fields: {
      instrument: `${definition.name} ${definition.title}`,
      result: `Score ${measure.score}, ${measure.band}${measure.risk ? '; item 9 flagged (thoughts of death or self-harm)' : ''}`,
    },
  };
}
