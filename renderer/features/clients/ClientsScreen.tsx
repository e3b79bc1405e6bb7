import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { CheckboxField, TextField } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { PageHeading } from '../../components/PageHeading';
import type { SessionMoment } from '../../../shared/domain/records';
import { formatDate } from '../../components/format';
import { selectVisibleRows } from '../../stores/clientsStore';
import { useStores } from '../../stores/StoresContext';
import { ClientForm } from './ClientForm';

function when(moment: SessionMoment | null): string {
  return moment ? `${formatDate(moment.date)} ${moment.startTime}` : 'none';
}

/** Every client by family name, filtered by name or chart number (accents aside); the way to add one. */
export function ClientsScreen() {
  const stores = useStores();
  const { clients, navigation } = stores;
  const visible = useStore(clients, useShallow(selectVisibleRows));
  const total = useStore(clients, (state) => state.clients.length);
  const loaded = useStore(clients, (state) => state.loaded);
  const loadError = useStore(clients, (state) => state.loadError);
  const filter = useStore(clients, (state) => state.filter);
  const includeArchived = useStore(clients, (state) => state.includeArchived);
  const [adding, setAdding] = useState(false);

  useEffect(() => void clients.getState().load(), [clients]);

  return (
    <div className="screen">
      <div className="screen-header">
        <PageHeading>Clients</PageHeading>
        {!adding ? (
          <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
            Add client
          </button>
        ) : null}
      </div>

      {adding ? (
        <ClientForm
          title="New client"
          submitLabel="Add client"
          onCancel={() => setAdding(false)}
          onSubmit={async (input) => {
            const client = await clients.getState().create(input);
            navigation.getState().go({ screen: 'client', clientId: client.id });
          }}
        />
      ) : null}

      <div className="toolbar">
        <TextField
          label="Filter by name or chart number"
          type="search"
          className="filter-field"
          value={filter}
          onChange={(event) => clients.getState().setFilter(event.target.value)}
        />
        <CheckboxField
          label="Show archived clients"
          checked={includeArchived}
          onChange={(event) => void clients.getState().setIncludeArchived(event.target.checked)}
        />
      </div>

      <FormError message={loadError} />

      <p className="list-count" role="status">
        {!loaded ? 'Loading clients…' : total === 0 ? '' : `Showing ${visible.length} of ${total}`}
      </p>

      {loaded && total === 0 && !loadError ? (
        <div className="empty-state">
          <p>No clients yet.</p>
          <p className="field-hint">Add your first client to start writing session notes.</p>
        </div>
      ) : null}

      {visible.length > 0 ? (
        <ul className="client-list" aria-label="Clients">
          {visible.map(({ client, lastSession, nextSession, unsignedNotes }) => (
            <li key={client.id}>
              <button
                type="button"
                className="client-row"
                onClick={() => navigation.getState().go({ screen: 'client', clientId: client.id })}
              >
                <span className="client-name">{client.name}</span>
                {client.preferredName ? <span className="client-meta">“{client.preferredName}”</span> : null}
                {client.chartNumber ? <span className="client-meta">Chart {client.chartNumber}</span> : null}
                {client.archived ? <span className="badge">Archived</span> : null}
                <span className="client-sessions">
                  <span className="client-meta">Last: {when(lastSession)}</span>
                  <span className="client-meta">Next: {when(nextSession)}</span>
                  {unsignedNotes > 0 ? (
                    <span className="badge badge-draft">
                      {unsignedNotes} unsigned {unsignedNotes === 1 ? 'note' : 'notes'}
                    </span>
                  ) : null}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}

      {loaded && total > 0 && visible.length === 0 ? <p className="empty-state">No client matches the filter.</p> : null}
    </div>
  );
}
