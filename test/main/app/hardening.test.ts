import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { HardenedSession, HardenedWebContents } from '../../../main/app/hardening';
import { hardenSession, hardenWebContents, isAllowedRequestUrl, SPELLCHECK_DICTIONARY_URL } from '../../../main/app/hardening';

const PACKAGED = { devtools: false };
const DEVELOPMENT = { devtools: true };

describe('request blocker', () => {
  const cases: [string, boolean, boolean][] = [
    // url, allowed when packaged, allowed in development
    ['app://vault/index.html', true, true],
    ['app://vault/assets/index-3f2a.js', true, true],
    ['app://vault/assets/font.woff2?v=1', true, true],
    ['data:image/png;base64,iVBORw0KGgo=', true, true],
    ['app://other/index.html', false, false],
    ['app://vault:1234/index.html', false, false],
    ['app://user@vault/index.html', false, false],
    ['https://example.com/', false, false],
    ['https://redirector.gvt1.com/edgedl/chrome/dict/en-us-10-1.bdic', false, false],
    ['http://localhost:5173/', false, false],
    ['http://127.0.0.1/', false, false],
    ['ws://localhost:5173/', false, false],
    ['wss://example.com/socket', false, false],
    ['file:///etc/passwd', false, false],
    ['file:///work/main/out/renderer/index.html', false, false],
    ['ftp://example.com/', false, false],
    ['blob:app://vault/6c1e', false, false],
    ['chrome://gpu', false, false],
    ['chrome-extension://abc/page.html', false, false],
    ['devtools://devtools/bundled/devtools_app.html', false, true],
    [SPELLCHECK_DICTIONARY_URL + 'en-US-10-1.bdic', false, false],
    ['not a url', false, false],
    ['', false, false],
  ];

  it.each(cases)('%s: packaged %s, development %s', (url, packaged, development) => {
    expect(isAllowedRequestUrl(url, PACKAGED)).toBe(packaged);
    expect(isAllowedRequestUrl(url, DEVELOPMENT)).toBe(development);
  });
});

/** A session that records what the hardening installs, so each handler can be called. */
function recordingSession() {
  const events = new EventEmitter();
  const recorded = {
    permissionRequest: null as null | ((...args: unknown[]) => void),
    permissionCheck: null as null | ((...args: unknown[]) => boolean),
    devicePermission: null as null | ((...args: unknown[]) => boolean),
    beforeRequest: null as null | ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void),
    dictionaryUrl: null as string | null,
    languages: null as string[] | null,
    spellcheckEnabled: null as boolean | null,
  };
  const session = {
    setPermissionRequestHandler: (handler: typeof recorded.permissionRequest) => (recorded.permissionRequest = handler),
    setPermissionCheckHandler: (handler: typeof recorded.permissionCheck) => (recorded.permissionCheck = handler),
    setDevicePermissionHandler: (handler: typeof recorded.devicePermission) => (recorded.devicePermission = handler),
    setSpellCheckerDictionaryDownloadURL: (url: string) => (recorded.dictionaryUrl = url),
    setSpellCheckerLanguages: (languages: string[]) => (recorded.languages = languages),
    setSpellCheckerEnabled: (enabled: boolean) => (recorded.spellcheckEnabled = enabled),
    on: (event: string, listener: (...args: unknown[]) => void) => events.on(event, listener),
    webRequest: { onBeforeRequest: (listener: typeof recorded.beforeRequest) => (recorded.beforeRequest = listener) },
  };
  return { session: session as unknown as HardenedSession, recorded, events };
}

function preventable() {
  const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
  return event;
}

describe('session hardening', () => {
  it('denies every permission request and check, and every device', () => {
    const { session, recorded } = recordingSession();
    hardenSession(session, PACKAGED, 'linux');
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal', 'fileSystem']) {
      const answers: boolean[] = [];
      recorded.permissionRequest?.({}, permission, (granted: boolean) => answers.push(granted), {});
      expect([permission, answers]).toEqual([permission, [false]]);
      expect(recorded.permissionCheck?.({}, permission, 'app://vault', {})).toBe(false);
    }
    expect(recorded.devicePermission?.({ deviceType: 'usb', origin: 'app://vault' })).toBe(false);
  });

  it('cancels every request the blocker does not allow', () => {
    const { session, recorded } = recordingSession();
    hardenSession(session, PACKAGED, 'linux');
    const answer = (url: string) => {
      let cancel: boolean | undefined;
      recorded.beforeRequest?.({ url }, (response) => (cancel = response.cancel));
      return cancel;
    };
    expect(answer('app://vault/index.html')).toBe(false);
    expect(answer('https://example.com/')).toBe(true);
    expect(answer('http://localhost:5173/')).toBe(true);
    expect(answer('devtools://devtools/bundled/devtools_app.html')).toBe(true);
  });

  it('turns the spellchecker off and points dictionary downloads at a host that never resolves', () => {
    const { session, recorded } = recordingSession();
    hardenSession(session, PACKAGED, 'win32');
    expect(recorded.spellcheckEnabled).toBe(false);
    expect(recorded.languages).toEqual([]);
    expect(recorded.dictionaryUrl).toBe(SPELLCHECK_DICTIONARY_URL);
    expect(new URL(SPELLCHECK_DICTIONARY_URL).hostname.endsWith('.invalid')).toBe(true);
  });

  it('on macOS, where the OS spellchecker is used, only turns it off', () => {
    const { session, recorded } = recordingSession();
    hardenSession(session, PACKAGED, 'darwin');
    expect(recorded.spellcheckEnabled).toBe(false);
    expect(recorded.dictionaryUrl).toBeNull();
  });

  it('cancels downloads and every device chooser', () => {
    const { session, events } = recordingSession();
    hardenSession(session, PACKAGED, 'linux');
    const download = preventable();
    events.emit('will-download', download, {}, {});
    expect(download.defaultPrevented).toBe(true);
    const chosen: unknown[][] = [];
    const hid = preventable();
    events.emit('select-hid-device', hid, { deviceList: [{ deviceId: 'h1' }] }, (...args: unknown[]) => chosen.push(args));
    const usb = preventable();
    events.emit('select-usb-device', usb, { deviceList: [{ deviceId: 'u1' }] }, (...args: unknown[]) => chosen.push(args));
    const serial = preventable();
    events.emit('select-serial-port', serial, [{ portId: 's1' }], {}, (...args: unknown[]) => chosen.push(args));
    expect([hid, usb, serial].every((event) => event.defaultPrevented)).toBe(true);
    expect(chosen).toEqual([[null], [], ['']]);
  });
});

describe('web contents hardening', () => {
  function hardened() {
    const events = new EventEmitter();
    let openHandler: ((details: { url: string }) => { action: string }) | null = null;
    const contents = {
      on: (event: string, listener: (...args: unknown[]) => void) => events.on(event, listener),
      setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
    };
    hardenWebContents(contents as unknown as HardenedWebContents);
    return { events, openWindow: (url: string) => openHandler?.({ url }) };
  }

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'])('cancels %s, whatever the target', (name) => {
    const { events } = hardened();
    for (const url of ['https://example.com/', 'app://vault/index.html', 'file:///etc/passwd', 'javascript:alert(1)']) {
      const event = preventable();
      events.emit(name, Object.assign(event, { url }), url);
      expect([url, event.defaultPrevented]).toEqual([url, true]);
    }
  });

  it('denies every new window', () => {
    const { openWindow } = hardened();
    for (const url of ['https://example.com/', 'app://vault/index.html', 'about:blank']) {
      expect(openWindow(url)).toEqual({ action: 'deny' });
    }
  });
});
