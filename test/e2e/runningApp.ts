// The app a test file drives: one browser and one fresh vault behind the built
// renderer, launched before the file's tests and closed after them, with any
// further app the file launches in the same browser.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { VaultOptions } from '../../main/vault/vault';
import type { RunningApp } from './harness';
import { launchApp, launchBrowser } from './harness';

export interface FileApp extends RunningApp {
  /** Another app with a fresh vault in the same browser (a second computer, a first run); closed with the file's. */
  launchAnother(options?: VaultOptions): Promise<RunningApp>;
}

/** Call at the top of a test file; read the returned app's fields inside hooks and tests, once it has launched. */
export function useRunningApp(options: VaultOptions = {}): FileApp {
  let browser: Browser | undefined;
  let app: RunningApp | undefined;
  const others: RunningApp[] = [];
  const running = (): RunningApp => {
    if (!app) throw new Error('The app has not launched yet: use it inside a hook or test');
    return app;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await launchApp(browser, options);
  });

  afterAll(async () => {
    for (const other of others) await other.close();
    await app?.close();
    await browser?.close();
  });

  return {
    get page() {
      return running().page;
    },
    get host() {
      return running().host;
    },
    get bridge() {
      return running().bridge;
    },
    get problems() {
      return running().problems;
    },
    close: () => running().close(),
    async launchAnother(otherOptions = {}) {
      if (!browser) throw new Error('The browser has not launched yet');
      const other = await launchApp(browser, otherOptions);
      others.push(other);
      return other;
    },
  };
}
