import { describe, expect, it } from 'vitest';
import type { BusMonitor } from '../../../main/app/desktopScreenLock';
import { isLockSignal, logindSessionPath, watchDesktopScreenLock } from '../../../main/app/desktopScreenLock';

/** A mocked bus: each started `gdbus monitor` is recorded with its arguments, and the test speaks its lines. */
function mockBus() {
  const monitors: { args: readonly string[]; emit: (line: string) => void; stopped: boolean }[] = [];
  const start = (args: readonly string[]): BusMonitor => {
    const listeners: ((line: string) => void)[] = [];
    const monitor = { args, emit: (line: string) => listeners.forEach((listener) => listener(line)), stopped: false };
    monitors.push(monitor);
    return { onLine: (listener) => listeners.push(listener), stop: () => (monitor.stopped = true) };
  };
  const on = (bus: string, dest: string) => monitors.find((m) => m.args.includes(bus) && m.args.includes(dest))!;
  return { start, monitors, on };
}

describe('the Linux desktop screen-lock signal', () => {
  it("locks on logind's Lock for this session and on a screensaver's ActiveChanged(true), not on false or others' sessions", () => {
    const bus = mockBus();
    let locks = 0;
    const stop = watchDesktopScreenLock(() => (locks += 1), { sessionId: '2', start: bus.start });
    const logind = bus.on('--system', 'org.freedesktop.login1');
    expect(logind.args).toEqual(['--system', '--dest', 'org.freedesktop.login1', '--object-path', '/org/freedesktop/login1/session/_32']);

    logind.emit('/org/freedesktop/login1/session/_32: org.freedesktop.login1.Session.Lock ()');
    expect(locks).toBe(1);
    logind.emit('/org/freedesktop/login1/session/_35: org.freedesktop.login1.Session.Lock ()');
    logind.emit('/org/freedesktop/login1/session/_32: org.freedesktop.login1.Session.Unlock ()');
    expect(locks).toBe(1);

    const gnome = bus.on('--session', 'org.gnome.ScreenSaver');
    gnome.emit('/org/gnome/ScreenSaver: org.gnome.ScreenSaver.ActiveChanged (true,)');
    expect(locks).toBe(2);
    gnome.emit('/org/gnome/ScreenSaver: org.gnome.ScreenSaver.ActiveChanged (false,)');
    bus.on('--session', 'org.freedesktop.ScreenSaver').emit('Monitoring signals from all objects owned by org.freedesktop.ScreenSaver');
    expect(locks).toBe(2);
    bus.on('--session', 'org.freedesktop.ScreenSaver').emit('/org/freedesktop/ScreenSaver: org.freedesktop.ScreenSaver.ActiveChanged (true,)');
    expect(locks).toBe(3);

    stop();
    expect(bus.monitors.every((monitor) => monitor.stopped)).toBe(true);
  });

  it('without a known session, accepts a Lock for any session path', () => {
    expect(isLockSignal('/org/freedesktop/login1/session/c2: org.freedesktop.login1.Session.Lock ()', null)).toBe(true);
    expect(isLockSignal('garbage', null)).toBe(false);
  });

  it('escapes session ids into object paths as logind does', () => {
    expect(logindSessionPath('c2')).toBe('/org/freedesktop/login1/session/c2');
    expect(logindSessionPath('12')).toBe('/org/freedesktop/login1/session/_312');
  });
});
