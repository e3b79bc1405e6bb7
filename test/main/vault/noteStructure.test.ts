import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoteStructureInput, RiskAssessment } from '../../../shared/clinical/noteStructure';
import { emptyStructureInput, structureInputOf } from '../../../shared/clinical/noteStructure';
import type { Client, Session } from '../../../shared/domain/records';
import type { ProgressDraftInput } from '../../../shared/domain/schemas';
import { createdVault } from '../../helpers/tempVault';
import { FakeTime } from './fakeTime';
import { expectCode } from './tamper';

const time = new FakeTime();
let made: Awaited<ReturnType<typeof createdVault>>;
let day = 1;

beforeAll(async () => {
  made = await createdVault({ clock: time });
});
afterAll(async () => {
  await made?.dispose();
});

const vault = () => made.vault;

function newSession(client: Client): Session {
  day += 1;
  return vault().sessions.create({ clientId: client.id, date: `2026-07-${String(day).padStart(2, '0')}`, startTime: '10:00', endTime: '10:55', modality: 'video' });
}

const calm = { level: 'denied', plan: false, intent: false, means: false } as const;

function risk(overrides: Partial<RiskAssessment> = {}): RiskAssessment {
  return {
    suicidal: calm,
    homicidal: calm,
    selfHarm: calm,
    protectiveFactors: 'Children, faith',
    safetyPlan: { reviewed: false, details: '' },
    ...overrides,
  };
}

function draft(session: Session, structure: Partial<NoteStructureInput>): ProgressDraftInput {
  return { sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'Reports low mood' }, structure: { ...emptyStructureInput(), ...structure } };
}

function clientWithPlan() {
  const client = vault().clients.create({ name: 'Structured Client' });
  const depression = vault().diagnoses.add({ clientId: client.id, code: 'F32.1', rank: 'primary', status: 'active' });
  const anxiety = vault().diagnoses.add({ clientId: client.id, code: 'F41.1', rank: 'secondary', status: 'active' });
  const plan = vault().treatmentPlans.saveDraft({
    clientId: client.id,
    content: {
      problems: [
        {
          statement: 'Low mood',
          diagnosisIds: [depression.id],
          goals: [
            {
              statement: 'Mood lifts',
              objectives: [
                { statement: 'Three pleasant activities a week', targetDate: '2026-09-01' },
                { statement: 'PHQ-9 under 10', targetDate: '2026-10-01' },
              ],
            },
          ],
        },
      ],
      interventions: [{ description: 'Behavioral activation', frequency: 'weekly', modality: 'video' }],
    },
  });
  const signed = vault().treatmentPlans.sign(plan.id, 'Dr Test');
  return { client, depression, anxiety, plan: signed };
}

