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
 *
 * While a key rotation is under way a compartment holds two versions: the
 * newest seals every write, and rows not yet re-encrypted open under the
 * older one until it is retired.
 */
export class KeyRing {
  /** Per compartment, newest version first. */
  private readonly keys = new Map<Compartment, CompartmentKey[]>();
  private readonly wipeListeners = new Set<(compartment: Compartment) => void>();

  constructor(private readonly sodium: Sodium) {}

  has(compartment: Compartment): boolean {
    return this.keys.has(compartment);
  }

  /** The newest key: the one every write is sealed under. */
  get(compartment: Compartment): CompartmentKey {
    const entry = this.keys.get(compartment)?.[0];
    if (!entry) {
      throw compartment === 'progress'
        ? new VaultError('LOCKED', 'The vault is locked')
        : new VaultError('PSYCHOTHERAPY_LOCKED', 'The psychotherapy compartment is locked');
    }
    return entry;
  }

  /** The key a row sealed at `version` opens under; the newest one when no such version is held, which the row cipher then refuses. */
  opening(compartment: Compartment, version: number): CompartmentKey {
    return this.keys.get(compartment)?.find((entry) => entry.version === version) ?? this.get(compartment);
  }

  /** Every version held, newest first. */
  held(compartment: Compartment): readonly CompartmentKey[] {
    return this.keys.get(compartment) ?? [];
  }

  /** Holds `entry` alone, wiping whatever the compartment held. */
  set(compartment: Compartment, entry: CompartmentKey): void {
    this.wipe(compartment);
    this.keys.set(compartment, [entry]);
  }

  /** Holds `entry` beside the versions already held; one of the same version is wiped and replaced. */
  add(compartment: Compartment, entry: CompartmentKey): void {
    this.retire(compartment, entry.version);
    const held = [...(this.keys.get(compartment) ?? []), entry].sort((a, b) => b.version - a.version);
    this.keys.set(compartment, held);
  }

  /** Wipes one version; the compartment stays open on the others. */
  retire(compartment: Compartment, version: number): void {
    const held = this.keys.get(compartment);
    if (!held) return;
    for (const entry of held.filter((candidate) => candidate.version === version)) this.sodium.memzero(entry.key);
    const rest = held.filter((candidate) => candidate.version !== version);
    if (rest.length > 0) this.keys.set(compartment, rest);
    else this.keys.delete(compartment);
  }

  wipe(compartment: Compartment): void {
    for (const entry of this.keys.get(compartment) ?? []) this.sodium.memzero(entry.key);
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
