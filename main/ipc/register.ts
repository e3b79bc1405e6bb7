import { CHANNELS } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/result';
import { createDispatcher } from './dispatch';
import type { HandlerTable } from './handlerTypes';
import type { AppOrigin, SenderEvent } from './senderCheck';
import { isTrustedSender } from './senderCheck';
import type { IpcServices } from './services';

/** The part of Electron's ipcMain the register step uses; main/app passes the real one. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEvent, ...args: unknown[]) => Promise<IpcResult<unknown>>): void;
  removeHandler(channel: string): void;
}

export interface RegisterOptions {
  ipcMain: IpcMainLike;
  services: IpcServices;
  /** Defaults to the app's table (handlerTable.ts). */
  handlers?: HandlerTable;
  origin: AppOrigin;
}

function refused(): IpcResult<never> {
  return { ok: false, error: { code: 'INVALID_INPUT', message: "Request refused: it did not come from the app's own page" } };
}

function internal(): IpcResult<never> {
  return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong in the vault; nothing was changed by this request' } };
}

/**
 * Wires every contract channel, and nothing else, to ipcMain. A call from any
 * frame but the app's own top frame is refused before its payload is looked
 * at; everything else goes to the dispatcher (validation, lock state, error
 * mapping). Returns a function that removes the handlers again.
 */
export function registerIpc(options: RegisterOptions): () => void {
  const { ipcMain, services, handlers, origin } = options;
  const dispatch = createDispatcher(services, handlers);
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload) => {
      try {
        if (!isTrustedSender(event, origin)) return refused();
        return await dispatch(channel, payload);
      } catch {
        return internal();
      }
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
