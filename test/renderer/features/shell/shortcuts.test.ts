import { describe, expect, it } from 'vitest';
import { matchClients } from '../../../../renderer/features/shell/quickSwitch';
import { commandForKey, foldForSearch, runsOverDialogs, SHORTCUTS } from '../../../../renderer/features/shell/shortcuts';
import type { Client } from '../../../../shared/domain/records';

const key = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'isComposing', boolean>> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  isComposing: false,
  ...mods,
});

const client = (name: string, extra: Partial<Client> = {}): Client => ({
  id: name,
  name,
  archived: false,
  createdAt: '',
  updatedAt: '',
  ...extra,
});

describe('window shortcuts', () => {
  it('answer Ctrl on Linux and Windows and Cmd on a Mac', () => {
    expect(commandForKey(key('k', { ctrlKey: true }), false)).toBe('quickSwitcher');
    expect(commandForKey(key('N', { ctrlKey: true }), false)).toBe('newSession');
    expect(commandForKey(key('Enter', { ctrlKey: true }), false)).toBe('signNote');
    expect(commandForKey(key('/', { ctrlKey: true }), false)).toBe('shortcuts');
    expect(commandForKey(key('k', { metaKey: true }), true)).toBe('quickSwitcher');
    expect(commandForKey(key('l', { metaKey: true }), true)).toBe('lock');
    expect(commandForKey(key('l', { ctrlKey: true }), false)).toBe('lock');
  });

  it('answer every key the sheet lists, from the same table, and nothing the sheet leaves out', () => {
    for (const shortcut of SHORTCUTS) {
      expect(commandForKey(key(shortcut.key, { ctrlKey: true }), false)).toBe(shortcut.command);
      expect(commandForKey(key(shortcut.key, { metaKey: true }), true)).toBe(shortcut.command);
    }
    const listed = new Set(SHORTCUTS.map((shortcut) => shortcut.key.toLowerCase()));
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
      if (!listed.has(letter)) expect(commandForKey(key(letter, { ctrlKey: true }), false)).toBeNull();
    }
  });

  it('open search with Ctrl+F or Cmd+F on every platform, even over a dialog', () => {
    expect(SHORTCUTS.map((shortcut) => shortcut.command)).toContain('search');
    expect(commandForKey(key('f', { ctrlKey: true }), false)).toBe('search');
    expect(commandForKey(key('F', { metaKey: true }), true)).toBe('search');
    expect(commandForKey(key('f', { ctrlKey: true }), true)).toBe('search');
    expect(commandForKey(key('f', { metaKey: true }), false)).toBe('search');
    expect(commandForKey(key('f', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(runsOverDialogs('search')).toBe(true);
    expect(runsOverDialogs('lock')).toBe(true);
    expect(runsOverDialogs('quickSwitcher')).toBe(false);
  });

  it('never take a bare key, a composing key, or a Mac text field\'s own Ctrl keys', () => {
    for (const bare of ['k', 'n', 'f', '/', 'Enter', '?']) expect(commandForKey(key(bare), false)).toBeNull();
    expect(commandForKey(key('k', { ctrlKey: true, isComposing: true }), false)).toBeNull();
    expect(commandForKey(key('k', { ctrlKey: true }), true)).toBeNull();
    expect(commandForKey(key('n', { ctrlKey: true }), true)).toBeNull();
    expect(commandForKey(key('k', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(commandForKey(key('K', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
  });
});

describe('quick switcher matching', () => {
  const clients = [
    client('Maya Lindqvist', { chartNumber: 'C-0112' }),
    client('Tomás Herrera-Núñez', { preferredName: 'Tom', chartNumber: 'C-0107' }),
    client('Jordan Avery', { chartNumber: 'C-0098' }),
  ];
  const names = (query: string) => matchClients(clients, query).map((match) => match.name);

  it('ignores case and accents', () => {
    expect(foldForSearch('Tomás NÚÑEZ')).toBe('tomas nunez');
    expect(names('tomas')).toEqual(['Tomás Herrera-Núñez']);
    expect(names('NUNEZ')).toEqual(['Tomás Herrera-Núñez']);
  });

  it('finds by preferred name and chart number, word starts first', () => {
    expect(names('tom')).toEqual(['Tomás Herrera-Núñez']);
    expect(names('c-01')).toEqual(['Maya Lindqvist', 'Tomás Herrera-Núñez']);
    expect(names('ver')).toEqual(['Jordan Avery']);
    expect(names('av')).toEqual(['Jordan Avery']);
    expect(names('')).toHaveLength(3);
    expect(names('zz')).toEqual([]);
  });
});
