/*
 * Outcome measures: PHQ-9 and GAD-7 administrations, one row each under the
 * session they were given in. Main scores the answers; a measure can be
 * corrected or removed until the session's progress note is signed, after
 * which it is part of the signed record and never changes.
 */
import type { MeasureInput, OutcomeMeasure } from '../../shared/domain/measures';
import { measureDifficultySchema, measureInputSchema, measureResponsesSchema } from '../../shared/domain/measures';
import type { Difficulty } from '../../shared/clinical/measures';
import { MEASURE_INSTRUMENTS, MEASURES, scoreMeasure } from '../../shared/clinical/measures';
import { rowIdSchema } from '../../shared/domain/schemas';
import type { Session } from '../../shared/domain/records';
import { VaultError } from '../../shared/errors';
import { appendAudit } from './audit';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { getClient } from './clients';
import { newId } from './ids';
import { deleteRow, insertRow, readRows, readRowsUnder, replaceRow, requireRow } from './rows';
import { getSession, hasSignedNote } from './sessions';
import { parseInput } from './validate';

/** The stored payload: the date is the session's, read with it, so moving a session moves its measures. */
export type MeasurePayload = Omit<OutcomeMeasure, 'id' | 'date'>;

function withDate(payload: MeasurePayload & { id: string }, session: Pick<Session, 'date'>): OutcomeMeasure {
  return { ...payload, date: session.date };
}

function requireUnsigned(ctx: VaultContext, sessionId: string): void {
  if (hasSignedNote(ctx, sessionId)) {
    throw new VaultError('NOTE_SIGNED', "The session's progress note is signed, so its measures cannot change");
  }
}

export function getMeasure(ctx: VaultContext, id: string): OutcomeMeasure {
  parseInput(rowIdSchema, id);
  const payload = requireRow<MeasurePayload>(ctx, 'outcome_measures', id, 'Measure');
  return withDate(payload, getSession(ctx, payload.sessionId));
}

export function recordMeasure(ctx: VaultContext, input: MeasureInput): OutcomeMeasure {
  const { clientId, sessionId, instrument, responses, difficulty } = parseInput(measureInputSchema, input);
  return ctx.db.transaction(() => {
    const session = getSession(ctx, sessionId);
    if (session.clientId !== clientId) throw new VaultError('INVALID_INPUT', "This session is not the client's");
    requireUnsigned(ctx, sessionId);
    const now = isoNow(ctx);
    const measure: MeasurePayload & { id: string } = {
      id: newId(ctx.sodium),
      clientId,
      sessionId,
      instrument,
      responses,
      ...scoreMeasure(instrument, responses),
      ...(difficulty ? { difficulty } : {}),
      createdAt: now,
      updatedAt: now,
    };
    insertRow(ctx, 'outcome_measures', measure.id, sessionId, measure);
    appendAudit(ctx, 'measure.recorded', { measureId: measure.id, sessionId });
    return withDate(measure, session);
  }).immediate();
}

/** Corrects the answers, the difficulty answer among them; the instrument stays what it was. */
export function updateMeasure(ctx: VaultContext, id: string, responses: number[], difficulty?: Difficulty): OutcomeMeasure {
  const answers = parseInput(measureResponsesSchema, responses);
  const difficultyAnswer = parseInput(measureDifficultySchema, difficulty);
  return ctx.db.transaction(() => {
    const current = getMeasure(ctx, id);
    if (answers.length !== MEASURES[current.instrument].items.length) {
      throw new VaultError('INVALID_INPUT', 'Invalid input (responses: expected one answer per item)');
    }
    if (difficultyAnswer && !MEASURES[current.instrument].asksDifficulty) {
      throw new VaultError('INVALID_INPUT', 'Invalid input (difficulty: this questionnaire has no difficulty question)');
    }
    requireUnsigned(ctx, current.sessionId);
    const { date: _date, difficulty: _old, ...payload } = current;
    const next = {
      ...payload,
      responses: answers,
      ...scoreMeasure(current.instrument, answers),
      ...(difficultyAnswer ? { difficulty: difficultyAnswer } : {}),
      updatedAt: isoNow(ctx),
    };
    replaceRow(ctx, 'outcome_measures', id, next);
    appendAudit(ctx, 'measure.changed', { measureId: id, sessionId: current.sessionId });
    return { ...next, date: current.date };
  }).immediate();
}

export function removeMeasure(ctx: VaultContext, id: string): OutcomeMeasure {
  return ctx.db.transaction(() => {
    const current = getMeasure(ctx, id);
    requireUnsigned(ctx, current.sessionId);
    deleteRow(ctx, 'outcome_measures', id);
    appendAudit(ctx, 'measure.removed', { measureId: id, sessionId: current.sessionId });
    return current;
  }).immediate();
}

/** By session date, then PHQ-9 before GAD-7 within a session, so two readings of one day keep a fixed order. */
export function byDate(a: OutcomeMeasure, b: OutcomeMeasure): number {
  return (
    a.date.localeCompare(b.date) ||
    MEASURE_INSTRUMENTS.indexOf(a.instrument) - MEASURE_INSTRUMENTS.indexOf(b.instrument) ||
    a.createdAt.localeCompare(b.createdAt) ||
    a.id.localeCompare(b.id)
  );
}

/** The client's measures, oldest first, in one read; `sessions` are the client's, for the measures' dates. */
export function measuresOfClient(ctx: VaultContext, clientId: string, sessions: readonly Session[]): OutcomeMeasure[] {
  const byId = new Map(sessions.map((session) => [session.id, session]));
  return readRowsUnder<MeasurePayload>(ctx, 'outcome_measures', ['sessions'], clientId)
    .flatMap((row) => {
      const session = byId.get(row.sessionId);
      return session ? [withDate(row, session)] : [];
    })
    .sort(byDate);
}

/** Every measure of the client, oldest first: what the chart plots. */
export function listMeasuresForClient(ctx: VaultContext, clientId: string): OutcomeMeasure[] {
  getClient(ctx, clientId);
  return measuresOfClient(ctx, clientId, readRows<Session>(ctx, 'sessions', clientId));
}
