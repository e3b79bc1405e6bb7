import type { VaultDatabase } from './db';
import type { KeyRing } from './keyRing';
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
}

export function isoNow(ctx: Pick<VaultContext, 'clock'>): string {
  return new Date(ctx.clock.now()).toISOString();
}
