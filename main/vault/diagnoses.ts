/*
 * A client's diagnoses. Every change is a new version row in `diagnoses`,
 * never an update, so the record shows what was diagnosed when. A diagnosis
 * is the chain of versions sharing its diagnosisId (its first version's row id).
 */
import type { Diagnosis, DiagnosisVersion } from '../../shared/domain/records';
import type { DiagnosisChange, DiagnosisInput } from '../../shared/domain/schemas';
import { diagnosisChangeSchema, diagnosisInputSchema, rowIdSchema } from '../../shared/domain/schemas';
import { VaultError } from '../../shared/errors';
import { getClient } from './clients';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { requireBillableCode } from './icd10Catalog';
import { newId } from './ids';
import { insertRow, readRows, requireRow } from './rows';
import { parseInput } from './validate';

type VersionPayload = Omit<DiagnosisVersion, 'id'>;

function byVersion(a: DiagnosisVersion, b: DiagnosisVersion): number {
  return a.version - b.version || a.recordedAt.localeCompare(b.recordedAt);
}

function toDiagnosis(versions: DiagnosisVersion[]): Diagnosis {
  const history = [...versions].sort(byVersion);
  const latest = history[history.length - 1]!;
  const { id: _versionId, diagnosisId, version: _version, ...state } = latest;
  return { ...state, id: diagnosisId, history };
}

/** A client's diagnoses as they stand: active before resolved, primary first, then by code. */
export function listDiagnosesForClient(ctx: VaultContext, clientId: string): Diagnosis[] {
  getClient(ctx, clientId);
  const chains = new Map<string, DiagnosisVersion[]>();
  for (const version of readRows<VersionPayload>(ctx, 'diagnoses', clientId)) {
    const chain = chains.get(version.diagnosisId) ?? [];
    chain.push(version);
    chains.set(version.diagnosisId, chain);
  }
  return [...chains.values()]
    .map(toDiagnosis)
    .sort(
      (a, b) =>
        a.status.localeCompare(b.status) || a.rank.localeCompare(b.rank) || a.code.localeCompare(b.code) || a.id.localeCompare(b.id),
    );
}

export function getDiagnosis(ctx: VaultContext, diagnosisId: string): Diagnosis {
  parseInput(rowIdSchema, diagnosisId);
  const first = requireRow<VersionPayload>(ctx, 'diagnoses', diagnosisId, 'Diagnosis');
  if (first.diagnosisId !== diagnosisId) throw new VaultError('NOT_FOUND', 'Diagnosis not found');
  const found = listDiagnosesForClient(ctx, first.clientId).find((diagnosis) => diagnosis.id === diagnosisId);
  if (!found) throw new VaultError('NOT_FOUND', 'Diagnosis not found');
  return found;
}

function writeVersion(ctx: VaultContext, payload: VersionPayload, rowId: string = newId(ctx.sodium)): DiagnosisVersion {
  insertRow(ctx, 'diagnoses', rowId, payload.clientId, payload);
  return { ...payload, id: rowId };
}

/**
 * One active primary diagnosis per client: naming a new primary makes the
 * previous one secondary, as a new version of it.
 */
function demoteOtherPrimaries(ctx: VaultContext, clientId: string, keep: string, now: string): void {
  for (const other of listDiagnosesForClient(ctx, clientId)) {
    if (other.id === keep || other.rank !== 'primary' || other.status !== 'active') continue;
    const { history, id, ...state } = other;
    writeVersion(ctx, { ...state, rank: 'secondary', diagnosisId: id, version: history.length + 1, recordedAt: now });
  }
}

export function addDiagnosis(ctx: VaultContext, input: DiagnosisInput): Diagnosis {
  const fields = parseInput(diagnosisInputSchema, input);
  const entry = requireBillableCode(fields.code);
  return ctx.db.transaction(() => {
    getClient(ctx, fields.clientId);
    if (listDiagnosesForClient(ctx, fields.clientId).some((d) => d.code === entry.code && d.status === 'active')) {
      throw new VaultError('INVALID_INPUT', 'This diagnosis is already active for the client');
    }
    const now = isoNow(ctx);
    const rowId = newId(ctx.sodium);
    const payload: VersionPayload = {
      diagnosisId: rowId,
      clientId: fields.clientId,
      version: 1,
      code: entry.code,
      description: entry.description,
      rank: fields.rank,
      ...(fields.onsetDate ? { onsetDate: fields.onsetDate } : {}),
      status: fields.status,
      recordedAt: now,
    };
    writeVersion(ctx, payload, rowId);
    if (payload.rank === 'primary' && payload.status === 'active') demoteOtherPrimaries(ctx, fields.clientId, rowId, now);
    return getDiagnosis(ctx, rowId);
  }).immediate();
}

/** Records a change of rank, onset or status as the diagnosis's next version. */
export function changeDiagnosis(ctx: VaultContext, diagnosisId: string, change: DiagnosisChange): Diagnosis {
  const fields = parseInput(diagnosisChangeSchema, change);
  return ctx.db.transaction(() => {
    const current = getDiagnosis(ctx, diagnosisId);
    const unchanged =
      current.rank === fields.rank && current.status === fields.status && current.onsetDate === fields.onsetDate;
    if (unchanged) return current;
    const now = isoNow(ctx);
    writeVersion(ctx, {
      diagnosisId,
      clientId: current.clientId,
      version: current.history.length + 1,
      code: current.code,
      description: current.description,
      rank: fields.rank,
      ...(fields.onsetDate ? { onsetDate: fields.onsetDate } : {}),
      status: fields.status,
      recordedAt: now,
    });
    if (fields.rank === 'primary' && fields.status === 'active') demoteOtherPrimaries(ctx, current.clientId, diagnosisId, now);
    return getDiagnosis(ctx, diagnosisId);
  }).immediate();
}
