/*
 * Where the app's own page lives: a custom scheme and one host, served by
 * main/app from the built renderer files. Only the top frame of that page may
 * call the vault; any other frame (a stray iframe, a page loaded by a bug,
 * devtools) is refused before its request is read.
 */

export interface AppOrigin {
  scheme: string;
  host: string;
}

/** The part of Electron's IpcMainInvokeEvent the check reads. */
export interface SenderFrame {
  url: string;
  /** null for the top frame of a page. */
  parent: unknown;
}

export interface SenderEvent {
  senderFrame: SenderFrame | null;
}

/** True only for a URL on exactly the app's scheme and host, with no user info or port. */
export function isAppPageUrl(url: string, origin: AppOrigin): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${origin.scheme}:` &&
    parsed.host === origin.host &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  );
}

/**
 * A destroyed frame makes Electron's getters throw, so every read is guarded:
 * anything unexpected is an untrusted sender.
 */
export function isTrustedSender(event: SenderEvent, origin: AppOrigin): boolean {
  try {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return typeof frame.url === 'string' && isAppPageUrl(frame.url, origin);
  } catch {
    return false;
  }
}
