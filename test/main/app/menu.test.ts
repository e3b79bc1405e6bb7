import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { LOCK_ACCELERATOR, MENU_IDS, menuTemplate, updateMenuForState, WINDOW_ACCELERATORS } from '../../../main/app/menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function build(platform: NodeJS.Platform, devtools: boolean) {
  const ran: string[] = [];
  const template = menuTemplate({
    platform,
    devtools,
    commands: {
      lock: () => ran.push('lock'),
      closePsychotherapy: () => ran.push('closePsychotherapy'),
      windowCommand: (command) => ran.push(command),
    },
  });
  return { template, items: flatten(template), ran };
}

const click = (item: MenuItemConstructorOptions | undefined) =>
  (item?.click as (() => void) | undefined)?.();

describe('native menu', () => {
  it('has the app commands, then Edit, View, Window and Help', () => {
    const { template } = build('linux', false);
    expect(template.map((item) => item.label ?? item.role)).toEqual(['Vault', 'Notes', 'editMenu', 'View', 'windowMenu', 'help']);
    expect(build('darwin', false).template[0]?.role).toBe('appMenu');
  });

  it('locks from the menu and with Ctrl/Cmd+L', () => {
    const { items, ran } = build('linux', false);
    const lock = items.find((item) => item.id === MENU_IDS.lock);
    expect(lock?.accelerator).toBe('CmdOrCtrl+L');
    expect(LOCK_ACCELERATOR).toBe('CmdOrCtrl+L');
    click(lock);
    expect(ran).toEqual(['lock']);
  });

  it('closes psychotherapy notes from the menu', () => {
    const { items, ran } = build('win32', false);
    click(items.find((item) => item.id === MENU_IDS.closePsychotherapy));
    expect(ran).toEqual(['closePsychotherapy']);
  });

  it('shows the window shortcuts as accelerators without taking the keys from the page', () => {
    const { items, ran } = build('linux', false);
    const shown = (id: string) => items.find((item) => item.id === id);
    expect(shown(MENU_IDS.quickSwitcher)).toMatchObject({ label: 'Find Client…', accelerator: 'CmdOrCtrl+K', registerAccelerator: false });
    expect(shown(MENU_IDS.newSession)).toMatchObject({ label: 'New Session', accelerator: 'CmdOrCtrl+N', registerAccelerator: false });
    expect(shown(MENU_IDS.signNote)).toMatchObject({ label: 'Sign Note…', accelerator: 'CmdOrCtrl+Enter', registerAccelerator: false });
    expect(shown(MENU_IDS.shortcuts)).toMatchObject({ label: 'Keyboard Shortcuts', accelerator: 'CmdOrCtrl+/', registerAccelerator: false });
    for (const id of [MENU_IDS.quickSwitcher, MENU_IDS.newSession, MENU_IDS.signNote, MENU_IDS.shortcuts]) click(shown(id));
    expect(ran).toEqual(['quickSwitcher', 'newSession', 'signNote', 'shortcuts']);
    expect(Object.keys(WINDOW_ACCELERATORS)).toHaveLength(4);
  });

  it('offers reload and DevTools only in development', () => {
    const roles = (devtools: boolean) => build('linux', devtools).items.map((item) => item.role).filter(Boolean);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
  });

  it('greys out the commands that do nothing in the current state', () => {
    const entries: Record<string, { enabled: boolean }> = {
      [MENU_IDS.lock]: { enabled: true },
      [MENU_IDS.closePsychotherapy]: { enabled: true },
    };
    const menu = { getMenuItemById: (id: string) => entries[id] ?? null } as never;
    entries[MENU_IDS.newSession] = { enabled: false };
    updateMenuForState(menu, 'locked');
    expect([entries[MENU_IDS.lock]?.enabled, entries[MENU_IDS.closePsychotherapy]?.enabled]).toEqual([false, false]);
    expect(entries[MENU_IDS.newSession]?.enabled).toBe(false);
    updateMenuForState(menu, 'open');
    expect([entries[MENU_IDS.lock]?.enabled, entries[MENU_IDS.closePsychotherapy]?.enabled]).toEqual([true, false]);
    expect(entries[MENU_IDS.newSession]?.enabled).toBe(true);
    updateMenuForState(menu, 'open+psychotherapy');
    expect([entries[MENU_IDS.lock]?.enabled, entries[MENU_IDS.closePsychotherapy]?.enabled]).toEqual([true, true]);
  });
});
