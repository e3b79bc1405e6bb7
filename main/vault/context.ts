import type { VaultDatabase } from './db';
import type { KeyRing } from './keyRing';
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
  /** Stamps every stored row for sync; absent only in tools that read a vault file without the app. */
  changes?: ChangeRecorder;
}

export function isoNow(ctx: Pick<VaultContext, 'clock'>): string {
  return new Date(ctx.clock.now()).toISOString();
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The therapist's local calendar day by the vault's clock, YYYY-MM-DD: what dates on paper are compared with. */
export function localToday(ctx: Pick<VaultContext, 'clock'>): string {
  const now = new Date(ctx.clock.now());
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
