import { useState } from 'react';
import { useStore } from 'zustand';
import { FormError } from '../../components/FormError';
import { formatDate } from '../../components/format';
import { useSubmit } from '../../components/useSubmit';
import { useStores } from '../../stores/StoresContext';
import { RunButton } from '../../components/RunButton';
import { TableHead } from '../../components/TableHead';

/** The accounting of disclosures a client may ask for (45 CFR 164.528), shown and saved as a PDF; and the way to the full logs. */
export function AccountingSection({ clientId }: { clientId: string }) {
  const { access, navigation } = useStores();
  const accounting = useStore(access, (state) => state.accounting);
  const show = useSubmit();
  const save = useSubmit();
  const [saved, setSaved] = useState<string | null>(null);
  const excludedCount = accounting?.excluded.reduce((sum, kind) => sum + kind.count, 0) ?? 0;
  const saveAsPdf = async () => {
    const outcome = await access.getState().exportAccounting();
    setSaved(outcome.saved ? `Saved (${outcome.pageCount} page${outcome.pageCount === 1 ? '' : 's'}).` : 'Not saved.');
  };

  return (
    <section className="section" aria-labelledby="accounting-heading">
      <div className="section-header">
        <h2 id="accounting-heading">Accounting of disclosures</h2>
        <div className="actions">
          <button type="button" className="button" onClick={() => navigation.getState().go({ screen: 'logs', clientId })}>
            Disclosure and audit logs
          </button>
          {!accounting ? (
            <button type="button" className="button" disabled={show.busy} onClick={() => void show.run(() => access.getState().loadAccounting())}>
              Show accounting
            </button>
          ) : null}
        </div>
      </div>
      <FormError message={show.failure} />
      {accounting ? (
        <div className="stack">
          <p className="field-hint">
            Disclosures from {formatDate(accounting.periodStart)} to {formatDate(accounting.requestedOn)} that the client may ask to
            have accounted for. {excludedCount > 0 ? `${excludedCount} other disclosure${excludedCount === 1 ? ' is' : 's are'} left out: ${accounting.excluded.map((kind) => kind.reason).join('; ')}.` : ''}
          </p>
          {accounting.entries.length === 0 ? (
            <p className="empty-state">No disclosures to account for in this period.</p>
          ) : (
            <table className="log-table">
              <caption className="visually-hidden">Disclosures in the accounting</caption>
              <TableHead columns={['Date', 'Recipient', 'What was disclosed', 'Purpose and basis']} />
              <tbody>
                {accounting.entries.map((entry, index) => (
                  <tr key={`${entry.disclosedOn}-${index}`}>
                    <td>{formatDate(entry.disclosedOn)}</td>
                    <td>{entry.recipient}</td>
                    <td>{entry.description}</td>
                    <td>
                      {entry.purpose}
                      <br />
                      <span className="field-hint">{entry.basis}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="actions">
            <RunButton submit={save} primary running="Saving…" run={saveAsPdf}>
              Save as PDF…
            </RunButton>
            {saved ? <p role="status" className="field-hint">{saved}</p> : null}
          </div>
          <FormError message={save.failure} />
        </div>
      ) : null}
    </section>
  );
}
