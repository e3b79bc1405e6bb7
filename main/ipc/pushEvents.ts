import type { EventName, EventPayloads } from '../../shared/ipc/events';
import type { Timers } from '../vault/lockState';
import type { Vault } from '../vault/vaultApi';
import { createIdleWarning } from './idleWarning';

/** Sends one push event to the app's window; main/app decides which window that is. */
export type Push = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export interface PushOptions {
  vault: Pick<Vault, 'onStateChange' | 'deadlines' | 'onRotationProgress'>;
  push: Push;
  timers: Timers;
  now(): number;
}

/**
 * Tells the window about every lock-state change (so it can reset its stores),
 * warns it a minute before the idle lock, and passes on a key rotation's
 * progress (also one an unlock resumed, which no request is waiting on).
 * Payloads are states, codes and counts: nothing from the vault's contents.
 * Returns a function that stops all three.
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
  const stopRotation = vault.onRotationProgress((progress) => push('keys.rotationProgress', progress));
  return () => {
    stopRotation();
    unsubscribe();
    idleWarning.stop();
  };
}
