/*
 * The token of a row's stored version that an editor reads with the row and
 * sends back with its save (docs/SYNC.md, "Saving over an import"): a save
 * based on a version an import has replaced keeps that import as a conflict
 * copy instead of overwriting it unseen.
 */
import type { VaultContext } from './context';
import type { RowTable } from './tables';

/** Undefined when the vault keeps no sync stamps (a file before format 12). */
export function storedVersion(ctx: VaultContext, table: RowTable, id: string): string | undefined {
  return ctx.changes?.storedVersion(ctx.db, table, id) ?? undefined;
}

/** Whether an import replaced the version the editor's text was based on. Undefined `basedOn`: a save not from an editor. */
export function importedSince(ctx: VaultContext, table: RowTable, id: string, basedOn: string | null | undefined): boolean {
  return basedOn !== undefined && (ctx.changes?.importedSince(ctx.db, table, id, basedOn) ?? false);
}

/** Call in the save's transaction, before the write: an import the editor never showed is kept as a conflict, not overwritten unseen. */
export function keepUnseenImport(ctx: VaultContext, table: RowTable, id: string, basedOn: string | null | undefined): void {
  if (importedSince(ctx, table, id, basedOn)) ctx.changes?.keepStored(ctx.db, table, id);
}
