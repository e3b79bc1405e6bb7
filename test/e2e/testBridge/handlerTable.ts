import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HandlerTable } from '../../../main/ipc/dispatch';
import type { Push } from '../../../main/ipc/pushEvents';
import type { ExportHandlers } from '../../../main/ipc/register';
import { allHandlers } from '../../../main/ipc/register';

const EXPORT_HANDLERS_FILE = join(import.meta.dirname, '../../../main/ipc/handlers/exportHandlers.ts');

/** Stand-ins while the export handlers do not exist: they fail the way an unexpected error does. */
function unavailableExport(): ExportHandlers {
  const unavailable = () => {
    throw new Error('export handlers are not built yet');
  };
  return { 'export.progressNotes': unavailable, 'export.cancel': unavailable };
}

/**
 * The handler table the test bridge serves: the same composition main/app
 * uses (allHandlers), with the real export handlers when they exist and
 * INTERNAL answers for the export channels when they do not. The one place
 * the table is put together for the browser tests.
 */
export async function testHandlerTable(push: Push): Promise<HandlerTable> {
  if (!existsSync(EXPORT_HANDLERS_FILE)) return allHandlers(unavailableExport());
  const module = (await import(EXPORT_HANDLERS_FILE)) as {
    exportHandlers?: ExportHandlers | ((options: { push: Push }) => ExportHandlers);
  };
  const provided = module.exportHandlers;
  if (typeof provided === 'function') return allHandlers(provided({ push }));
  return allHandlers(provided ?? unavailableExport());
}
