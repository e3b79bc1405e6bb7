/*
 * The merge rules of docs/SYNC.md section 5. The outcome depends only on the
 * set of changes applied, never on their order or on how often one arrives,
 * and no row is decrypted: versions are compared by their stamps, flags and
 * seen vectors.
 */
import type { Change, ConflictRef, RowVersion } from './changes';
import { hasSeen, isDeleted, MERGE_KIND } from './changes';
import { compareStamps } from './hlc';
import type { RowStore } from './rowStore';

/** A final (signed) version outranks any draft; then the later stamp wins. */
export function compareRank(a: RowVersion, b: RowVersion): number {
  if (a.final !== b.final) return a.final ? 1 : -1;
  return compareStamps(a.stamp, b.stamp);
}

function refOf(version: RowVersion): ConflictRef {
  return { table: version.table, rowId: version.rowId, stamp: version.stamp };
}

/** Keeps a losing text version visible, unless it is already kept or was dismissed. Returns it when newly kept. */
function keepConflict(store: RowStore, loser: RowVersion): RowVersion | undefined {
  const ref = refOf(loser);
  if (store.isDismissed(ref) || store.hasConflict(ref)) return undefined;
  store.putConflict(loser);
  return loser;
}

/**
 * Applies one version. Returns the conflict copy it made, if any, so the
 * caller can ship it: the device that notices a conflict is the only one
 * that may be able to.
 */
export function applyVersion(store: RowStore, incoming: RowVersion): RowVersion | undefined {
  const current = store.current(incoming.table, incoming.rowId);
  if (!current) {
    store.putCurrent(incoming);
    return undefined;
  }
  if (compareStamps(current.stamp, incoming.stamp) === 0) return undefined;
  const kind = MERGE_KIND[incoming.table];
  if (kind === 'insert-only') {
    if (compareStamps(incoming.stamp, current.stamp) < 0) store.putCurrent(incoming);
    return undefined;
  }
  const [winner, loser] = compareRank(incoming, current) > 0 ? [incoming, current] : [current, incoming];
  if (winner === incoming) store.putCurrent(incoming);
  if (kind === 'text' && !isDeleted(loser) && !hasSeen(winner, loser)) return keepConflict(store, loser);
  return undefined;
}

/** Applies one change from a batch; returns the changes this device must now ship. */
export function applyChange(store: RowStore, change: Change): Change[] {
  switch (change.kind) {
    case 'version': {
      const copy = applyVersion(store, change.version);
      return copy ? [{ kind: 'conflict', version: copy }] : [];
    }
    case 'conflict':
      keepConflict(store, change.version);
      return [];
    case 'dismiss':
      store.dismiss(change.ref);
      return [];
  }
}
