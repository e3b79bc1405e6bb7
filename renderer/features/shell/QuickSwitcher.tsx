import { useEffect, useId, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import type { Client } from '../../../shared/domain/records';
import { ModalDialog } from '../../components/ModalDialog';
import { useStores } from '../../stores/StoresContext';
import { matchClients } from './quickSwitch';

function optionText(client: Client): string {
  return [client.name, client.preferredName ? `(${client.preferredName})` : '', client.chartNumber ? `· ${client.chartNumber}` : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * Ctrl/Cmd+K: type part of a name, preferred name or chart number, move with
 * the arrow keys, Enter opens the client, Escape goes back. The combobox and
 * listbox pattern, so a screen reader hears the highlighted client.
 */
export function QuickSwitcher() {
  const { shell, clients, navigation } = useStores();
  const all = useStore(clients, (state) => state.clients);
  const loaded = useStore(clients, (state) => state.loaded);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const optionId = (index: number) => `${listId}-option-${index}`;
  const matches = useMemo(() => matchClients(all, query), [all, query]);
  const close = () => shell.getState().closeSwitcher();

  useEffect(() => {
    void clients.getState().load();
  }, [clients]);

  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  });

  const choose = (client: Client | undefined) => {
    if (!client) return;
    close();
    navigation.getState().go({ screen: 'client', clientId: client.id });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (matches.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((active + step + matches.length) % matches.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(matches[active]);
    }
  };

  return (
    <ModalDialog title="Find a client" onClose={close} className="quick-switcher" initialFocus="input">
      <label className="field">
        <span className="field-hint">Name, preferred name or chart number</span>
        <input
          type="text"
          role="combobox"
          aria-label="Find a client"
          aria-autocomplete="list"
          aria-expanded={matches.length > 0}
          aria-controls={listId}
          aria-activedescendant={matches.length > 0 ? optionId(active) : undefined}
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
      </label>
      <ul id={listId} role="listbox" aria-label="Matching clients" className="switcher-list">
        {matches.map((client, index) => (
          <li
            key={client.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'switcher-option switcher-active' : 'switcher-option'}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(client)}
          >
            {optionText(client)}
          </li>
        ))}
      </ul>
      <p className="field-hint" role="status">
        {!loaded ? 'Loading clients…' : matches.length === 0 ? 'No client matches.' : `${matches.length} shown. ↑ ↓ to move, Enter to open, Esc to close.`}
      </p>
    </ModalDialog>
  );
}