describe('structured parts of a progress note', () => {
  it('are stored in the note with the diagnosis and objective words copied from the record, and minutes computed', () => {
    const { client, depression, plan } = clientWithPlan();
    const session = newSession(client);
    const note = vault().progressNotes.saveDraft(
      draft(session, {
        service: { code: '90837', start: '10:02', end: '10:58', interactiveComplexity: false, crisisUnits: 0 },
        attendees: ['Client', ' Spouse '],
        diagnosisIds: [depression.id],
        mentalStatus: { withinNormalLimits: true, findings: { mood: 'Dysthymic', affect: 'Constricted' } },
        risk: risk(),
        interventions: ['Behavioral activation', 'Socratic questioning'],
        objectives: [{ planId: plan.id, problem: 0, goal: 0, objective: 1, progress: 'progressing', comment: 'PHQ-9 down to 12' }],
      }),
    );
    expect(note.structure).toEqual({
      service: { code: '90837', start: '10:02', end: '10:58', interactiveComplexity: false, crisisUnits: 0, minutes: 56 },
      attendees: ['Client', 'Spouse'],
      diagnoses: [{ id: depression.id, code: 'F32.1', description: 'Major depressive disorder, single episode, moderate' }],
      mentalStatus: { withinNormalLimits: true, findings: { mood: 'Dysthymic', affect: 'Constricted' } },
      risk: risk(),
      interventions: ['Behavioral activation', 'Socratic questioning'],
      objectives: [
        { planId: plan.id, problem: 0, goal: 0, objective: 1, statement: 'PHQ-9 under 10', progress: 'progressing', comment: 'PHQ-9 down to 12' },
      ],
    });
    expect(vault().progressNotes.getForSession(session.id)).toEqual(note);
    expect(structureInputOf(note.structure).diagnosisIds).toEqual([depression.id]);
  });

  it('keep the stored parts when a save sends only the text, and an older note without them still opens', () => {
    const { client, depression } = clientWithPlan();
    const session = newSession(client);
    vault().progressNotes.saveDraft(draft(session, { diagnosisIds: [depression.id] }));
    const textOnly = vault().progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { plan: 'Next week' } });
    expect(textOnly.structure?.diagnoses.map((d) => d.code)).toEqual(['F32.1']);

    const plain = vault().progressNotes.saveDraft({ sessionId: newSession(client).id, templateId: 'DAP', fields: { data: 'x' } });
    expect(plain.structure).toBeUndefined();
    expect(vault().progressNotes.sign(plain.id, 'Dr Test').status).toBe('signed');
  });

  it("refuse a diagnosis that is not the client's or not active, and an objective outside the plan in force", async () => {
    const { client, depression, anxiety, plan } = clientWithPlan();
    const other = clientWithPlan();
    vault().diagnoses.change(anxiety.id, { rank: 'secondary', status: 'resolved' });
    const session = newSession(client);
    const objective = { planId: plan.id, problem: 0, goal: 0, objective: 0, progress: 'met', comment: '' } as const;
    await expectCode(() => vault().progressNotes.saveDraft(draft(session, { diagnosisIds: [other.depression.id] })), 'INVALID_INPUT');
    await expectCode(() => vault().progressNotes.saveDraft(draft(session, { diagnosisIds: [anxiety.id] })), 'INVALID_INPUT');
    await expectCode(() => vault().progressNotes.saveDraft(draft(session, { diagnosisIds: [depression.id, depression.id] })), 'INVALID_INPUT');
    await expectCode(() => vault().progressNotes.saveDraft(draft(session, { objectives: [{ ...objective, objective: 5 }] })), 'INVALID_INPUT');
    await expectCode(() => vault().progressNotes.saveDraft(draft(session, { objectives: [{ ...objective, planId: other.plan.id }] })), 'INVALID_INPUT');
    expect(vault().progressNotes.getForSession(session.id)).toBeNull();
  });

  it('keep a diagnosis addressed in a draft after it is resolved', () => {
    const { client, anxiety } = clientWithPlan();
    const session = newSession(client);
    vault().progressNotes.saveDraft(draft(session, { diagnosisIds: [anxiety.id] }));
    vault().diagnoses.change(anxiety.id, { rank: 'secondary', status: 'resolved' });
    const again = vault().progressNotes.saveDraft(draft(session, { diagnosisIds: [anxiety.id], attendees: ['Client'] }));
    expect(again.structure?.diagnoses.map((d) => d.code)).toEqual(['F41.1']);
  });

  it('refuse hostile shapes: unknown keys, words under a diagnosis, a service ending before it starts', async () => {
    const { client } = clientWithPlan();
    const session = newSession(client);
    const base = draft(session, {});
    const hostile: unknown[] = [
      { ...base, structure: { ...base.structure, diagnoses: [{ code: 'F20.9', description: 'made up' }] } },
      { ...base, structure: { ...base.structure, service: { code: '90837', start: '11:00', end: '10:00', interactiveComplexity: false, crisisUnits: 0 } } },
      { ...base, structure: { ...base.structure, service: { code: '99213', start: '10:00', end: '11:00', interactiveComplexity: false, crisisUnits: 0 } } },
      { ...base, structure: { ...base.structure, mentalStatus: { withinNormalLimits: true, findings: { mood: 'x', soul: 'y' } } } },
      { ...base, structure: { ...base.structure, risk: { ...risk(), suicidal: { level: 'imminent', plan: true, intent: true, means: true } } } },
      { ...base, structure: { ...base.structure, interventions: ['CBT', 'CBT'] } },
      { ...base, structure: { ...base.structure, attendees: ['x'.repeat(101)] } },
    ];
    for (const input of hostile) await expectCode(() => vault().progressNotes.saveDraft(input as ProgressDraftInput), 'INVALID_INPUT');
  });
});

describe('signing a note with risk recorded', () => {
  it.each(['suicidal', 'homicidal', 'selfHarm'] as const)(
    'active %s ideation with intent is refused with SAFETY_PLAN_REQUIRED until the safety plan is reviewed and described',
    async (kind) => {
      const { client } = clientWithPlan();
      const session = newSession(client);
      const active = { level: 'active', plan: true, intent: true, means: false } as const;
      const note = vault().progressNotes.saveDraft(draft(session, { risk: risk({ [kind]: active }) }));
      await expectCode(() => vault().progressNotes.sign(note.id, 'Dr Test'), 'SAFETY_PLAN_REQUIRED');
      vault().progressNotes.saveDraft(draft(session, { risk: risk({ [kind]: active, safetyPlan: { reviewed: true, details: '  ' } }) }));
      await expectCode(() => vault().progressNotes.sign(note.id, 'Dr Test'), 'SAFETY_PLAN_REQUIRED');
      expect(vault().progressNotes.get(note.id).status).toBe('draft');
      vault().progressNotes.saveDraft(
        draft(session, { risk: risk({ [kind]: active, safetyPlan: { reviewed: true, details: 'Crisis line, sister, meds locked away' } }) }),
      );
      expect(vault().progressNotes.sign(note.id, 'Dr Test').status).toBe('signed');
    },
  );

  it('passive ideation, or active without intent, signs without a safety plan', () => {
    const { client } = clientWithPlan();
    for (const ideation of [
      { level: 'passive', plan: false, intent: true, means: false },
      { level: 'active', plan: true, intent: false, means: true },
    ] as const) {
      const note = vault().progressNotes.saveDraft(draft(newSession(client), { risk: risk({ suicidal: ideation }) }));
      expect(vault().progressNotes.sign(note.id, 'Dr Test').status).toBe('signed');
    }
  });

  it('a signed note cannot have its structured parts changed', async () => {
    const { client, depression } = clientWithPlan();
    const session = newSession(client);
    const note = vault().progressNotes.saveDraft(draft(session, { attendees: ['Client'] }));
    const signed = vault().progressNotes.sign(note.id, 'Dr Test');
    await expectCode(() => vault().progressNotes.saveDraft(draft(session, { diagnosisIds: [depression.id] })), 'NOTE_SIGNED');
    await expectCode(
      () => vault().progressNotes.saveDraft(draft(session, { risk: risk({ suicidal: { level: 'active', plan: true, intent: true, means: true } }) })),
      'NOTE_SIGNED',
    );
    expect(vault().progressNotes.get(note.id)).toEqual(signed);
  });
});
