import { useEffect } from 'react';
import type { AppStores } from '../../stores/appStores';
import { createActivityReporter } from './activityReporter';

function isLockShortcut(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'l';
}

function isSearchShortcut(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f';
}

/**
 * While the vault is open: Ctrl/Cmd+L locks, Ctrl/Cmd+F opens search (also
 * from a text field: it types nothing there, and the browser's find bar would
 * only search the one screen), and keyboard and pointer input
 * count as activity for the idle lock (and dismiss the idle warning).
 */
export function useWindowInput(stores: AppStores): void {
  useEffect(() => {
    const reporter = createActivityReporter(() => {
      stores.api.invoke('vault.activity', {}).catch(() => undefined);
    }, Date.now);

    const onInput = () => {
      const warning = stores.vault.getState().idleWarningUntil !== null;
      reporter.seen(warning);
      if (warning) stores.vault.getState().clearIdleWarning();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (isLockShortcut(event)) {
        event.preventDefault();
        void stores.lock();
        return;
      }
      if (isSearchShortcut(event)) {
        event.preventDefault();
        stores.search.getState().show();
      }
      onInput();
    };

    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('pointerdown', onInput, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('pointerdown', onInput, true);
    };
  }, [stores]);
}
