import type { CustomScheme } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { AppOrigin } from '../ipc/senderCheck';
import { isAppPageUrl } from '../ipc/senderCheck';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';

/**
 * The renderer is served from the built files on disk under one custom
 * origin, app://vault, in development and in the packaged app alike: never
 * from a web server, never from file:// (whose pages share one origin with
 * every other local file).
 */
export const APP_ORIGIN: AppOrigin = { scheme: 'app', host: 'vault' };
export const APP_ENTRY_URL = `${APP_ORIGIN.scheme}://${APP_ORIGIN.host}/index.html`;

/**
 * standard: real origin, relative URLs and web storage; secure: a secure
 * context like https; the scheme does not bypass the CSP.
 */
export const APP_SCHEME: CustomScheme = {
  scheme: APP_ORIGIN.scheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/**
 * Maps an app:// URL to a file inside `root`, or null. Percent-encoded dots,
 * slashes and backslashes are decoded before the check, and the resolved path
 * must stay inside root, so no request reaches another file on disk.
 */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  if (!isAppPageUrl(requestUrl, APP_ORIGIN)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  const base = resolve(root);
  const file = resolve(base, relative);
  return file.startsWith(base + sep) ? file : null;
}

function headers(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: headers('text/plain; charset=utf-8') });
}

export type ReadFile = (path: string) => Promise<Uint8Array>;

/** The protocol.handle handler for app://: read-only, GET and HEAD, files under root only. */
export function createAppRequestHandler(root: string, read: ReadFile = readFile): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: headers('text/plain; charset=utf-8') });
    }
    const file = resolveAppFile(root, request.url);
    if (!file) return notFound();
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      return notFound();
    }
    const contentType = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: headers(contentType) });
  };
}
