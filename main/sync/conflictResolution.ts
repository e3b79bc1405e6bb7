/*
 * The conflicts the therapist resolves (docs/SYNC.md section 5): two
 * computers edited one draft offline, and the losing version was kept as a
 * conflict copy. The list names each by client and session date only; the
 * two texts are read for the one conflict opened. Resolving is an ordinary
 * save through the vault's row writes (stamped, sealed under the current key,
 * sent in the next batch) whose seen vector also covers the copy, plus a
 * dismissal, so every computer stops showing it and none makes it again.
 */
import type {
  SyncConflictChoice,
  SyncConflictDetail,
  SyncConflictKind,
  SyncConflictPart,
  SyncConflictPlans,
  SyncConflictView,
} from '../../shared/domain/sync';
import type { ProgressNote, PsychotherapyNote, Session, TreatmentPlan } from '../../shared/domain/records';
import { VaultError } from '../../shared/errors';
import { noteTemplate } from '../../shared/templates';
import { appendAudit } from '../vault/audit';
import { getClient } from '../vault/clients';
import { listDiagnosesForClient } from '../vault/diagnoses';
import type { VaultContext } from '../vault/context';
import { isoNow } from '../vault/context';
import { addAddendumAsClinician } from '../vault/progressNotes';
import { openRow } from '../vault/rowCipher';
import { insertRow, readRow, replaceRow } from '../vault/rows';
import { compartmentOf } from '../vault/tables';
import { encodeSeen } from './batch';
import type { RowVersion, SyncTable } from './changes';
import { mergeSeen } from './changes';
import { listDevices } from './devices';
import { VaultReplica } from './vaultReplica';
import { hlcBytes, storedSeen } from './vaultState';

type ConflictTable = 'progress_notes' | 'psychotherapy_notes' | 'treatment_plans';

const KINDS: Record<ConflictTable, SyncConflictKind> = {
  progress_notes: 'progressNote',
  psychotherapy_notes: 'psychotherapyNote',
  treatment_plans: 'treatmentPlan',
};

type NotePayload = Omit<ProgressNote, 'addenda'>;

function isConflictTable(table: SyncTable): table is ConflictTable {
  return table in KINDS;
}

export function conflictId(copy: RowVersion): string {
  return `${copy.table}.${copy.rowId}.${hlcBytes(copy.stamp.hlc).toString('hex')}.${copy.stamp.device}`;
}

function findCopy(ctx: VaultContext, id: string): RowVersion & { table: ConflictTable } {
  const copy = new VaultReplica(ctx.db, ctx.clock).store.allConflicts().find((one) => conflictId(one) === id);
  if (!copy || !isConflictTable(copy.table)) throw new VaultError('NOT_FOUND', 'This conflict was resolved already');
  return copy as RowVersion & { table: ConflictTable };
}

/** The copy's record, opened with the key it was sealed under. */
function openCopy<T>(ctx: VaultContext, copy: RowVersion): T {
  if (!copy.sealed) throw new VaultError('INTERNAL', 'A conflict copy without its text');
  const key = ctx.keys.opening(compartmentOf(copy.table as ConflictTable), copy.sealed.keyVersion);
  return openRow<T>(ctx.sodium, key, { vaultId: ctx.vaultId, table: copy.table as ConflictTable, rowId: copy.rowId }, copy.sealed);
}

function sessionOf(ctx: VaultContext, id: string | null): Session | undefined {
  return id === null ? undefined : readRow<Session>(ctx, 'sessions', id);
}

function clientNameOf(ctx: VaultContext, clientId: string | undefined): string | null {
  if (clientId === undefined) return null;
  try {
    return getClient(ctx, clientId).name;
  } catch {
    // The client row has not arrived yet: the conflict is listed without a name.
    return null;
  }
}

function choicesOf(table: ConflictTable, suggestion: boolean): SyncConflictChoice[] {
  if (suggestion) return table === 'progress_notes' ? ['keepThis', 'keepBoth'] : ['keepThis'];
  return table === 'treatment_plans' ? ['keepThis', 'keepOther'] : ['keepThis', 'keepOther', 'keepBoth'];
}

