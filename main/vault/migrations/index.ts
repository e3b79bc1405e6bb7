import type { Database } from 'better-sqlite3';
import { VaultError } from '../../../shared/errors';
import type { Migration } from './migration';
import { v1 } from './v1';
import { v2 } from './v2';
import { v3StandingAppointments } from './v3StandingAppointments';
import { v4Authorizations } from './v4Authorizations';
import { v5SealedCapture } from './v5SealedCapture';
import { v6ClinicalRecord } from './v6ClinicalRecord';
import { v7NoteTemplates } from './v7NoteTemplates';
import { v8OutcomeMeasures } from './v8OutcomeMeasures';
import { v9AccessRequests } from './v9AccessRequests';
import { v10CourtOrders } from './v10CourtOrders';
import { v11NoteSummaries } from './v11NoteSummaries';
import { v12SyncState } from './v12SyncState';
import { v13ReadIndexes } from './v13ReadIndexes';

/** One step per version, from 1 up with no gap (the migration tests check it). */
export const MIGRATIONS: readonly Migration[] = [
  v1,
  v2,
  v3StandingAppointments,
  v4Authorizations,
  v5SealedCapture,
  v6ClinicalRecord,
  v7NoteTemplates,
  v8OutcomeMeasures,
  v9AccessRequests,
  v10CourtOrders,
  v11NoteSummaries,
  v12SyncState,
  v13ReadIndexes,
];
export const FORMAT_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Brings the schema to FORMAT_VERSION. All pending steps run in one
 * transaction, so a crash mid-migration leaves the previous version intact.
 */
export function migrate(db: Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > FORMAT_VERSION) {
    throw new VaultError(
      'NEWER_FORMAT',
      `Vault format ${current} is newer than this app supports (${FORMAT_VERSION}); update the app to open it`,
    );
  }
  // Nothing to do writes nothing: a vault on a full disk must still open.
  if (current === FORMAT_VERSION) return FORMAT_VERSION;
  db.transaction(() => {
    for (const migration of MIGRATIONS) {
      if (migration.version > current) migration.up(db);
    }
    db.pragma(`user_version = ${FORMAT_VERSION}`);
  }).immediate();
  return FORMAT_VERSION;
}
