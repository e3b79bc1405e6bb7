import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyRing } from '../../../main/vault/keyRing';
import { loadSodium } from '../../../main/vault/sodium';
import {
  discardTreatmentPlanDraft,
  getTreatmentPlan,
  saveTreatmentPlanDraft,
  signTreatmentPlan,
} from '../../../main/vault/treatmentPlans';
import type { Client, TreatmentPlan } from '../../../shared/domain/records';
import type { TreatmentPlanContent, TreatmentPlanDraftInput } from '../../../shared/domain/schemas';
import { createdVault } from '../../helpers/tempVault';
import { FakeTime } from './fakeTime';
import type { KeyedFile } from './tamper';
import { expectCode, reopenWithKeys, withRowChanged } from './tamper';

const time = new FakeTime();
let made: Awaited<ReturnType<typeof createdVault>>;

beforeAll(async () => {
  made = await createdVault({ clock: time });
  made.vault.settings.save({ ...made.vault.settings.get(), clinicianName: 'Dana Reyes', credentials: 'LCSW' });
});
afterAll(async () => {
  await made?.dispose();
});

const plans = () => made.vault.treatmentPlans;
const newClient = (name = 'Plan Client'): Client => made.vault.clients.create({ name });

function content(diagnosisIds: string[] = [], objective = 'PHQ-9 below 10 on two readings'): TreatmentPlanContent {
  return {
    problems: [
      {
        statement: 'Low mood most days',
        diagnosisIds,
        goals: [{ statement: 'Mood lifts', objectives: [{ statement: objective, targetDate: '2026-03-01' }] }],
      },
    ],
    interventions: [{ description: 'Behavioral activation', frequency: 'weekly', modality: 'individual, video' }],
  };
}

function signedPlan(client: Client = newClient()) {
  const diagnosis = made.vault.diagnoses.add({ clientId: client.id, code: 'F32.1', rank: 'primary', status: 'active' });
  const draft = plans().saveDraft({ clientId: client.id, content: content([diagnosis.id]) });
  return { client, diagnosis, signed: plans().signAsClinician(draft.id) };
}

describe('a treatment plan draft', () => {
  it('is one per client, created on first save and updated on the next', () => {
    const client = newClient();
    expect(plans().getRecord(client.id)).toEqual({ current: null, draft: null, history: [] });
    const first = plans().saveDraft({ clientId: client.id, content: content() });
    expect(first).toMatchObject({ clientId: client.id, revision: 1, status: 'draft' });
    expect(first.supersedesId).toBeUndefined();
    time.advance(1000);
    const second = plans().saveDraft({ clientId: client.id, content: content([], 'Sleeps 7 hours') });
    expect(second.id).toBe(first.id);
    expect(second.content.problems[0]!.goals[0]!.objectives[0]!.statement).toBe('Sleeps 7 hours');
    expect(plans().getRecord(client.id)).toEqual({ current: null, draft: second, history: [] });
  });

  it("links only the client's own diagnoses", async () => {
    const client = newClient();
    const other = newClient('Other');
    const foreign = made.vault.diagnoses.add({ clientId: other.id, code: 'F41.1', rank: 'primary', status: 'active' });
    await expectCode(() => plans().saveDraft({ clientId: client.id, content: content([foreign.id]) }), 'INVALID_INPUT');
    await expectCode(() => plans().saveDraft({ clientId: client.id, content: content(['c'.repeat(32)]) }), 'INVALID_INPUT');
  });

  it('refuses malformed content with INVALID_INPUT', async () => {
    const client = newClient();
    const good = content();
    const bad: unknown[] = [
      { clientId: client.id, content: { ...good, extra: 1 } },
      { clientId: client.id, content: { ...good, reviewDate: '2026-13-01' } },
      { clientId: client.id, content: { ...good, problems: Array.from({ length: 21 }, () => good.problems[0]) } },
      { clientId: client.id, content: { ...good, interventions: [{ description: 'x'.repeat(2001), frequency: '', modality: '' }] } },
      { clientId: client.id, content: good, status: 'signed' },
      { clientId: client.id, content: good, signedBy: 'Someone Else' },
    ];
    for (const input of bad) await expectCode(() => plans().saveDraft(input as TreatmentPlanDraftInput), 'INVALID_INPUT');
  });
});

