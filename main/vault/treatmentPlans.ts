/*
 * A client's treatment plan. Each revision is one row of `treatment_plans`:
 * a draft is edited in place until signed; a signed row is never rewritten.
 * Revising starts a new draft that names the signed revision it supersedes,
 * and the plan in force is the latest signed revision.
 */
import type { PlanReviewDue, TreatmentPlan, TreatmentPlanRecord } from '../../shared/domain/records';
import type { TreatmentPlanContent, TreatmentPlanDraftInput } from '../../shared/domain/schemas';
import { isoDateSchema, rowIdSchema, treatmentPlanDraftSchema } from '../../shared/domain/schemas';
import { VaultError } from '../../shared/errors';
import { appendAudit } from './audit';
import { getClient, listClients } from './clients';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { listDiagnosesForClient } from './diagnoses';
import { newId } from './ids';
import { signerName } from './signer';
import { deleteRow, insertRow, readRows, replaceRow, requireRow } from './rows';
import { getSettings } from './settings';
import { keepUnseenImport, storedVersion } from './storedVersion';
import { parseInput } from './validate';

/** Plans are reviewed every 90 days unless the clinician sets another date. */
export const DEFAULT_REVIEW_DAYS = 90;

type PlanPayload = Omit<TreatmentPlan, 'id'>;

function plansOf(ctx: VaultContext, clientId: string): TreatmentPlan[] {
  return readRows<PlanPayload>(ctx, 'treatment_plans', clientId).sort(
    (a, b) => b.revision - a.revision || b.createdAt.localeCompare(a.createdAt),
  );
}

export function getTreatmentPlanRecord(ctx: VaultContext, clientId: string): TreatmentPlanRecord {
  getClient(ctx, clientId);
  const plans = plansOf(ctx, clientId);
  const history = plans.filter((plan) => plan.status === 'signed');
  return {
    current: history[0] ?? null,
    draft: plans.find((plan) => plan.status === 'draft') ?? null,
    history,
  };
}

/** A plan as an editor gets it: with the stamp its next save sends back. */
function shown(ctx: VaultContext, plan: TreatmentPlan): TreatmentPlan {
  const version = storedVersion(ctx, 'treatment_plans', plan.id);
  return version ? { ...plan, storedVersion: version } : plan;
}

/** The record as the window reads it: the draft, the one plan an editor saves, with its stored version. */
export function showTreatmentPlanRecord(ctx: VaultContext, clientId: string): TreatmentPlanRecord {
  const record = getTreatmentPlanRecord(ctx, clientId);
  return { ...record, draft: record.draft && shown(ctx, record.draft) };
}

export function getTreatmentPlan(ctx: VaultContext, id: string): TreatmentPlan {
  parseInput(rowIdSchema, id);
  return requireRow<PlanPayload>(ctx, 'treatment_plans', id, 'Treatment plan');
}

function checkDiagnosisLinks(ctx: VaultContext, clientId: string, content: TreatmentPlanContent): void {
  const ids = new Set(listDiagnosesForClient(ctx, clientId).map((diagnosis) => diagnosis.id));
  const foreign = content.problems.some((problem) => problem.diagnosisIds.some((id) => !ids.has(id)));
  if (foreign) throw new VaultError('INVALID_INPUT', "A problem links a diagnosis that is not this client's");
}

/**
 * Creates or updates the client's draft. With a signed plan in force the
 * first save starts a revision that supersedes it; the signed plan itself is
 * never touched.
 */
