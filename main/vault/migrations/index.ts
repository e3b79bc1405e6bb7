import type { Database } from 'better-sqlite3';
import { VaultError } from '../../../shared/errors';
import { MIGRATIONS } from '../tables';

export { MIGRATIONS };
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
