import { useStore } from 'zustand';
import { useStores } from '../../stores/StoresContext';
import type { Route } from '../../stores/navigationStore';
import { selectRoute } from '../../stores/navigationStore';
import { selectIsSearchOpen } from '../../stores/searchStore';
import { ClientPage } from '../clients/ClientPage';
import { ClientsScreen } from '../clients/ClientsScreen';
import { AgendaScreen } from '../schedule/AgendaScreen';
import { LogsScreen } from '../logs/LogsScreen';
import { SearchPanel } from '../search/SearchPanel';
import { SessionScreen } from '../session/SessionScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { TodayScreen } from '../today/TodayScreen';
import { IdleWarningBanner } from './IdleWarningBanner';
import { QuickSwitcher } from './QuickSwitcher';
import { ShortcutsSheet } from './ShortcutsSheet';
import { useWindowInput } from './useWindowInput';

function isMac(): boolean {
  return /Mac/i.test(navigator.platform);
}

/** The main navigation: where each entry goes, and the screens it stays current on. */
const NAV_ITEMS: readonly { label: string; screen: 'today' | 'agenda' | 'clients' | 'logs' | 'settings'; covers: readonly Route['screen'][] }[] = [
  { label: 'Today', screen: 'today', covers: ['today'] },
  { label: 'Agenda', screen: 'agenda', covers: ['agenda'] },
  { label: 'Clients', screen: 'clients', covers: ['clients', 'client', 'session'] },
  { label: 'Logs', screen: 'logs', covers: ['logs'] },
  { label: 'Settings', screen: 'settings', covers: ['settings'] },
];

/** The screens that take nothing from the route. */
const PLAIN_SCREENS = { today: TodayScreen, clients: ClientsScreen, agenda: AgendaScreen, settings: SettingsScreen };

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'client':
      return <ClientPage key={route.clientId} clientId={route.clientId} startNewSession={route.newSession} section={route.section} />;
    case 'session':
      return (
        <SessionScreen
          key={route.sessionId}
          clientId={route.clientId}
          sessionId={route.sessionId}
          focusNote={route.focusNote}
          focus={route.focus}
        />
      );
    case 'logs':
      return <LogsScreen key={route.clientId ?? 'all'} clientId={route.clientId} />;
    default: {
      const Plain = PLAIN_SCREENS[route.screen];
      return <Plain />;
    }
  }
}

/** The open vault: header with navigation and the lock, the idle warning, and the current screen. */
export function Shell() {
  const stores = useStores();
  const route = useStore(stores.navigation, selectRoute);
  const go = useStore(stores.navigation, (state) => state.go);
  const switcherOpen = useStore(stores.shell, (state) => state.switcherOpen);
  const shortcutsOpen = useStore(stores.shell, (state) => state.shortcutsOpen);
  const searching = useStore(stores.search, selectIsSearchOpen);
  useWindowInput(stores);
  const shortcut = isMac() ? '⌘L' : 'Ctrl+L';
  const searchShortcut = isMac() ? '⌘F' : 'Ctrl+F';

  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="app-header">
        <p className="app-title">Therapist Vault</p>
        <nav aria-label="Main">
          <ul className="nav-list">
            {NAV_ITEMS.map((item) => (
              <li key={item.label}>
                <button
                  type="button"
                  className="nav-button"
                  aria-current={item.covers.includes(route.screen) ? 'page' : undefined}
                  onClick={() => go({ screen: item.screen })}
                >
                  {item.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <button
          type="button"
          className="button search-button"
          aria-keyshortcuts={isMac() ? 'Meta+F' : 'Control+F'}
          onClick={() => stores.search.getState().show()}
        >
          Search <kbd>{searchShortcut}</kbd>
        </button>
        <button
          type="button"
          className="button lock-button"
          aria-keyshortcuts={isMac() ? 'Meta+L' : 'Control+L'}
          onClick={() => void stores.lock()}
        >
          Lock <kbd>{shortcut}</kbd>
        </button>
      </header>
      <IdleWarningBanner />
      <main id="main" className="content" tabIndex={-1}>
        <Screen route={route} />
      </main>
      {switcherOpen ? <QuickSwitcher /> : null}
      {shortcutsOpen ? <ShortcutsSheet /> : null}
      {searching ? <SearchPanel /> : null}
    </div>
  );
}