export function saveTreatmentPlanDraft(ctx: VaultContext, input: TreatmentPlanDraftInput): TreatmentPlan {
  const { clientId, content, basedOn } = parseInput(treatmentPlanDraftSchema, input);
  return ctx.db.transaction(() => {
    getClient(ctx, clientId);
    checkDiagnosisLinks(ctx, clientId, content);
    const { current, draft } = getTreatmentPlanRecord(ctx, clientId);
    const now = isoNow(ctx);
    if (draft) {
      keepUnseenImport(ctx, 'treatment_plans', draft.id, basedOn);
      const next: TreatmentPlan = { ...draft, content, updatedAt: now };
      replaceRow(ctx, 'treatment_plans', draft.id, next);
      return shown(ctx, next);
    }
    const plan: TreatmentPlan = {
      id: newId(ctx.sodium),
      clientId,
      revision: (current?.revision ?? 0) + 1,
      ...(current ? { supersedesId: current.id } : {}),
      status: 'draft',
      content,
      createdAt: now,
      updatedAt: now,
    };
    insertRow(ctx, 'treatment_plans', plan.id, clientId, plan);
    return shown(ctx, plan);
  }).immediate();
}

/** Deletes nothing signed: only an unsigned draft can be dropped. */
export function discardTreatmentPlanDraft(ctx: VaultContext, id: string): void {
  ctx.db.transaction(() => {
    const plan = getTreatmentPlan(ctx, id);
    if (plan.status === 'signed') throw new VaultError('NOTE_SIGNED', 'A signed treatment plan cannot be changed');
    deleteRow(ctx, 'treatment_plans', id);
  }).immediate();
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function checkSignable(content: TreatmentPlanContent): void {
  const problems = content.problems;
  const complete =
    problems.length > 0 &&
    problems.every(
      (problem) =>
        problem.statement.trim() !== '' &&
        problem.goals.length > 0 &&
        problem.goals.every(
          (goal) =>
            goal.statement.trim() !== '' &&
            goal.objectives.length > 0 &&
            goal.objectives.every((objective) => objective.statement.trim() !== '' && objective.targetDate !== undefined),
        ),
    ) &&
    content.interventions.every((intervention) => intervention.description.trim() !== '');
  if (!complete) {
    throw new VaultError(
      'INVALID_INPUT',
      'A plan is signed with at least one problem, each with a goal and dated measurable objectives',
    );
  }
}

export function signTreatmentPlan(ctx: VaultContext, id: string, signedBy: string): TreatmentPlan {
  const signer = signedBy.trim();
  if (signer.length === 0 || signer.length > 200) {
    throw new VaultError('INVALID_INPUT', 'A signature needs the clinician name (1-200 characters)');
  }
  return ctx.db.transaction(() => {
    const plan = getTreatmentPlan(ctx, id);
    if (plan.status === 'signed') throw new VaultError('NOTE_SIGNED', 'This treatment plan is already signed');
    checkSignable(plan.content);
    checkDiagnosisLinks(ctx, plan.clientId, plan.content);
    const now = isoNow(ctx);
    const signed: TreatmentPlan = {
      ...plan,
      status: 'signed',
      signedBy: signer,
      signedAt: now,
      reviewDate: plan.content.reviewDate ?? addDays(now.slice(0, 10), DEFAULT_REVIEW_DAYS),
      updatedAt: now,
    };
    replaceRow(ctx, 'treatment_plans', id, signed);
    appendAudit(ctx, 'treatmentPlan.signed', { planId: id, revision: signed.revision });
    return signed;
  }).immediate();
}

/** Signs as the clinician named in Settings, like a progress note. */
export function signTreatmentPlanAsClinician(ctx: VaultContext, id: string): TreatmentPlan {
  return signTreatmentPlan(ctx, id, signerName(getSettings(ctx)));
}

/**
 * Signed plans in force whose review date is on or before `asOf`
 * (YYYY-MM-DD), soonest first, for active clients: what the Today screen lists.
 */
export function listPlansDueForReview(ctx: VaultContext, asOf: string): PlanReviewDue[] {
  const day = parseInput(isoDateSchema, asOf);
  return listClients(ctx)
    .flatMap((client) => {
      const { current } = getTreatmentPlanRecord(ctx, client.id);
      if (!current?.reviewDate || current.reviewDate > day) return [];
      return [
        { clientId: client.id, clientName: client.name, planId: current.id, revision: current.revision, reviewDate: current.reviewDate },
      ];
    })
    .sort((a, b) => a.reviewDate.localeCompare(b.reviewDate) || a.clientName.localeCompare(b.clientName));
}
