/*
 * Every contract channel's handler, in one table: the type checker refuses
 * a channel without one. Handlers hold no state of their own; what they share
 * (the vault, the running exports, the dialogs, the push to the window) comes
 * in the services.
 */
import type { HandlerTable } from './handlerTypes';
import { accessHandlers } from './handlers/accessHandlers';
import { authorizationHandlers } from './handlers/authorizationHandlers';
import { backupHandlers } from './handlers/backupHandlers';
import { clinicalHandlers } from './handlers/clinicalHandlers';
import { exportHandlers } from './handlers/exportHandlers';
import { measureHandlers } from './handlers/measureHandlers';
import { logHandlers } from './handlers/logHandlers';
import { noteTemplateHandlers } from './handlers/noteTemplateHandlers';
import { recordHandlers } from './handlers/recordHandlers';
import { releaseHandlers } from './handlers/releaseHandlers';
import { scheduleHandlers } from './handlers/scheduleHandlers';
import { todayHandlers } from './handlers/todayHandlers';
import { searchHandlers } from './handlers/searchHandlers';
import { syncHandlers } from './handlers/syncHandlers';
import { vaultHandlers } from './handlers/vaultHandlers';

export const HANDLERS: HandlerTable = {
  ...vaultHandlers,
  ...recordHandlers,
  ...scheduleHandlers,
  ...todayHandlers,
  ...authorizationHandlers,
  ...accessHandlers,
  ...logHandlers,
  ...clinicalHandlers,
  ...measureHandlers,
  ...noteTemplateHandlers,
  ...backupHandlers,
  ...exportHandlers,
  ...releaseHandlers,
  ...searchHandlers,
  ...syncHandlers,
};
