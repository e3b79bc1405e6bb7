/*
 * Key rotation: a compartment gets a new random data key at key_version + 1,
 * every row it seals is re-encrypted under it (the audit chain re-sealed and
 * re-MACed, for the progress compartment), and its slots are replaced by
 * slots wrapping the new key, all in one transaction: a crash leaves either
 * the old key everywhere or the new one everywhere. Afterwards an old copy
 * of the file and an old passphrase yield only the old key, which opens
 * nothing written since.
 */
import { VaultError } from '../../shared/errors';
import { auditChainRows, sealAuditChain } from './audit';
import type { Compartment } from './compartments';
import type { VaultContext } from './context';
import type { CompartmentKey } from './keyRing';
import type { KeySlot } from './keySlots';
import { createRecoverySlot, DATA_KEY_BYTES } from './keySlots';
import type { SlotAccess } from './passphraseSlots';
import { kdfOf, openWithPassphrase, sealForPassphrase } from './passphraseSlots';
import { openRow } from './rowCipher';
import { resealRow } from './rows';
import { deleteSlot, insertSlot, readSlots } from './slotStore';
import { wipe } from './sodium';
import type { RowTable } from './tables';
import { ROW_TABLES, TABLES } from './tables';

export type RotationProgress = (done: number, total: number) => void;

/** Rows between two progress reports. */
const PROGRESS_EVERY = 500;

interface StoredRow {
  id: string;
  parent: string | null;
  key_version: number;
  nonce: Buffer;
  ciphertext: Buffer;
}

export function tablesOf(compartment: Compartment): RowTable[] {
  return ROW_TABLES.filter((table) => TABLES[table].compartment === compartment);
}

function countRows(ctx: VaultContext, compartment: Compartment): number {
  let total = 0;
  for (const table of tablesOf(compartment)) {
    total += (ctx.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) ?? 0;
  }
  if (compartment === 'progress') total += ctx.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
  return total;
}

/** Re-encrypts one table's rows from `from` to `to`; a row that does not open under `from` stops the rotation (INTEGRITY). */
function reseal(ctx: VaultContext, table: RowTable, from: CompartmentKey, to: CompartmentKey, step: () => void): void {
  const fk = TABLES[table].parentColumn;
  const parentField = TABLES[table].parentField;
  const rows = ctx.db
    .prepare(`SELECT id, ${fk ?? 'NULL'} AS parent, key_version, nonce, ciphertext FROM ${table}`)
    .all() as StoredRow[];
  for (const row of rows) {
    const ref = { vaultId: ctx.vaultId, table, rowId: row.id };
    const payload = openRow<Record<string, unknown>>(ctx.sodium, from, ref, {
      keyVersion: row.key_version,
      nonce: row.nonce,
      ciphertext: row.ciphertext,
    });
    if (parentField && payload[parentField] !== row.parent) {
      throw new VaultError('INTEGRITY', `A ${table} row is linked to the wrong parent (row ${row.id})`, { table, rowId: row.id });
    }
    resealRow(ctx, table, row.id, payload, to);
    step();
  }
}

export interface RotationPlan {
  compartment: Compartment;
  /** The compartment's key as held now. */
  current: CompartmentKey;
  /** Opens this compartment's passphrase slot: proves who asks, and gives the passphrase the new slot is sealed under. */
  passphrase: string;
  /** Recovery slots to write for the new key. */
  recovery: RecoveryPlan;
  onProgress?: RotationProgress;
}

/**
 * What happens to recovery slots: `keep` rewraps the rotated compartment's
 * recovery slots under the recovery key the caller holds (after a recovery
 * unlock); `replace` removes every recovery slot of both compartments and
 * writes new ones under a new recovery key, which needs the other
 * compartment's key too.
 */
export type RecoveryPlan =
  | { kind: 'keep'; recoveryKey: Uint8Array }
  | { kind: 'replace'; recoveryKey: Uint8Array; other: CompartmentKey };

