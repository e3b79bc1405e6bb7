import type { Menu, MenuItemConstructorOptions } from 'electron';
import type { LockState } from '../../shared/domain/records';

export const MENU_IDS = { lock: 'vault-lock', closePsychotherapy: 'vault-close-psychotherapy' } as const;

export const LOCK_ACCELERATOR = 'CmdOrCtrl+L';

export interface MenuCommands {
  lock(): void;
  closePsychotherapy(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Reload and DevTools appear only in development. */
  devtools: boolean;
  commands: MenuCommands;
}

/** The native menu: the app's own commands first, then the usual Edit, View, Window and Help roles. */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { platform, devtools, commands } = options;
  const isMac = platform === 'darwin';
  const development: MenuItemConstructorOptions[] = devtools
    ? [{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }]
    : [];
  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'Vault',
      submenu: [
        { id: MENU_IDS.lock, label: 'Lock', accelerator: LOCK_ACCELERATOR, click: () => commands.lock() },
        {
          id: MENU_IDS.closePsychotherapy,
          label: 'Close Psychotherapy Notes',
          enabled: false,
          click: () => commands.closePsychotherapy(),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...development,
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  ];
}

/** Greys out the commands that do nothing in the current state. */
export function updateMenuForState(menu: Pick<Menu, 'getMenuItemById'>, state: LockState): void {
  const lock = menu.getMenuItemById(MENU_IDS.lock);
  const closePsychotherapy = menu.getMenuItemById(MENU_IDS.closePsychotherapy);
  if (lock) lock.enabled = state !== 'locked';
  if (closePsychotherapy) closePsychotherapy.enabled = state === 'open+psychotherapy';
}
