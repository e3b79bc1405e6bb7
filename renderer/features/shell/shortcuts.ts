import type { AppCommand } from '../../../shared/ipc/events';

export type ShortcutCommand = AppCommand | 'lock';

export interface Shortcut {
  command: ShortcutCommand;
  /** The key with the platform's primary modifier (Ctrl, or Cmd on a Mac). */
  key: string;
  label: string;
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'quickSwitcher', key: 'K', label: 'K', description: 'Find a client by name, preferred name or chart number' },
  { command: 'newSession', key: 'N', label: 'N', description: 'New session for the client on screen' },
  { command: 'signNote', key: 'Enter', label: 'Enter', description: 'Sign the note being written (asks to confirm)' },
  { command: 'lock', key: 'L', label: 'L', description: 'Lock the vault' },
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

/**
 * The command a key press asks for, or null. Only the platform's primary
 * modifier counts, never a bare key, so no shortcut takes a character from a
 * text field; on a Mac, Ctrl stays with the text field's own editing keys
 * (Ctrl+K, Ctrl+N). Lock also answers the other modifier, as it always has.
 */
export function commandForKey(event: KeyLike, mac: boolean): ShortcutCommand | null {
  if (event.isComposing || event.altKey) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key === 'l' && (event.ctrlKey || event.metaKey) && !event.shiftKey) return 'lock';
  const primary = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (!primary || event.shiftKey) return null;
  switch (key) {
    case 'k':
      return 'quickSwitcher';
    case 'n':
      return 'newSession';
    case 'Enter':
      return 'signNote';
    case '/':
      return 'shortcuts';
    default:
      return null;
  }
}

/** Folds case and accents away, so "tomas" finds "Tomás" and "NUNEZ" finds "Núñez". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{Mn}/gu, '').toLocaleLowerCase('en-US');
}
