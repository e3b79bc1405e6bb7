import type { ErrorCode } from '../../shared/errors';
import type { Bridge } from '../../shared/ipc/bridge';
import { BRIDGE_GLOBAL } from '../../shared/ipc/bridge';
import type { Channel, RequestOf, ResponseOf, VaultStatus } from '../../shared/ipc/contract';
import { contract } from '../../shared/ipc/contract';
import type { EventName, EventPayloads } from '../../shared/ipc/events';

/** A refused call, as main answered it: a code, a text without client data, and the throttle wait. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, retryAfterMs?: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** A refusal because the vault locked: the stores are already being emptied, so nothing is recorded. */
export function isLockedError(value: unknown): boolean {
  return isApiError(value) && value.code === 'LOCKED';
}

export interface VaultApi {
  /** Resolves with the reply's data or rejects with an ApiError. */
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  /** Heard once per lock, whether main pushed it or a call was refused with LOCKED. */
  onLocked(listener: () => void): () => void;
  /** Heard when the psychotherapy compartment shuts (closed, relocked or the vault locked). */
  onPsychotherapyClosed(listener: () => void): () => void;
}

/**
 * The renderer's only way to the vault. Besides unwrapping replies it keeps
 * one promise: data that arrives after a lock (or after the psychotherapy
 * compartment shut) is dropped, so a reply racing the lock event cannot
 * refill a store that has just been emptied.
 */
export function createVaultApi(bridge: Bridge): VaultApi {
  let vaultEpoch = 0;
  let psychotherapyEpoch = 0;
  let locked = false;
  let psychotherapyOpen = false;
  const lockListeners = new Set<() => void>();
  const psychotherapyListeners = new Set<() => void>();

  const closePsychotherapy = () => {
    psychotherapyEpoch += 1;
    if (!psychotherapyOpen) return;
    psychotherapyOpen = false;
    for (const listener of [...psychotherapyListeners]) listener();
  };

  const markLocked = () => {
    vaultEpoch += 1;
    closePsychotherapy();
    if (locked) return;
    locked = true;
    for (const listener of [...lockListeners]) listener();
  };

  bridge.on('vault.state', ({ state }) => {
    if (state === 'locked') {
      markLocked();
      return;
    }
    locked = false;
    if (state === 'open+psychotherapy') psychotherapyOpen = true;
    else closePsychotherapy();
  });

  return {
    async invoke(channel, request) {
      const requirement = contract[channel].lock;
      const vaultAtStart = vaultEpoch;
      const psychotherapyAtStart = psychotherapyEpoch;
      const call = bridge.call[channel] as (request: unknown) => ReturnType<Bridge['call'][typeof channel]>;
      const result = await call(request);
      if (!result.ok) {
        const { code, message, retryAfterMs } = result.error;
        if (code === 'LOCKED') markLocked();
        if (code === 'PSYCHOTHERAPY_LOCKED') closePsychotherapy();
        throw new ApiError(code, message, retryAfterMs);
      }
      // Main says it is locked: the same as its lock push, so a push that arrives after this reply resets nothing twice.
      if (channel === 'vault.status') {
        const status = result.data as VaultStatus;
        if (status.created && status.state === 'locked') markLocked();
      }
      if (requirement !== 'none' && vaultEpoch !== vaultAtStart) {
        throw new ApiError('LOCKED', 'The vault locked before the reply arrived');
      }
      if (requirement === 'psychotherapy' && psychotherapyEpoch !== psychotherapyAtStart) {
        throw new ApiError('PSYCHOTHERAPY_LOCKED', 'The psychotherapy notes closed before the reply arrived');
      }
      return result.data as never;
    },
    on: (event, listener) => bridge.on(event, listener),
    onLocked(listener) {
      lockListeners.add(listener);
      return () => lockListeners.delete(listener);
    },
    onPsychotherapyClosed(listener) {
      psychotherapyListeners.add(listener);
      return () => psychotherapyListeners.delete(listener);
    },
  };
}

/** The bridge the preload exposed, or null when the page runs without one. */
export function bridgeFrom(target: object): Bridge | null {
  const candidate = (target as Record<string, unknown>)[BRIDGE_GLOBAL];
  return candidate && typeof candidate === 'object' ? (candidate as Bridge) : null;
}
