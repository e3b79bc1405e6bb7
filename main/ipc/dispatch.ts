import { asDiskFull, isVaultError } from '../../shared/errors';
import type { Channel } from '../../shared/ipc/contract';
import { describeIssues } from '../../shared/validation';
import { contract } from '../../shared/ipc/contract';
import type { IpcError, IpcResult } from '../../shared/ipc/result';
import { HANDLERS } from './handlerTable';
import type { Handler, HandlerTable } from './handlerTypes';
import type { IpcServices } from './services';

export type Dispatch = (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>;

function fail(error: IpcError): IpcResult<never> {
  return { ok: false, error };
}

/** Only codes and fixed texts leave main: an unexpected exception's message could hold anything. */
function toIpcError(thrown: unknown): IpcError {
  const error = asDiskFull(thrown);
  if (isVaultError(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.details.retryAfterMs !== undefined ? { retryAfterMs: error.details.retryAfterMs } : {}),
    };
  }
  return { code: 'INTERNAL', message: 'Something went wrong in the vault; nothing was changed by this request' };
}

function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}

/**
 * Validates, checks the lock state, runs the handler and turns every outcome
 * into an IpcResult. It never throws. main/app wires it to ipcMain after
 * checking the sender; the browser tests wire it to a loopback test bridge.
 * Tests may pass another table (a handler that throws, one that records).
 */
export function createDispatcher(services: IpcServices, handlers: HandlerTable = HANDLERS): Dispatch {
  return async (channel, payload) => {
    try {
      if (!isChannel(channel)) return fail({ code: 'INVALID_INPUT', message: 'Unknown channel' });
      const spec = contract[channel];
      const parsed = spec.request.safeParse(payload ?? {});
      if (!parsed.success) {
        return fail({
          code: 'INVALID_INPUT',
          message: `Invalid request for ${channel} (${describeIssues(parsed.error.issues)})`,
        });
      }
      const state = services.vault.state();
      if (spec.lock !== 'none' && state === 'locked') {
        return fail({ code: 'LOCKED', message: 'The vault is locked' });
      }
      if (spec.lock === 'psychotherapy' && state !== 'open+psychotherapy') {
        return fail({ code: 'PSYCHOTHERAPY_LOCKED', message: 'The psychotherapy compartment is locked' });
      }
      const handler = handlers[channel] as Handler<Channel>;
      const data = await handler(services, parsed.data as never);
      return { ok: true, data: data ?? null };
    } catch (error) {
      return fail(toIpcError(error));
    }
  };
}