function viewOf(ctx: VaultContext, copy: RowVersion & { table: ConflictTable }, names: Map<string, string>): SyncConflictView {
  const replica = new VaultReplica(ctx.db, ctx.clock);
  const suggestion = replica.store.current(copy.table, copy.rowId)?.final === true;
  const session = copy.table === 'treatment_plans' ? undefined : sessionOf(ctx, copy.parentId);
  const clientId = copy.table === 'treatment_plans' ? (copy.parentId ?? undefined) : session?.clientId;
  return {
    id: conflictId(copy),
    kind: KINDS[copy.table],
    recordId: copy.rowId,
    clientName: clientNameOf(ctx, clientId),
    sessionDate: session?.date ?? null,
    deviceName: names.get(copy.stamp.device) || null,
    savedAt: new Date(copy.stamp.hlc.wall).toISOString(),
    suggestion,
    choices: choicesOf(copy.table, suggestion),
  };
}

function deviceNames(ctx: VaultContext): Map<string, string> {
  return new Map(listDevices(ctx).map((device) => [device.id, device.name]));
}

/** Clients A to Z (one whose row has not arrived last), a plan before its client's notes, notes by session date, then by when saved. */
function byClientThenDate(a: SyncConflictView, b: SyncConflictView): number {
  if ((a.clientName === null) !== (b.clientName === null)) return a.clientName === null ? 1 : -1;
  return (
    (a.clientName ?? '').localeCompare(b.clientName ?? '', 'en-US', { sensitivity: 'base' }) ||
    (a.sessionDate ?? '').localeCompare(b.sessionDate ?? '') ||
    a.savedAt.localeCompare(b.savedAt)
  );
}

/** In an order the therapist can follow; the table stores them by random row id. */
export function listConflicts(ctx: VaultContext): SyncConflictView[] {
  const names = deviceNames(ctx);
  return new VaultReplica(ctx.db, ctx.clock).store
    .allConflicts()
    .filter((copy): copy is RowVersion & { table: ConflictTable } => isConflictTable(copy.table))
    .map((copy) => viewOf(ctx, copy, names))
    .sort(byClientThenDate);
}

function noteParts(current: NotePayload | undefined, other: NotePayload): SyncConflictPart[] {
  const fields = noteTemplate(current ?? other).fields;
  const known = new Set(fields.map((field) => field.id));
  const extra = Object.keys(other.fields).filter((id) => !known.has(id));
  return [...fields.map((field) => ({ id: field.id, label: field.label })), ...extra.map((id) => ({ id, label: id }))]
    .map(({ id, label }) => ({ label, thisText: current?.fields[id] ?? '', otherText: other.fields[id] ?? '' }))
    .filter((part) => part.thisText !== '' || part.otherText !== '');
}

/** The client's diagnoses by id, as a plan names them; none while the client row has not arrived. */
function diagnosisLabels(ctx: VaultContext, clientId: string): Record<string, string> {
  try {
    return Object.fromEntries(listDiagnosesForClient(ctx, clientId).map((diagnosis) => [diagnosis.id, `${diagnosis.code} ${diagnosis.description}`]));
  } catch {
    return {};
  }
}

function plansOf(ctx: VaultContext, copy: RowVersion & { table: ConflictTable }): SyncConflictPlans {
  const other = openCopy<TreatmentPlan>(ctx, copy);
  const current = readRow<TreatmentPlan>(ctx, 'treatment_plans', copy.rowId);
  return { thisPlan: current?.content ?? null, otherPlan: other.content, diagnoses: diagnosisLabels(ctx, other.clientId) };
}

function partsOf(ctx: VaultContext, copy: RowVersion & { table: ConflictTable }): SyncConflictPart[] {
  if (copy.table === 'progress_notes') {
    return noteParts(readRow<NotePayload>(ctx, 'progress_notes', copy.rowId), openCopy<NotePayload>(ctx, copy));
  }
  const other = openCopy<PsychotherapyNote>(ctx, copy);
  const current = readRow<PsychotherapyNote>(ctx, 'psychotherapy_notes', copy.rowId);
  return [{ label: 'Note', thisText: current?.text ?? '', otherText: other.text }];
}

export function openConflict(ctx: VaultContext, id: string): SyncConflictDetail {
  const copy = findCopy(ctx, id);
  const view = viewOf(ctx, copy, deviceNames(ctx));
  if (copy.table === 'treatment_plans') return { ...view, parts: [], plans: plansOf(ctx, copy) };
  return { ...view, parts: partsOf(ctx, copy) };
}

