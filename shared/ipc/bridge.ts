/*
 * What the preload exposes on `window.therapistVault`: one function per
 * contract channel and one way to hear pushes. Nothing else crosses.
 */
import type { Channel, RequestOf, ResponseOf } from './contract';
import type { EventName, EventPayloads } from './events';
import type { IpcResult } from './result';

export type BridgeCalls = { [C in Channel]: (request: RequestOf<C>) => Promise<IpcResult<ResponseOf<C>>> };

export interface Bridge {
  call: BridgeCalls;
  /** Returns an unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

export const BRIDGE_GLOBAL = 'therapistVault';
