import type { Database } from 'better-sqlite3';
import { v1 } from './v1';

export interface Migration {
  version: number;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [v1];
export const FORMAT_VERSION = MIGRATIONS.length;

/**
 * Brings the schema to FORMAT_VERSION. All pending steps run in one
 * transaction, so a crash mid-migration leaves the previous version intact.
 */
export function migrate(db: Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > FORMAT_VERSION) {
    throw new Error(`Vault format ${current} is newer than this app supports (${FORMAT_VERSION})`);
  }
  db.transaction(() => {
    for (const migration of MIGRATIONS) {
      if (migration.version > current) migration.up(db);
    }
    db.pragma(`user_version = ${FORMAT_VERSION}`);
  }).immediate();
  return FORMAT_VERSION;
}
