/*
 * Versions waiting for their parent (sync_pending, docs/SYNC.md section 9)
 * hold a row's ciphertext exactly as its writer sealed it, inside a batch body
 * of that one change. A key rotation re-seals them with the compartment's
 * other rows (main/vault/rotationRunner.ts), so a version that waits across a
 * rotation is stored under the new key when its parent arrives, and the old
 * key can be retired without leaving it unreadable.
 *
 * Only a version under an older key this device holds is re-sealed: one
 * under a key it never held (a newer rotation elsewhere, or a key retired
 * before the version arrived) never opened here and waits as it came.
 */
import type { Compartment } from '../vault/compartments';
import type { VaultContext } from '../vault/context';
import type { CompartmentKey } from '../vault/keyRing';
import { openRow, sealRow } from '../vault/rowCipher';
import type { RowTable } from '../vault/tables';
import { TABLES } from '../vault/tables';
import { decodeBody, encodeBody } from './batch';
import type { RowVersion } from './changes';

interface PendingRow {
  rowid: number;
  table_name: RowTable;
  change: Buffer;
}

const PENDING_AFTER = 'SELECT rowid, table_name, change FROM sync_pending WHERE rowid > ? ORDER BY rowid LIMIT ?';

function needsReseal(ctx: VaultContext, compartment: Compartment, targetVersion: number, version: RowVersion): boolean {
  const keyVersion = version.sealed?.keyVersion;
  if (keyVersion === undefined || keyVersion >= targetVersion) return false;
  return ctx.keys.held(compartment).some((key) => key.version === keyVersion);
}

/** How many waiting versions of the compartment are still under an older key this device holds. */
export function pendingLeft(ctx: VaultContext, compartment: Compartment, targetVersion: number): number {
  const rows = ctx.db.prepare(PENDING_AFTER).all(0, Number.MAX_SAFE_INTEGER) as PendingRow[];
  return rows.filter(
    (row) =>
      TABLES[row.table_name].compartment === compartment &&
      decodeBody(row.change).changes.some((change) => change.kind === 'version' && needsReseal(ctx, compartment, targetVersion, change.version)),
  ).length;
}

/**
 * Re-seals the waiting versions of the compartment among up to `limit` rows
 * after `afterRowid`. A version is opened under its own key first, so a
 * ciphertext altered in the file fails as INTEGRITY instead of being sealed
 * anew. Returns how many were re-sealed, how many rows were read, and the
 * last rowid read.
 */
export function resealPendingBatch(
  ctx: VaultContext,
  compartment: Compartment,
  target: CompartmentKey,
  afterRowid: number,
  limit: number,
): { count: number; read: number; lastRowid: number } {
  const rows = ctx.db.prepare(PENDING_AFTER).all(afterRowid, limit) as PendingRow[];
  const update = ctx.db.prepare('UPDATE sync_pending SET change = ? WHERE rowid = ?');
  let count = 0;
  for (const row of rows) {
    if (TABLES[row.table_name].compartment !== compartment) continue;
    const body = decodeBody(row.change);
    let changed = false;
    for (const change of body.changes) {
      if (change.kind !== 'version' || !needsReseal(ctx, compartment, target.version, change.version)) continue;
      const { version } = change;
      const sealed = version.sealed!;
      const ref = { vaultId: ctx.vaultId, table: version.table, rowId: version.rowId };
      const payload = openRow<object>(ctx.sodium, ctx.keys.opening(compartment, sealed.keyVersion), ref, sealed);
      change.version = { ...version, sealed: sealRow(ctx.sodium, target, ref, payload) };
      changed = true;
    }
    if (!changed) continue;
    update.run(encodeBody(body), row.rowid);
    count += 1;
  }
  return { count, read: rows.length, lastRowid: rows.at(-1)?.rowid ?? afterRowid };
}
