import type { Session, WebContents } from 'electron';
import { isAppPageUrl } from '../ipc/senderCheck';
import { APP_ORIGIN } from './protocol';

export interface HardeningOptions {
  /** DevTools open only in development; never in a packaged build. */
  devtools: boolean;
}

/**
 * Which requests the session lets through: the app's own files, data: (not a
 * network request; the CSP allows it for images only) and, in development,
 * DevTools' own pages. Everything else — https, http://localhost, ws, file,
 * other custom schemes — is cancelled: the app makes no network request.
 */
export function isAllowedRequestUrl(url: string, options: HardeningOptions): boolean {
  if (isAppPageUrl(url, APP_ORIGIN)) return true;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return false;
  }
  if (protocol === 'data:') return true;
  return options.devtools && protocol === 'devtools:';
}

/**
 * Never a real host: dictionaries are not downloaded even if a page turns the
 * spellchecker on (.invalid is reserved and never resolves, RFC 2606).
 */
export const SPELLCHECK_DICTIONARY_URL = 'https://spellcheck.invalid/';

export type HardenedSession = Pick<
  Session,
  | 'setPermissionRequestHandler'
  | 'setPermissionCheckHandler'
  | 'setDevicePermissionHandler'
  | 'setSpellCheckerDictionaryDownloadURL'
  | 'setSpellCheckerLanguages'
  | 'setSpellCheckerEnabled'
  | 'on'
> & { webRequest: Pick<Session['webRequest'], 'onBeforeRequest'> };

/** Denies every permission, device, download and foreign request for the session. */
export function hardenSession(session: HardenedSession, options: HardeningOptions, platform: NodeJS.Platform): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url, options) }));
  session.setSpellCheckerEnabled(false);
  // On macOS the OS spellchecker is used and these two are no-ops.
  if (platform !== 'darwin') {
    session.setSpellCheckerDictionaryDownloadURL(SPELLCHECK_DICTIONARY_URL);
    session.setSpellCheckerLanguages([]);
  }
  session.on('will-download', (event) => event.preventDefault());
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback(null);
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on('select-serial-port', (event, _ports, _webContents, callback) => {
    event.preventDefault();
    callback('');
  });
}

export type HardenedWebContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Every web contents stays on the page main loaded into it: page-initiated
 * navigation and redirects are cancelled (main's own loadURL and reload do
 * not pass through these events), new windows are denied, webviews refused.
 */
export function hardenWebContents(contents: HardenedWebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
