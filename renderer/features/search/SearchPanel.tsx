import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { SearchFilterInput, SearchResult } from '../../../shared/domain/search';
import { TEMPLATE_IDS, TEMPLATES } from '../../../shared/templates';
import { formatDate } from '../../components/format';
import { ModalDialog } from '../../components/ModalDialog';
import { selectIsSearching } from '../../stores/searchStore';
import { useStores } from '../../stores/StoresContext';
import { RESULT_KIND_LABELS, routeOf } from './searchTarget';

function Snippet({ result }: { result: SearchResult }) {
  return (
    <span className="search-snippet">
      {result.snippet.map((part, index) => (part.highlight ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
    </span>
  );
}

/** A labelled select whose options are [value, text] pairs. */
function SelectField(props: { id: string; label: string; value: string; options: [string, string][]; onChange(value: string): void }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The filters in force, in words, for the collapsed filter row. */
function filterSummary(filters: SearchFilterInput, clientName: (id: string) => string): string[] {
  const parts: string[] = [];
  if (filters.clientId) parts.push(clientName(filters.clientId));
  if (filters.from && filters.to) parts.push(`${formatDate(filters.from)} to ${formatDate(filters.to)}`);
  else if (filters.from) parts.push(`From ${formatDate(filters.from)}`);
  else if (filters.to) parts.push(`To ${formatDate(filters.to)}`);
  if (filters.template) parts.push(TEMPLATES[filters.template].name);
  if (filters.status) parts.push(filters.status === 'signed' ? 'Signed only' : 'Drafts only');
  if (filters.includePsychotherapy) parts.push('With psychotherapy notes');
  return parts;
}

/**
 * The filters, folded into one row until asked for, so the results keep the
 * dialog's height even at 860 px: the row names the filters in force, and
 * opens them on a click or Enter.
 */
function Filters() {
  const { search, clients } = useStores();
  const filters = useStore(search, (state) => state.filters);
  const clientList = useStore(clients, (state) => state.clients);
  const id = useId();
  const summary = filterSummary(filters, (clientId) => clientList.find((client) => client.id === clientId)?.name ?? 'One client');
  const [open, setOpen] = useState(false);
  const set = (change: Partial<SearchFilterInput>) => {
    const next: Record<string, unknown> = { ...filters, ...change };
    for (const key of Object.keys(next)) if (next[key] === undefined || next[key] === '') delete next[key];
    search.getState().setFilters(next as SearchFilterInput);
  };
  return (
    <div className="search-filter-area">
      <div className="search-filter-row">
        <button
          type="button"
          className="button button-quiet search-filter-toggle"
          aria-expanded={open}
          aria-controls={`${id}-filters`}
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> Filters{summary.length > 0 ? ` (${summary.length})` : ''}
        </button>
        <span className="search-filter-summary">{summary.length > 0 ? summary.join(' · ') : 'All clients, dates, templates and statuses'}</span>
        {summary.length > 0 ? (
          <button type="button" className="button button-quiet" onClick={() => search.getState().setFilters({})}>
            Clear filters
          </button>
        ) : null}
      </div>
      <fieldset id={`${id}-filters`} className="search-filters" hidden={!open}>
        <legend className="visually-hidden">Filters</legend>
        <SelectField
          id={`${id}-client`}
          label="Client"
          value={filters.clientId ?? ''}
          options={[['', 'Any client'], ...clientList.map((client): [string, string] => [client.id, client.name])]}
          onChange={(value) => set({ clientId: value || undefined })}
        />
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="date" value={filters.from ?? ''} onChange={(event) => set({ from: event.target.value || undefined })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="date" value={filters.to ?? ''} onChange={(event) => set({ to: event.target.value || undefined })} />
        </div>
        <SelectField
          id={`${id}-template`}
          label="Template"
          value={filters.template ?? ''}
          options={[['', 'Any template'], ...TEMPLATE_IDS.map((template): [string, string] => [template, TEMPLATES[template].name])]}
          onChange={(value) => set({ template: (value || undefined) as SearchFilterInput['template'] })}
        />
        <SelectField
          id={`${id}-status`}
          label="Status"
          value={filters.status ?? ''}
          options={[
            ['', 'Drafts and signed'],
            ['draft', 'Drafts only'],
            ['signed', 'Signed only'],
          ]}
          onChange={(value) => set({ status: (value || undefined) as SearchFilterInput['status'] })}
        />
        <label className="checkbox search-psychotherapy-filter">
          <input
            type="checkbox"
            checked={filters.includePsychotherapy ?? false}
            onChange={(event) => set({ includePsychotherapy: event.target.checked || undefined })}
          />
          Include psychotherapy notes (only while they are open)
        </label>
      </fieldset>
    </div>
  );
}

/**
 * Search over the vault, opened with Ctrl/Cmd+F over whatever screen is
 * showing (so an open psychotherapy compartment stays open). The box is a
 * combobox: arrows move through the results, Enter opens one, Escape closes.
 */
export function SearchPanel() {
  const stores = useStores();
  const { search, navigation, clients } = stores;
  const text = useStore(search, (state) => state.text);
  const { results, active, building, error, answered } = useStore(
    search,
    useShallow(({ results, active, building, error, answered }) => ({ results, active, building, error, answered })),
  );
  const searching = useStore(search, selectIsSearching);
  const clientList = useStore(clients, (state) => state.clients);
  const clientsLoaded = useStore(clients, (state) => state.loaded);
  const listId = useId();
  const statusId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.select();
    if (!clients.getState().loaded) void clients.getState().load();
  }, [clients]);

  useEffect(() => {
    document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, listId, results]);

  const names = new Map(clientList.map((client) => [client.id, client.name]));
  const open = (result: SearchResult) => {
    search.getState().hide();
    navigation.getState().go(routeOf(result));
  };

  const onInputKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      search.getState().move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const result = results[active];
      if (result) open(result);
    }
  };

  const status = error
    ? error
    : text.trim() === ''
      ? 'Type to search clients, sessions, progress notes, addenda, diagnoses, treatment plans and measures.'
      : searching && answered === null
        ? 'Searching…'
        : `${results.length === 0 ? 'No results' : results.length === 1 ? '1 result' : `${results.length} results`}${
            building ? '. Still indexing older records; search again in a moment.' : '.'
          }`;

  return (
    <ModalDialog
      title="Search"
      onClose={() => search.getState().hide()}
      className="search-dialog"
      backdropClassName="search-backdrop"
      initialFocus="input[type=search]"
      renderTitle={(heading) => (
        <div className="search-header">
          {heading}
          <button type="button" className="button" onClick={() => search.getState().hide()}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
      )}
    >
      <div className="field">
        <label htmlFor={`${listId}-input`}>Search the vault</label>
        <input
          ref={inputRef}
          id={`${listId}-input`}
          type="search"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-expanded={results.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-describedby={statusId}
          aria-activedescendant={results.length > 0 ? `${listId}-${active}` : undefined}
          maxLength={200}
          value={text}
          onChange={(event) => search.getState().setText(event.target.value)}
          onKeyDown={onInputKey}
        />
        <p className="field-hint">Accents and case do not matter. Use "quotes" for a phrase and * for a word start.</p>
      </div>
      <Filters />
      <p id={statusId} className="search-status" role="status">
        {status}
      </p>
      <ul id={listId} className="search-results" role="listbox" aria-label="Results">
        {results.map((result, index) => (
          <li
            key={`${result.kind}-${result.id}`}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            tabIndex={-1}
            className={['search-result', result.psychotherapy ? 'search-result-psychotherapy' : ''].filter(Boolean).join(' ')}
            onMouseEnter={() => search.getState().setActive(index)}
            onClick={() => open(result)}
          >
            <span className="search-result-meta">
              {result.psychotherapy ? (
                <span className="psychotherapy-mark" aria-hidden="true">
                  ◆{' '}
                </span>
              ) : null}
              <span className="search-result-kind">{RESULT_KIND_LABELS[result.kind]}</span>
              {' · '}
              {names.get(result.clientId) ?? (clientsLoaded ? 'Archived client' : 'Client')}
              {result.kind !== 'client' ? ` · ${formatDate(result.date)}` : ''}
              {result.status ? (
                <span className={`badge badge-${result.status}`}>{result.status === 'signed' ? 'Signed' : 'Draft'}</span>
              ) : null}
            </span>
            <Snippet result={result} />
          </li>
        ))}
      </ul>
    </ModalDialog>
  );
}
