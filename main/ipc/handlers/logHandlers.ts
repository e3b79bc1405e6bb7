import { accountingOf } from '../../../shared/domain/disclosureLog';
import type { Accounting } from '../../../shared/domain/disclosureLog';
import { renderAccountingPdf } from '../../export/accountingPdf';
import { saveExportFile } from '../../export/exportFile';
import { clientFileTag, localDay } from '../../export/exportFormat';
import { auditLogOf } from '../../sync/auditView';
import type { Vault } from '../../vault/vaultApi';
import type { Handlers } from '../handlerTypes';

const dayOf = (iso: string) => localDay(new Date(iso));

function accountingFor(vault: Vault, clientId: string, now: Date): Accounting {
  return accountingOf(clientId, vault.disclosures.log({ clientId }), localDay(now), dayOf);
}

/** What the therapist reads back: the disclosure log, the accounting of disclosures, and the verified audit log, merged across computers when synced. */
export const logHandlers: Handlers<'disclosures.log' | 'accounting.forClient' | 'accounting.exportPdf' | 'audit.log'> = {
  'disclosures.log': ({ vault }, query) => vault.disclosures.log(query),
  'accounting.forClient': ({ vault, exports }, { clientId }) => accountingFor(vault, clientId, exports.now()),
  /** Given to the client, so it is audited rather than logged as a disclosure: 164.528(a)(1)(ii) leaves those out. */
  'accounting.exportPdf': async ({ vault, dialogs, exports }, { clientId }) => {
    const now = exports.now();
    const client = vault.clients.get(clientId);
    const accounting = accountingFor(vault, clientId, now);
    const path = await dialogs.chooseSavePath(`${clientFileTag(client)}-accounting-of-disclosures-${localDay(now)}.pdf`);
    if (path === null) return { saved: false, pageCount: 0 };
    const rendered = await renderAccountingPdf({ accounting, client, practice: vault.settings.get(), preparedAt: now }, exports.fonts());
    saveExportFile(path, rendered.bytes, (putInPlace) =>
      vault.transaction(() => {
        vault.audit.record('accounting.created', { clientId, entryCount: accounting.entries.length, pageCount: rendered.pageCount });
        putInPlace();
      }),
    );
    return { saved: true, pageCount: rendered.pageCount };
  },
  /** Every computer's entries once sync knows more than one (docs/SYNC.md section 8). */
  'audit.log': ({ vault }, query) => auditLogOf(vault.syncContext(), query),
};
