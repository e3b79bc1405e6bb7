import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  up(db: Database): void;
}