function joined(mine: string, other: string): string {
  if (other === '' || other === mine) return mine;
  return mine === '' ? other : `${mine}\n\n${other}`;
}

/** Both drafts' text: this computer's first, the other's after it, section by section. */
function bothTexts(table: ConflictTable, current: object, other: object): object {
  if (table === 'psychotherapy_notes') {
    return { ...current, text: joined((current as PsychotherapyNote).text, (other as PsychotherapyNote).text) };
  }
  const mine = current as NotePayload;
  const theirs = other as NotePayload;
  const fields = { ...mine.fields };
  for (const [id, text] of Object.entries(theirs.fields)) fields[id] = joined(fields[id] ?? '', text);
  return { ...mine, fields };
}

/** The other text of a suggestion, as an addendum reads it: each section under its label. */
function addendumText(current: NotePayload, other: NotePayload): string {
  return noteParts(current, other)
    .filter((part) => part.otherText !== '' && part.otherText !== part.thisText)
    .map((part) => `${part.label}:\n${part.otherText}`)
    .join('\n\n');
}

function resolveSuggestion(ctx: VaultContext, copy: RowVersion & { table: ConflictTable }, choice: SyncConflictChoice): void {
  if (choice === 'keepOther') throw new VaultError('NOTE_SIGNED', 'A signed note cannot be changed; keep its text or add the other as an addendum');
  if (choice === 'keepBoth') {
    if (copy.table !== 'progress_notes') throw new VaultError('INVALID_INPUT', 'Only a progress note takes an addendum');
    const current = readRow<NotePayload>(ctx, 'progress_notes', copy.rowId);
    const text = current ? addendumText(current, openCopy<NotePayload>(ctx, copy)) : '';
    if (text !== '') addAddendumAsClinician(ctx, copy.rowId, text);
  }
}

function resolveDraft(ctx: VaultContext, copy: RowVersion & { table: ConflictTable }, choice: SyncConflictChoice): void {
  const current = readRow<{ updatedAt: string }>(ctx, copy.table, copy.rowId);
  const other = openCopy<{ updatedAt: string }>(ctx, copy);
  const now = isoNow(ctx);
  if (!current) {
    // Deleted here while edited there: only the other text is left to keep.
    if (choice !== 'keepThis') insertRow(ctx, copy.table, copy.rowId, copy.parentId, { ...other, updatedAt: now });
    return;
  }
  if (choice === 'keepBoth' && copy.table === 'treatment_plans') throw new VaultError('INVALID_INPUT', 'Keep one plan, then edit it');
  const next = choice === 'keepThis' ? current : choice === 'keepOther' ? other : bothTexts(copy.table, current, other);
  replaceRow(ctx, copy.table, copy.rowId, { ...next, updatedAt: now });
}

/**
 * Resolves one conflict. Every text the therapist saved stays somewhere: the
 * chosen version is a new save, and a discarded one was a choice made on it.
 * The audit entry is written in the same transaction, so a refused choice
 * leaves none; it names the record, the choice and the other computer by
 * their ids, never a word of either text.
 */
export function resolveConflict(ctx: VaultContext, id: string, choice: SyncConflictChoice): void {
  ctx.db
    .transaction(() => {
      const copy = findCopy(ctx, id);
      const replica = new VaultReplica(ctx.db, ctx.clock);
      const suggestion = replica.store.current(copy.table, copy.rowId)?.final === true;
      if (suggestion) resolveSuggestion(ctx, copy, choice);
      else {
        resolveDraft(ctx, copy, choice);
        const seen = mergeSeen(storedSeen(ctx.db, copy.table, copy.rowId), copy.seen);
        ctx.db
          .prepare('UPDATE sync_versions SET seen = ? WHERE table_name = ? AND row_id = ?')
          .run(encodeSeen(seen), copy.table, copy.rowId);
      }
      replica.dismiss(copy);
      appendAudit(ctx, 'sync.conflictResolved', {
        kind: KINDS[copy.table],
        recordId: copy.rowId,
        choice,
        deviceId: copy.stamp.device,
        suggestion,
      });
    })
    .immediate();
}
