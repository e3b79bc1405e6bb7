import type { VaultDatabase } from './db';
import type { KeyRing } from './keyRing';
import type { RowCache } from './rowCache';
import type { ChangeRecorder } from './rowWrites';
import type { Sodium } from './sodium';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** What every repository function is given: no module-level state anywhere in the vault. */
export interface VaultContext {
  db: VaultDatabase;
  sodium: Sodium;
  vaultId: string;
  keys: KeyRing;
  clock: Clock;
  /** Decrypted small rows kept while the vault is open (rowCache.ts); absent, every read decrypts. */
  cache?: RowCache;
  /** Stamps every stored row for sync; absent only in tools that read a vault file without the app. */
  changes?: ChangeRecorder;
}

export function isoNow(ctx: Pick<VaultContext, 'clock'>): string {
  return new Date(ctx.clock.now()).toISOString();
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The therapist's local calendar day by the vault's clock, YYYY-MM-DD: what dates on paper are compared with. */
export function localToday(ctx: Pick<VaultContext, 'clock'>): string {
  return localDayOf(new Date(ctx.clock.now()).toISOString());
}

/** The local calendar day an ISO time fell on: what a log's date filter compares. */
export function localDayOf(iso: string): string {
  const at = new Date(iso);
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}
