/*
 * Every contract channel's handler, in one table: the type checker refuses
 * a channel without one. Handlers hold no state of their own; what they share
 * (the vault, the running exports, the dialogs, the push to the window) comes
 * in the services.
 */
import type { HandlerTable } from './handlerTypes';
import { backupHandlers } from './handlers/backupHandlers';
import { exportHandlers } from './handlers/exportHandlers';
import { recordHandlers } from './handlers/recordHandlers';
import { scheduleHandlers } from './handlers/scheduleHandlers';
import { searchHandlers } from './handlers/searchHandlers';
import { vaultHandlers } from './handlers/vaultHandlers';

export const HANDLERS: HandlerTable = {
  ...vaultHandlers,
  ...recordHandlers,
  ...scheduleHandlers,
  ...backupHandlers,
  ...exportHandlers,
  ...searchHandlers,
};
