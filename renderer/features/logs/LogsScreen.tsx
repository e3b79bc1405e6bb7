import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { AUDIT_EVENT_LABELS, AUDIT_LINK_LABELS } from '../../../shared/domain/auditLog';
import type { AuditComputer, AuditLogEntry, AuditLogView } from '../../../shared/domain/auditLog';
import type { DisclosureBasisFilter } from '../../../shared/domain/disclosureLog';
import { BASIS_KIND_LABELS, basisFilterOf } from '../../../shared/domain/disclosureLog';
import { AUDIT_EVENTS } from '../../../shared/domain/records';
import type { AuditEvent } from '../../../shared/domain/records';
import { bindValue, SelectField, TextField } from '../../components/Field';
import { formatDateTime } from '../../components/format';
import { PageHeading } from '../../components/PageHeading';
import { useStores } from '../../stores/StoresContext';
import { TableHead } from '../../components/TableHead';

interface Filters {
  clientId: string;
  from: string;
  to: string;
  kind: string;
}

/** The query fields a filter form sets; empty ones are left out, so they filter nothing. */
function range(filters: Filters) {
  return {
    ...(filters.clientId ? { clientId: filters.clientId } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
}

function FilterForm({ label, filters, onChange, kinds }: {
  label: string;
  filters: Filters;
  onChange(filters: Filters): void;
  kinds: { label: string; options: readonly (readonly [string, string])[] };
}) {
  const { clients } = useStores();
  const clientList = useStore(clients, (state) => state.clients);
  const [draft, setDraft] = useState(filters);
  const set = (key: keyof Filters) => bindValue(draft[key], (value) => setDraft({ ...draft, [key]: value }));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    onChange(draft);
  };
  return (
    <form className="log-filters" onSubmit={apply} aria-label={label}>
      <SelectField label="Client" {...set('clientId')}>
        <option value="">All clients</option>
        {clientList.map((client) => (
          <option key={client.id} value={client.id}>
            {client.name}
          </option>
        ))}
      </SelectField>
      <TextField label="From" type="date" {...set('from')} />
      <TextField label="To" type="date" {...set('to')} />
      <SelectField label={kinds.label} {...set('kind')}>
        <option value="">All</option>
        {kinds.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </SelectField>
      <div className="actions">
        <button type="submit" className="button">
          Apply
        </button>
      </div>
    </form>
  );
}

const BASIS_OPTIONS = Object.entries(BASIS_KIND_LABELS) as [DisclosureBasisFilter, string][];
const EVENT_OPTIONS = AUDIT_EVENTS.map((event) => [event, AUDIT_EVENT_LABELS[event]] as const);

function DisclosureLog({ initialClientId }: { initialClientId: string }) {
  const { logs, clients } = useStores();
  const entries = useStore(logs, (state) => state.disclosures);
  const clientList = useStore(clients, (state) => state.clients);
  const [filters, setFilters] = useState<Filters>({ clientId: initialClientId, from: '', to: '', kind: '' });
  useEffect(() => {
    void logs.getState().loadDisclosures({ ...range(filters), ...(filters.kind ? { basisKinds: [filters.kind as DisclosureBasisFilter] } : {}) });
  }, [logs, filters]);
  const nameOf = (id: string) => clientList.find((client) => client.id === id)?.name ?? 'Unknown client';
  return (
    <section className="section" aria-labelledby="disclosure-log-heading">
      <h2 id="disclosure-log-heading">Disclosure log</h2>
      <p className="field-hint">Every export of a record: when, to whom, why, under what basis, and what it held.</p>
      <FilterForm label="Filter the disclosure log" filters={filters} onChange={setFilters} kinds={{ label: 'Basis', options: BASIS_OPTIONS }} />
      {entries === null ? (
        <p className="empty-state">Loading…</p>
      ) : entries.length === 0 ? (
        <p className="empty-state">No disclosures match.</p>
      ) : (
        <table className="log-table">
          <caption className="visually-hidden">Disclosures, newest first</caption>
          <TableHead columns={['Date', 'Client', 'Recipient and purpose', 'Basis', 'Disclosed']} />
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{formatDateTime(entry.disclosedAt)}</td>
                <td>{nameOf(entry.clientId)}</td>
                <td>
                  {entry.recipient}
                  <br />
                  <span className="field-hint">{entry.purpose}</span>
                </td>
                <td>{BASIS_KIND_LABELS[basisFilterOf(entry)]}</td>
                <td>
                  {entry.description}, {entry.pageCount} page{entry.pageCount === 1 ? '' : 's'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ChainStatus({ verification, merged }: { verification: AuditLogView['verification']; merged: boolean }) {
  const chain = merged ? 'this computer’s chain' : 'the chain';
  if (verification.intact) {
    return (
      <p className="chain-status chain-intact" role="status">
        Verified: {chain} of all {verification.entries} entries is intact.
      </p>
    );
  }
  return (
    <p className="chain-status chain-broken" role="alert">
      Broken at entry {verification.brokenAt}{merged ? ' of this computer’s chain' : ''}: that entry was changed, removed or reordered outside the app. Entries from there on
      are marked unverified.
    </p>
  );
}

/** A random row id shortened to its first eight digits: enough to tell entries apart, easier to read. */
const ROW_ID = /^[0-9a-f]{32}$/;

function detailText(detail: Record<string, string | number | boolean> | undefined): string {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' && ROW_ID.test(value) ? `${value.slice(0, 8)}…` : String(value)}`)
    .join(', ');
}

function computerName(computer: AuditComputer): string {
  const name = computer.name || `Unnamed computer ${computer.id.slice(0, 8)}`;
  return computer.thisComputer ? `${name} (this computer)` : name;
}

/** Every computer's entries in one table: each names its computer and says in words how it links in that computer's chain. */
function MergedAuditTable({ entries }: { entries: AuditLogEntry[] }) {
  return (
    <table className="log-table">
      <caption className="visually-hidden">Audit entries from every computer, newest first</caption>
      <TableHead columns={['Time', 'Computer', '#', 'Event', 'Link', 'Details']} />
      <tbody>
        {entries.map((entry) => (
          // A gap means the entry before has not arrived, not that anything was altered: only a broken link marks the row.
          <tr key={`${entry.computer?.id ?? ''}:${entry.seq}`} className={entry.computer?.link === 'broken' ? 'log-unverified' : undefined}>
            <td>{formatDateTime(entry.at)}</td>
            <td>{entry.computer ? computerName(entry.computer) : ''}</td>
            <td>{entry.seq}</td>
            <td>{AUDIT_EVENT_LABELS[entry.event] ?? entry.event}</td>
            <td>
              {entry.computer ? (
                entry.computer.link === 'verified' ? (
                  AUDIT_LINK_LABELS.verified
                ) : (
                  <span className={`badge ${entry.computer.link === 'broken' ? 'badge-overdue' : 'badge-muted'}`}>{AUDIT_LINK_LABELS[entry.computer.link]}</span>
                )
              ) : null}
            </td>
            <td className="log-detail">{detailText(entry.detail)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AuditLog({ initialClientId }: { initialClientId: string }) {
  const { logs } = useStores();
  const audit = useStore(logs, (state) => state.audit);
  const [filters, setFilters] = useState<Filters>({ clientId: initialClientId, from: '', to: '', kind: '' });
  useEffect(() => {
    void logs.getState().loadAudit({ ...range(filters), ...(filters.kind ? { events: [filters.kind as AuditEvent] } : {}) });
  }, [logs, filters]);
  return (
    <section className="section" aria-labelledby="audit-log-heading">
      <h2 id="audit-log-heading">Audit log</h2>
      <p className="field-hint">What happened in the vault. Entries name records by their random id and hold counts, never client content.</p>
      {audit?.merged ? (
        <p className="field-hint">
          Entries from every computer that syncs this vault, in time order. Link: Verified when an entry follows the one before it in its own
          computer’s chain, Broken when it does not or does not open, Gap when the entry before it has not arrived yet.
        </p>
      ) : null}
      {audit ? <ChainStatus verification={audit.verification} merged={audit.merged} /> : null}
      <FilterForm label="Filter the audit log" filters={filters} onChange={setFilters} kinds={{ label: 'Event', options: EVENT_OPTIONS }} />
      {audit?.merged && audit.unreadable > 0 ? (
        <p className="chain-status chain-broken" role="alert">
          {audit.unreadable} {audit.unreadable === 1 ? 'entry does' : 'entries do'} not open with this vault’s keys and {audit.unreadable === 1 ? 'is' : 'are'} not shown.
        </p>
      ) : null}
      {audit === null ? (
        <p className="empty-state">Verifying…</p>
      ) : audit.entries.length === 0 ? (
        <p className="empty-state">No entries match.</p>
      ) : audit.merged ? (
        <MergedAuditTable entries={audit.entries} />
      ) : (
        <table className="log-table">
          <caption className="visually-hidden">Audit entries, newest first</caption>
          <TableHead columns={['#', 'Time', 'Event', 'Details']} />
          <tbody>
            {audit.entries.map((entry) => (
              <tr key={entry.seq} className={entry.verified ? undefined : 'log-unverified'}>
                <td>{entry.seq}</td>
                <td>{formatDateTime(entry.at)}</td>
                <td>
                  {AUDIT_EVENT_LABELS[entry.event] ?? entry.event}
                  {entry.verified ? null : <span className="badge badge-overdue">Unverified</span>}
                </td>
                <td className="log-detail">{detailText(entry.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The disclosure log and the audit log, each filterable; the audit chain is verified every time it loads. */
export function LogsScreen({ clientId }: { clientId?: string }) {
  const { clients, logs } = useStores();
  const loaded = useStore(clients, (state) => state.loaded);
  const loadError = useStore(logs, (state) => state.loadError);
  useEffect(() => {
    if (!loaded) void clients.getState().load();
  }, [clients, loaded]);
  return (
    <div className="screen">
      <div className="screen-header">
        <PageHeading>Logs</PageHeading>
      </div>
      {loadError ? (
        <p className="form-error" role="alert">
          {loadError}
        </p>
      ) : null}
      <DisclosureLog initialClientId={clientId ?? ''} />
      <AuditLog initialClientId={clientId ?? ''} />
    </div>
  );
}
