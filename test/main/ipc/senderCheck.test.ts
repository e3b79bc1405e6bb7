import { describe, expect, it } from 'vitest';
import { isAppPageUrl, isTrustedSender } from '../../../main/ipc/senderCheck';

const ORIGIN = { scheme: 'app', host: 'vault' };
const topFrame = (url: string) => ({ senderFrame: { url, parent: null } });

describe('isAppPageUrl', () => {
  it.each([
    'app://vault/index.html',
    'app://vault/',
    'app://vault/index.html?x=1#clients',
  ])('accepts the app page %s', (url) => {
    expect(isAppPageUrl(url, ORIGIN)).toBe(true);
  });

  it.each([
    'app://evil/index.html',
    'app://vault.evil/index.html',
    'app://vault:8080/index.html',
    'app://user:pass@vault/index.html',
    'app://user@vault/index.html',
    'https://vault/index.html',
    'http://localhost:5173/',
    'file:///work/main/out/renderer/index.html',
    'devtools://devtools/bundled/inspector.html',
    'data:text/html,<script>1</script>',
    'about:blank',
    'javascript:alert(1)',
    'vault/index.html',
    '',
    'app:vault/index.html',
  ])('refuses %s', (url) => {
    expect(isAppPageUrl(url, ORIGIN)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts the top frame of the app page', () => {
    expect(isTrustedSender(topFrame('app://vault/index.html'), ORIGIN)).toBe(true);
  });

  it('refuses a subframe even on the app origin', () => {
    const event = { senderFrame: { url: 'app://vault/index.html', parent: { url: 'app://vault/index.html' } } };
    expect(isTrustedSender(event, ORIGIN)).toBe(false);
  });

  it('refuses a missing (destroyed or navigated) frame', () => {
    expect(isTrustedSender({ senderFrame: null }, ORIGIN)).toBe(false);
  });

  it('refuses a frame whose getters throw, as Electron does for a disposed frame', () => {
    const frame = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
      parent: null,
    };
    expect(isTrustedSender({ senderFrame: frame }, ORIGIN)).toBe(false);
  });

  it('refuses a top frame on any other page', () => {
    expect(isTrustedSender(topFrame('https://example.com/'), ORIGIN)).toBe(false);
    expect(isTrustedSender(topFrame('file:///etc/passwd'), ORIGIN)).toBe(false);
  });
});
