import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../main/app/contentSecurityPolicy';
import { APP_ENTRY_URL, APP_SCHEME, createAppRequestHandler, resolveAppFile } from '../../../main/app/protocol';
import { tempDir } from '../../helpers/tempVault';

let root: string;
let outside: string;
let cleanup: () => void;

beforeAll(() => {
  const made = tempDir();
  cleanup = made.cleanup;
  root = join(made.dir, 'renderer');
  outside = made.dir;
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>vault</title>');
  writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'blob.bin'), 'x');
  writeFileSync(join(outside, 'secret.txt'), 'SECRET-OUTSIDE-ROOT');
  // A sibling folder whose name starts with the root's name: a naive prefix check would let it through.
  mkdirSync(join(outside, 'renderer-evil'));
  writeFileSync(join(outside, 'renderer-evil', 'x.js'), 'SECRET-SIBLING');
});
afterAll(() => cleanup());

describe('app scheme', () => {
  it('is registered standard and secure, and does not bypass the CSP', () => {
    expect(APP_SCHEME.scheme).toBe('app');
    expect(APP_SCHEME.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME.privileges?.bypassCSP).toBeUndefined();
    expect(APP_ENTRY_URL).toBe('app://vault/index.html');
  });
});

describe('resolveAppFile', () => {
  it('maps app page URLs to files under the root', () => {
    expect(resolveAppFile(root, 'app://vault/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://vault/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://vault/assets/index.js?v=2#x')).toBe(join(root, 'assets', 'index.js'));
  });

  it.each([
    'app://vault/../secret.txt',
    'app://vault/%2e%2e/secret.txt',
    'app://vault/%2E%2E%2Fsecret.txt',
    'app://vault/assets/%2e%2e/%2e%2e/secret.txt',
    'app://vault/..%2fsecret.txt',
    'app://vault/..%5csecret.txt',
    'app://vault/%5c..%5csecret.txt',
    'app://vault/%2fetc%2fpasswd',
    'app://vault//etc/passwd',
    'app://vault/index.html%00.js',
    'app://vault/%E0%A4%A',
    'app://vault/../renderer-evil/x.js',
    'app://vault/%2e%2e/renderer-evil/x.js',
    'app://other/index.html',
    'file:///etc/passwd',
    'https://vault/index.html',
  ])('never leaves the root for %s', (url) => {
    const file = resolveAppFile(root, url);
    expect(file === null || file.startsWith(join(root, '/'))).toBe(true);
  });

  it('refuses encoded traversal, encoded separators, NUL and other origins outright', () => {
    for (const url of [
      'app://vault/%2E%2E%2Fsecret.txt',
      'app://vault/..%2fsecret.txt',
      'app://vault/..%5csecret.txt',
      'app://vault/index.html%00.js',
      'app://vault/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      expect([url, resolveAppFile(root, url)]).toEqual([url, null]);
    }
  });
});

describe('app protocol handler', () => {
  const handle = () => createAppRequestHandler(root);

  it('serves the page with the CSP and a content type', async () => {
    const response = await handle()(new Request('app://vault/index.html'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>vault</title>');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves scripts and styles with their types, unknown files as opaque bytes', async () => {
    expect((await handle()(new Request('app://vault/assets/index.js'))).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await handle()(new Request('app://vault/assets/index.css'))).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await handle()(new Request('app://vault/assets/blob.bin'))).headers.get('content-type')).toBe('application/octet-stream');
  });

  it.each([
    'app://vault/%2e%2e/secret.txt',
    'app://vault/..%2fsecret.txt',
    'app://vault/%2e%2e/renderer-evil/x.js',
    'app://vault/missing.js',
    'app://vault/assets/',
    'app://other/index.html',
  ])('answers 404 with nothing from disk to %s', async (url) => {
    const response = await handle()(new Request(url));
    expect(response.status).toBe(404);
    const body = await response.text();
    expect(body).not.toContain('SECRET');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses writes and answers HEAD without a body', async () => {
    expect((await handle()(new Request('app://vault/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    const head = await handle()(new Request('app://vault/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
