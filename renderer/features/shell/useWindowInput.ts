import { useEffect } from 'react';
import type { AppStores } from '../../stores/appStores';
import { createActivityReporter } from './activityReporter';
import { commandForKey, isMacPlatform, runsOverDialogs } from './shortcuts';
import { modalOpen, runWindowCommand } from './windowCommands';

/**
 * While the vault is open: the window's shortcuts (shortcuts.ts) and the native
 * menu's commands run, and keyboard and pointer input count as activity for
 * the idle lock (and dismiss the idle warning). Ctrl/Cmd+F works also from a
 * text field: it types nothing there, and the browser's find bar would only
 * search the one screen.
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
    const mac = isMacPlatform(navigator.platform);
    const onKeyDown = (event: KeyboardEvent) => {
      const command = commandForKey(event, mac);
      if (command !== null && (runsOverDialogs(command) || !modalOpen(document))) {
        event.preventDefault();
        runWindowCommand(stores, command);
        if (command === 'lock') return;
      }
      onInput();
    };
    const stopMenu = stores.api.on('app.command', ({ command }) => {
      if (!modalOpen(document)) runWindowCommand(stores, command);
    });

    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('pointerdown', onInput, true);
    return () => {
      stopMenu();
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('pointerdown', onInput, true);
    };
  }, [stores]);
}