const otherCompartment = (compartment: Compartment): Compartment => (compartment === 'progress' ? 'psychotherapy' : 'progress');

function recoverySlots(ctx: VaultContext, compartment: Compartment, key: CompartmentKey, recoveryKey: Uint8Array): KeySlot {
  return createRecoverySlot(ctx.sodium, { vaultId: ctx.vaultId, compartment, keyVersion: key.version, dataKey: key.key }, recoveryKey);
}

/**
 * Rotates one compartment. Returns the new key (the caller puts it in the
 * key ring, which wipes the old one); throws WRONG_PASSPHRASE when the
 * passphrase does not open the compartment, and changes nothing then.
 */
export async function rotateCompartment(ctx: VaultContext, access: SlotAccess, plan: RotationPlan): Promise<CompartmentKey> {
  const { compartment, current } = plan;
  const opened = await openWithPassphrase(access, compartment, plan.passphrase);
  if (!opened) throw new VaultError('WRONG_PASSPHRASE', 'That passphrase does not open this compartment');
  const sameKey = opened.slot.keyVersion === current.version && ctx.sodium.memcmp(opened.key, current.key);
  wipe(ctx.sodium, opened.key);
  if (!sameKey) throw new VaultError('INTEGRITY', `Key slot ${opened.slot.slotId} does not hold the key in use`, { table: 'key_slots', rowId: opened.slot.slotId });

  const next: CompartmentKey = { version: current.version + 1, key: ctx.sodium.randombytes_buf(DATA_KEY_BYTES) };
  try {
    const passphraseSlot = await sealForPassphrase(access, compartment, next.version, next.key, plan.passphrase, kdfOf(opened.slot));
    const added: KeySlot[] = [passphraseSlot, recoverySlots(ctx, compartment, next, plan.recovery.recoveryKey)];
    const removed = [...readSlots(ctx.db, compartment, 'passphrase'), ...readSlots(ctx.db, compartment, 'recovery')];
    if (plan.recovery.kind === 'replace') {
      const other = otherCompartment(compartment);
      removed.push(...readSlots(ctx.db, other, 'recovery'));
      added.push(recoverySlots(ctx, other, plan.recovery.other, plan.recovery.recoveryKey));
    }
    const total = countRows(ctx, compartment);
    let done = 0;
    const step = () => {
      done += 1;
      if (done % PROGRESS_EVERY === 0 || done === total) plan.onProgress?.(done, total);
    };
    plan.onProgress?.(0, total);
    ctx.db
      .transaction(() => {
        for (const table of tablesOf(compartment)) reseal(ctx, table, current, next, step);
        if (compartment === 'progress') {
          const entries = auditChainRows(ctx, current);
          sealAuditChain(ctx, entries, next);
          for (let i = 0; i < entries.length; i += 1) step();
        }
        for (const slot of removed) deleteSlot(ctx.db, slot.slotId);
        for (const slot of added) insertSlot(ctx.db, slot);
      })
      .immediate();
    return next;
  } catch (error) {
    wipe(ctx.sodium, next.key);
    throw error;
  }
}

/** Replaces every recovery slot by slots under a new recovery key; needs both compartments' keys. */
export function replaceRecoverySlots(ctx: VaultContext, keys: Record<Compartment, CompartmentKey>, recoveryKey: Uint8Array): void {
  const added = (['progress', 'psychotherapy'] as const).map((compartment) => recoverySlots(ctx, compartment, keys[compartment], recoveryKey));
  const removed = [...readSlots(ctx.db, 'progress', 'recovery'), ...readSlots(ctx.db, 'psychotherapy', 'recovery')];
  ctx.db
    .transaction(() => {
      for (const slot of removed) deleteSlot(ctx.db, slot.slotId);
      for (const slot of added) insertSlot(ctx.db, slot);
    })
    .immediate();
}
