import type { Menu, MenuItemConstructorOptions } from 'electron';
import type { LockState } from '../../shared/domain/records';
import type { AppCommand } from '../../shared/ipc/events';

export const MENU_IDS = {
  lock: 'vault-lock',
  closePsychotherapy: 'vault-close-psychotherapy',
  quickSwitcher: 'go-quick-switcher',
  newSession: 'notes-new-session',
  signNote: 'notes-sign',
  shortcuts: 'help-shortcuts',
} as const;

export const LOCK_ACCELERATOR = 'CmdOrCtrl+L';

/** The page's own shortcuts, shown in the menu. */
export const WINDOW_ACCELERATORS: Record<AppCommand, string> = {
  quickSwitcher: 'CmdOrCtrl+K',
  newSession: 'CmdOrCtrl+N',
  signNote: 'CmdOrCtrl+Enter',
  shortcuts: 'CmdOrCtrl+/',
};

export interface MenuCommands {
  lock(): void;
  closePsychotherapy(): void;
  /** Hands a window command to the page. */
  windowCommand(command: AppCommand): void;
}

/**
 * A menu entry whose keys the page handles: shown with its accelerator but
 * not registered with the system, so the key reaches the page, which knows
 * whether a text field would lose typing to it.
 */
function windowEntry(commands: MenuCommands, command: AppCommand, label: string): MenuItemConstructorOptions {
  return {
    id: MENU_IDS[command],
    label,
    accelerator: WINDOW_ACCELERATORS[command],
    registerAccelerator: false,
    enabled: false,
    click: () => commands.windowCommand(command),
  };
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
    {
      label: 'Notes',
      submenu: [
        windowEntry(commands, 'quickSwitcher', 'Find Client…'),
        windowEntry(commands, 'newSession', 'New Session'),
        windowEntry(commands, 'signNote', 'Sign Note…'),
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
    { role: 'help', submenu: [windowEntry(commands, 'shortcuts', 'Keyboard Shortcuts'), { role: 'about' }] },
  ];
}

/** Greys out the commands that do nothing in the current state. */
export function updateMenuForState(menu: Pick<Menu, 'getMenuItemById'>, state: LockState): void {
  const lock = menu.getMenuItemById(MENU_IDS.lock);
  const closePsychotherapy = menu.getMenuItemById(MENU_IDS.closePsychotherapy);
  if (lock) lock.enabled = state !== 'locked';
  if (closePsychotherapy) closePsychotherapy.enabled = state === 'open+psychotherapy';
  for (const command of Object.keys(WINDOW_ACCELERATORS) as AppCommand[]) {
    const item = menu.getMenuItemById(MENU_IDS[command]);
    if (item) item.enabled = state !== 'locked';
  }
}
