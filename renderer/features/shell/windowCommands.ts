import type { AppStores } from '../../stores/appStores';
import type { ShortcutCommand } from './shortcuts';

/** True while a modal dialog is up: shortcuts other than Lock wait until it is answered. */
export function modalOpen(doc: Document): boolean {
  return doc.querySelector('[role="dialog"][aria-modal="true"]') !== null;
}

/** Carries out a shortcut or menu command in the open window. */
export function runWindowCommand(stores: AppStores, command: ShortcutCommand): void {
  const { shell, navigation } = stores;
  switch (command) {
    case 'lock':
      void stores.lock();
      return;
    case 'search':
      stores.search.getState().show();
      return;
    case 'quickSwitcher':
      shell.getState().openSwitcher();
      return;
    case 'shortcuts':
      shell.getState().openShortcuts();
      return;
    case 'signNote':
      shell.getState().requestSign();
      return;
    case 'newSession': {
      const { route } = navigation.getState();
      if (route.screen === 'client') shell.getState().requestNewSession();
      else if (route.screen === 'session') navigation.getState().go({ screen: 'client', clientId: route.clientId, newSession: true });
      return;
    }
  }
}
