import type { EventName, EventPayloads } from '../../shared/ipc/events';
import type { Timers } from '../vault/lockState';
import type { Vault } from '../vault/vaultApi';
import { createIdleWarning } from './idleWarning';

/** Sends one push event to the app's window; main/app decides which window that is. */
export type Push = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export interface PushOptions {
  vault: Pick<Vault, 'onStateChange' | 'deadlines'>;
  push: Push;
  timers: Timers;
  now(): number;
}

/**
 * Tells the window about every lock-state change (so it can reset its stores)
 * and warns it a minute before the idle lock. Payloads are a state, a reason
 * code and a number of seconds: nothing from the vault's contents.
 * Returns a function that stops both.
 */
export function pushVaultEvents(options: PushOptions): () => void {
  const { vault, push, timers, now } = options;
  const idleWarning = createIdleWarning({
    deadline: () => vault.deadlines().vault,
    now,
    timers,
    warn: (secondsLeft) => push('vault.idleWarning', { secondsLeft }),
  });
  const unsubscribe = vault.onStateChange((state, reason) => {
    push('vault.state', { state, reason });
    idleWarning.reschedule();
  });
  idleWarning.reschedule();
  return () => {
    unsubscribe();
    idleWarning.stop();
  };
}
