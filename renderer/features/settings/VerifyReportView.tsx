import { useId } from 'react';
import type { RowFailure, TableCheck, VerifyReport } from '../../../shared/domain/backup';
import { formatDateTime } from '../../components/format';
import { keyCheckText, manifestText, reportSummary, structureText, tableLabel } from './backupText';
import { TableHead } from '../../components/TableHead';

function failuresByTable(failures: readonly RowFailure[]): [string, string[]][] {
  const grouped = new Map<string, string[]>();
  for (const { table, rowId } of failures) grouped.set(table, [...(grouped.get(table) ?? []), rowId]);
  return [...grouped];
}

function TableRow({ check }: { check: TableCheck }) {
  return (
    <tr>
      <th scope="row">{tableLabel(check.table)}</th>
      <td>{check.rows}</td>
      <td>{check.skipped ? 'Not checked' : check.intact}</td>
      <td className={check.failed > 0 ? 'report-failed' : undefined}>{check.skipped ? '—' : check.failed}</td>
    </tr>
  );
}

/**
 * What a verify (or the verify before a restore) found: the manifest, the
 * file's structure, the keys, the rows per table, and every row that failed,
 * by table and random row id. Counts and ids only: no client data.
 */
export function VerifyReportView({ title, report }: { title: string; report: VerifyReport }) {
  const headingId = useId();
  const failures = failuresByTable(report.failures);
  return (
    <section className="report stack" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <p className={report.ok ? 'form-success' : 'form-warning'}>{reportSummary(report)}</p>
      <dl className="details report-details">
        <div>
          <dt>Made</dt>
          <dd>{report.createdAt ? formatDateTime(report.createdAt) : 'Unknown (no manifest)'}</dd>
        </div>
        <div>
          <dt>Manifest</dt>
          <dd>{manifestText(report.manifest)}</dd>
        </div>
        <div>
          <dt>Integrity</dt>
          <dd>{structureText(report.structure)}</dd>
        </div>
        <div>
          <dt>Vault key</dt>
          <dd>{keyCheckText(report.keys.progress)}</dd>
        </div>
        <div>
          <dt>Psychotherapy key</dt>
          <dd>{keyCheckText(report.keys.psychotherapy)}</dd>
        </div>
        <div>
          <dt>Format</dt>
          <dd>Version {report.formatVersion}</dd>
        </div>
      </dl>
      <table className="report-table">
        <caption>Rows per table</caption>
        <TableHead columns={['Table', 'Rows', 'Intact', 'Failed']} />
        <tbody>
          {report.tables.map((check) => (
            <TableRow key={check.table} check={check} />
          ))}
        </tbody>
      </table>
      {failures.length > 0 ? (
        <div className="stack">
          <h4>Rows that failed to authenticate</h4>
          <p className="field-hint">Random row ids, for support; they say nothing about clients.</p>
          <dl className="report-failures">
            {failures.map(([table, rowIds]) => (
              <div key={table}>
                <dt>
                  {tableLabel(table)} ({rowIds.length})
                </dt>
                <dd>
                  <ul>
                    {rowIds.map((rowId) => (
                      <li key={rowId}>
                        <code>{rowId}</code>
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
    </section>
  );
}
