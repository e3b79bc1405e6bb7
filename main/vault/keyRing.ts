import { VaultError } from '../../shared/errors';
import type { Compartment } from './compartments';
import type { Sodium } from './sodium';

export interface CompartmentKey {
  version: number;
  key: Uint8Array;
}

/**
 * Holds the unwrapped data keys while a compartment is open. The buffers are
 * handed out by reference and wiped in place on close, so no copy outlives a lock.
 * Whatever was decrypted with a key and kept (rowCache.ts) registers here to
 * be dropped with it, on every path that wipes it.
 */
export class KeyRing {
  private readonly keys = new Map<Compartment, CompartmentKey>();
  private readonly wipeListeners = new Set<(compartment: Compartment) => void>();

  constructor(private readonly sodium: Sodium) {}

  has(compartment: Compartment): boolean {
    return this.keys.has(compartment);
  }

  get(compartment: Compartment): CompartmentKey {
    const entry = this.keys.get(compartment);
    if (!entry) {
      throw compartment === 'progress'
        ? new VaultError('LOCKED', 'The vault is locked')
        : new VaultError('PSYCHOTHERAPY_LOCKED', 'The psychotherapy compartment is locked');
    }
    return entry;
  }

  set(compartment: Compartment, entry: CompartmentKey): void {
    this.wipe(compartment);
    this.keys.set(compartment, entry);
  }

  wipe(compartment: Compartment): void {
    const entry = this.keys.get(compartment);
    if (entry) this.sodium.memzero(entry.key);
    this.keys.delete(compartment);
    for (const listener of this.wipeListeners) listener(compartment);
  }

  /** Called after every wipe of a compartment's key, held or not. */
  onWipe(listener: (compartment: Compartment) => void): () => void {
    this.wipeListeners.add(listener);
    return () => this.wipeListeners.delete(listener);
  }

  wipeAll(): void {
    for (const compartment of [...this.keys.keys()]) this.wipe(compartment);
  }
}
