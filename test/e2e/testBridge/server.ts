import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { extname, join, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../main/app/contentSecurityPolicy';
import type { EventName } from '../../../shared/ipc/events';
import { SHIM_PATH, shimSource } from './shim';
import type { VaultHost } from './vaultHost';

export const AXE_PATH = '/axe.min.js';
const AXE_FILE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const MAX_BODY_BYTES = 1024 * 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const LOOPBACK = new Set(['127.0.0.1', '::ffff:127.0.0.1']);

export interface TestBridge {
  url: string;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The built index.html with the shim loaded first: a classic script runs before the deferred app module. */
function withShim(html: string): string {
  return html.replace('<head>', `<head>\n    <script src=".${SHIM_PATH}"></script>`);
}

/**
 * The loopback-only test bridge (never shipped): serves the built renderer
 * with the production CSP, the bridge shim, and /ipc/<channel> and /events
 * over the real dispatcher. Only 127.0.0.1, only its own Host header, JSON
 * only, so nothing but the test browser on this machine can reach the vault.
 */
export async function startTestBridge(rendererDir: string, host: VaultHost): Promise<TestBridge> {
  const root = resolve(rendererDir);
  const streams = new Set<ServerResponse>();
  let expectedHost = '';

  const unsubscribe = host.subscribe((event: EventName, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const stream of streams) stream.write(frame);
  });

  const serveFile = async (pathname: string, response: ServerResponse) => {
    const relativePath = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).slice(1);
    const file = resolve(root, relativePath);
    if (!file.startsWith(root + sep)) return send(response, 404, 'text/plain', 'Not found');
    try {
      const body = await readFile(file);
      if (file === join(root, 'index.html')) return send(response, 200, CONTENT_TYPES['.html']!, withShim(body.toString('utf8')));
      return send(response, 200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body);
    } catch {
      return send(response, 404, 'text/plain', 'Not found');
    }
  };

  const server = createServer((request, response) => {
    void (async () => {
      if (!LOOPBACK.has(request.socket.remoteAddress ?? '') || request.headers.host !== expectedHost) {
        return send(response, 403, 'text/plain', 'Forbidden');
      }
      const { pathname } = new URL(request.url ?? '/', `http://${expectedHost}`);
      if (request.method === 'POST' && pathname.startsWith('/ipc/')) {
        if (!request.headers['content-type']?.startsWith('application/json')) return send(response, 415, 'text/plain', 'JSON only');
        let payload: unknown;
        try {
          payload = JSON.parse(await readBody(request));
        } catch {
          return send(response, 400, 'text/plain', 'Bad request');
        }
        const result = await host.dispatch(decodeURIComponent(pathname.slice('/ipc/'.length)), payload);
        return send(response, 200, 'application/json', JSON.stringify(result));
      }
      if (request.method !== 'GET') return send(response, 405, 'text/plain', 'Method not allowed');
      if (pathname === '/events') {
        response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        response.write(': connected\n\n');
        streams.add(response);
        request.on('close', () => streams.delete(response));
        return undefined;
      }
      if (pathname === SHIM_PATH) return send(response, 200, CONTENT_TYPES['.js']!, shimSource());
      if (pathname === AXE_PATH) return send(response, 200, CONTENT_TYPES['.js']!, await readFile(AXE_FILE));
      return serveFile(pathname, response);
    })().catch(() => {
      if (!response.headersSent) send(response, 500, 'text/plain', 'Internal error');
      else response.end();
    });
  });

  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  expectedHost = `127.0.0.1:${port}`;

  return {
    url: `http://${expectedHost}/`,
    async close() {
      unsubscribe();
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
