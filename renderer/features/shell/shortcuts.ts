import type { AppCommand } from '../../../shared/ipc/events';

export type ShortcutCommand = AppCommand | 'lock' | 'search';

export interface Shortcut {
  command: ShortcutCommand;
  /** The key with the platform's primary modifier (Ctrl, or Cmd on a Mac). */
  key: string;
  label: string;
  description: string;
  /**
   * Answers Ctrl and Cmd alike on every platform, and runs even over an open
   * dialog: locking must always work, and Ctrl/Cmd+F would otherwise open the
   * browser's find bar, which searches only the one screen.
   */
  always?: boolean;
}

/** The one table of the window's shortcuts: the key handler and the shortcuts sheet both read it. */
export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'quickSwitcher', key: 'K', label: 'K', description: 'Find a client by name, preferred name or chart number' },
  { command: 'search', key: 'F', label: 'F', description: 'Search every note, session and client', always: true },
  { command: 'newSession', key: 'N', label: 'N', description: 'New session for the client on screen' },
  { command: 'signNote', key: 'Enter', label: 'Enter', description: 'Sign the note being written (asks to confirm)' },
  { command: 'lock', key: 'L', label: 'L', description: 'Lock the vault', always: true },
  { command: 'shortcuts', key: '/', label: '/', description: 'Show these shortcuts' },
];

export function isMacPlatform(platform: string): boolean {
  return /Mac|iPhone|iPad/i.test(platform);
}

/** "Ctrl+K" or "⌘K", as the shortcut sheet and buttons show it. */
export function shortcutText(shortcut: Pick<Shortcut, 'label'>, mac: boolean): string {
  return mac ? `⌘${shortcut.label}` : `Ctrl+${shortcut.label}`;
}

/** The aria-keyshortcuts value for a shortcut. */
export function ariaKeys(shortcut: Pick<Shortcut, 'key'>, mac: boolean): string {
  return `${mac ? 'Meta' : 'Control'}+${shortcut.key}`;
}

type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'isComposing'>;

const normalKey = (key: string) => (key.length === 1 ? key.toLowerCase() : key);

/** Whether a shortcut runs while a modal dialog is up (the others wait until it is answered). */
export function runsOverDialogs(command: ShortcutCommand): boolean {
  return SHORTCUTS.some((shortcut) => shortcut.command === command && shortcut.always === true);
}

/**
 * The command a key press asks for, or null. Only the platform's primary
 * modifier counts, never a bare key, so no shortcut takes a character from a
 * text field; on a Mac, Ctrl stays with the text field's own editing keys
 * (Ctrl+K, Ctrl+N). The `always` shortcuts (lock, search) also answer the
 * other modifier, as they always have.
 */
export function commandForKey(event: KeyLike, mac: boolean): ShortcutCommand | null {
  if (event.isComposing || event.altKey || event.shiftKey) return null;
  const key = normalKey(event.key);
  const primary = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  const either = event.ctrlKey || event.metaKey;
  const shortcut = SHORTCUTS.find((candidate) => normalKey(candidate.key) === key && (candidate.always ? either : primary));
  return shortcut?.command ?? null;
}

/** Folds case and accents away, so "tomas" finds "Tomás" and "NUNEZ" finds "Núñez". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{Mn}/gu, '').toLocaleLowerCase('en-US');
}
