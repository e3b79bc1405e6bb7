import type { ErrorCode } from '../errors';

/** Every reply over the bridge: data, or an error code with a message that carries no client data. */
export interface IpcError {
  code: ErrorCode;
  message: string;
  retryAfterMs?: number;
}

export type IpcResult<T> = { ok: true; data: T } | { ok: false; error: IpcError };
