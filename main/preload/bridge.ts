import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { Bridge, BridgeCalls } from '../../shared/ipc/bridge';
import { CHANNELS } from '../../shared/ipc/contract';
import type { EventName } from '../../shared/ipc/events';
import { EVENT_NAMES } from '../../shared/ipc/events';

export type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}

/**
 * The object the page sees as window.therapistVault: one invoke per contract
 * channel and a subscription to the push events. The page never holds
 * ipcRenderer, an IpcRendererEvent (whose `sender` is ipcRenderer itself) or
 * a way to name a channel outside the contract.
 */
export function createBridge(ipcRenderer: IpcRendererLike): Bridge {
  const call = Object.fromEntries(
    CHANNELS.map((channel) => [channel, (request: unknown) => ipcRenderer.invoke(channel, request)]),
  ) as BridgeCalls;

  const on: Bridge['on'] = (event, listener) => {
    if (!isEventName(event)) throw new TypeError('Unknown event');
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function');
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(event, forward);
    return () => {
      ipcRenderer.removeListener(event, forward);
    };
  };

  return Object.freeze({ call: Object.freeze(call), on });
}