describe('signing a treatment plan', () => {
  it('signs as the clinician in Settings, dated, with a review 90 days on, and audits it', () => {
    const { signed } = signedPlan();
    expect(signed).toMatchObject({
      status: 'signed',
      signedBy: 'Dana Reyes, LCSW',
      signedAt: new Date(time.now()).toISOString(),
      reviewDate: new Date(time.now() + 90 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(made.vault.audit.list().at(-1)).toMatchObject({ event: 'treatmentPlan.signed', detail: { planId: signed.id, revision: 1 } });
  });

  it('keeps a review date the clinician chose', () => {
    const client = newClient();
    const draft = plans().saveDraft({ clientId: client.id, content: { ...content(), reviewDate: '2026-12-24' } });
    expect(plans().signAsClinician(draft.id).reviewDate).toBe('2026-12-24');
  });

  it('needs a problem with a goal and dated objectives', async () => {
    const client = newClient();
    const incomplete: TreatmentPlanContent[] = [
      { problems: [], interventions: [] },
      { ...content(), problems: [{ statement: 'p', diagnosisIds: [], goals: [] }] },
      { ...content(), problems: [{ statement: 'p', diagnosisIds: [], goals: [{ statement: 'g', objectives: [{ statement: 'o' }] }] }] },
      { ...content(), problems: [{ statement: ' ', diagnosisIds: [], goals: content().problems[0]!.goals }] },
    ];
    for (const body of incomplete) {
      const draft = plans().saveDraft({ clientId: client.id, content: body });
      await expectCode(() => plans().signAsClinician(draft.id), 'INVALID_INPUT');
      expect(plans().get(draft.id).status).toBe('draft');
    }
  });

  it('needs the clinician name in Settings', async () => {
    const client = newClient();
    const draft = plans().saveDraft({ clientId: client.id, content: content() });
    const settings = made.vault.settings.get();
    made.vault.settings.save({ ...settings, clinicianName: '' });
    try {
      await expectCode(() => plans().signAsClinician(draft.id), 'SIGNER_NAME_MISSING');
    } finally {
      made.vault.settings.save(settings);
    }
  });
});

describe('a signed treatment plan', () => {
  it('cannot be signed again or discarded, and a save starts a revision instead of changing it', async () => {
    const { client, signed } = signedPlan();
    await expectCode(() => plans().signAsClinician(signed.id), 'NOTE_SIGNED');
    await expectCode(() => plans().sign(signed.id, 'Someone Else'), 'NOTE_SIGNED');
    await expectCode(() => plans().discardDraft(signed.id), 'NOTE_SIGNED');
    const revision = plans().saveDraft({ clientId: client.id, content: content([], 'Changed objective') });
    expect(revision).toMatchObject({ revision: 2, supersedesId: signed.id, status: 'draft' });
    expect(revision.id).not.toBe(signed.id);
    expect(plans().get(signed.id)).toEqual(signed);
  });

  it('is superseded by its signed revision, and both stay in the history', () => {
    const { client, signed } = signedPlan();
    time.advance(86_400_000);
    const draft = plans().saveDraft({ clientId: client.id, content: content([], 'Revised objective') });
    expect(plans().getRecord(client.id)).toMatchObject({ current: signed, draft: { id: draft.id } });
    const revised = plans().signAsClinician(draft.id);
    const record = plans().getRecord(client.id);
    expect(record.current).toEqual(revised);
    expect(record.draft).toBeNull();
    expect(record.history.map((plan) => [plan.revision, plan.id])).toEqual([
      [2, revised.id],
      [1, signed.id],
    ]);
    expect(record.history[1]).toEqual(signed);
  });

  it('lets a revision draft be discarded, leaving the signed plan in force', () => {
    const { client, signed } = signedPlan();
    const draft = plans().saveDraft({ clientId: client.id, content: content() });
    plans().discardDraft(draft.id);
    expect(plans().getRecord(client.id)).toEqual({ current: signed, draft: null, history: [signed] });
  });
});

describe('plans due for review', () => {
  it('lists plans in force whose review date has come, soonest first, and not superseded or archived ones', () => {
    const due = newClient('Due Client');
    const dueDraft = plans().saveDraft({ clientId: due.id, content: { ...content(), reviewDate: '2027-01-10' } });
    const duePlan = plans().signAsClinician(dueDraft.id);
    const later = newClient('Later Client');
    const laterDraft = plans().saveDraft({ clientId: later.id, content: { ...content(), reviewDate: '2027-06-01' } });
    plans().signAsClinician(laterDraft.id);
    const archived = newClient('Archived Client');
    const archivedDraft = plans().saveDraft({ clientId: archived.id, content: { ...content(), reviewDate: '2027-01-05' } });
    plans().signAsClinician(archivedDraft.id);
    made.vault.clients.setArchived(archived.id, true);

    const listed = plans().dueForReview('2027-01-10').filter((entry) => [due.id, later.id, archived.id].includes(entry.clientId));
    expect(listed).toEqual([{ clientId: due.id, clientName: 'Due Client', planId: duePlan.id, revision: 1, reviewDate: '2027-01-10' }]);

    const revision = plans().saveDraft({ clientId: due.id, content: { ...content(), reviewDate: '2027-04-10' } });
    plans().signAsClinician(revision.id);
    expect(plans().dueForReview('2027-01-10').some((entry) => entry.clientId === due.id)).toBe(false);
  });

  it('refuses a day that is not a date', async () => {
    await expectCode(() => plans().dueForReview('tomorrow'), 'INVALID_INPUT');
  });
});

describe('the stored rows of a signed plan', () => {
  let own: Awaited<ReturnType<typeof createdVault>>;
  let file: KeyedFile;
  let signed: TreatmentPlan;
  let clientId: string;
  let otherClientId: string;

  beforeAll(async () => {
    const ring = new KeyRing(await loadSodium());
    own = await createdVault({ keyRing: ring });
    const client = own.vault.clients.create({ name: 'Row Client' });
    clientId = client.id;
    otherClientId = own.vault.clients.create({ name: 'Other Row Client' }).id;
    const draft = own.vault.treatmentPlans.saveDraft({ clientId, content: content() });
    signed = own.vault.treatmentPlans.sign(draft.id, 'Dr Test');
    file = await reopenWithKeys(own.vault, ring, own.path);
  });
  afterAll(async () => {
    file?.close();
    await own?.dispose();
  });

  const sealed = () => file.ctx.db.prepare('SELECT client_id, key_version, nonce, ciphertext FROM treatment_plans WHERE id = ?').get(signed.id);

  it('stay byte for byte through every attempt to change them', async () => {
    const before = sealed();
    await expectCode(() => signTreatmentPlan(file.ctx, signed.id, 'Someone Else'), 'NOTE_SIGNED');
    await expectCode(() => discardTreatmentPlanDraft(file.ctx, signed.id), 'NOTE_SIGNED');
    saveTreatmentPlanDraft(file.ctx, { clientId, content: content([], 'A revision') });
    expect(sealed()).toEqual(before);
    expect(getTreatmentPlan(file.ctx, signed.id)).toEqual(signed);
  });

  it('are sealed to their client: a plan re-pointed at another client fails with INTEGRITY', async () => {
    await withRowChanged(file.ctx.db, 'treatment_plans', { column: 'id', value: signed.id }, { client_id: otherClientId }, () =>
      expectCode(() => getTreatmentPlan(file.ctx, signed.id), 'INTEGRITY'),
    );
  });
});
