import { spawn } from 'node:child_process';

/**
 * The Linux desktop's own screen-lock signal. Electron's 'lock-screen' event
 * fires on macOS and Windows only; on Linux the desktop says so over D-Bus:
 * logind's Session.Lock on the system bus, and the screensaver's
 * ActiveChanged(true) on the session bus. No D-Bus library is bundled, so
 * `gdbus monitor` (from GLib, present wherever a GNOME-family or most other
 * desktops run) is read as a child process; without it nothing is watched
 * and the idle lock still applies.
 */

export interface BusMonitor {
  onLine(listener: (line: string) => void): void;
  stop(): void;
}

/** Starts one `gdbus monitor` with these arguments; a missing gdbus gives a monitor that never speaks. */
export type StartMonitor = (args: readonly string[]) => BusMonitor;

const SCREENSAVERS = ['org.freedesktop.ScreenSaver', 'org.gnome.ScreenSaver', 'org.mate.ScreenSaver', 'org.cinnamon.ScreenSaver'];
const LOGIND = 'org.freedesktop.login1';

/** logind's object path for a session id, escaped as sd_bus_path_encode does. */
export function logindSessionPath(sessionId: string): string {
  const escaped = [...sessionId]
    .map((char, index) =>
      /[A-Za-z0-9]/.test(char) && !(index === 0 && /[0-9]/.test(char)) ? char : `_${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
    )
    .join('');
  return `/org/freedesktop/login1/session/${escaped}`;
}

/**
 * True when a `gdbus monitor` line says the screen locked. Lines look like
 * `/org/freedesktop/login1/session/_32: org.freedesktop.login1.Session.Lock ()`
 * and `/org/gnome/ScreenSaver: org.gnome.ScreenSaver.ActiveChanged (true,)`.
 */
export function isLockSignal(line: string, sessionPath: string | null): boolean {
  const match = /^(\S+): ([\w.]+)\.(\w+) \((.*)\)\s*$/.exec(line.trim());
  if (!match) return false;
  const [, path, iface, member, args] = match;
  if (iface === `${LOGIND}.Session` && member === 'Lock') return sessionPath === null || path === sessionPath;
  return SCREENSAVERS.includes(iface!) && member === 'ActiveChanged' && /^true\b/.test(args!.trim());
}

function gdbusMonitor(args: readonly string[]): BusMonitor {
  const child = spawn('gdbus', ['monitor', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  const listeners: ((line: string) => void)[] = [];
  let pending = '';
  child.on('error', () => undefined);
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) for (const listener of listeners) listener(line);
  });
  return {
    onLine: (listener) => listeners.push(listener),
    stop: () => {
      child.kill();
    },
  };
}

/**
 * Calls `onLock` whenever the desktop locks the screen; returns the function
 * that stops watching. `sessionId` (XDG_SESSION_ID) limits logind's Lock to
 * this login session, so another user's lock does not lock this vault.
 */
export function watchDesktopScreenLock(
  onLock: () => void,
  options: { sessionId?: string; start?: StartMonitor } = {},
): () => void {
  const start = options.start ?? gdbusMonitor;
  const sessionPath = options.sessionId ? logindSessionPath(options.sessionId) : null;
  const monitors = [
    start(['--system', '--dest', LOGIND, ...(sessionPath ? ['--object-path', sessionPath] : [])]),
    ...SCREENSAVERS.map((name) => start(['--session', '--dest', name])),
  ];
  for (const monitor of monitors) {
    monitor.onLine((line) => {
      if (isLockSignal(line, sessionPath)) onLock();
    });
  }
  return () => {
    for (const monitor of monitors) monitor.stop();
  };
}
