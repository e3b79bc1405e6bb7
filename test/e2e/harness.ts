import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { VaultOptions } from '../../main/vault/vault';
import { buildRenderer } from './testBridge/buildRenderer';
import type { TestBridge } from './testBridge/server';
import { AXE_PATH, startTestBridge } from './testBridge/server';
import type { VaultHost } from './testBridge/vaultHost';
import { hostVault } from './testBridge/vaultHost';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

export interface RunningApp {
  page: Page;
  host: VaultHost;
  bridge: TestBridge;
  /** Console messages about blocked content (CSP) and uncaught page errors, for asserting none. */
  problems: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A fresh vault file, the built renderer behind the test bridge, and a page showing it. */
export async function launchApp(browser: Browser, options: VaultOptions = {}): Promise<RunningApp> {
  const dir = mkdtempSync(join(tmpdir(), 'tv-e2e-'));
  const rendererDir = await buildRenderer();
  const host = await hostVault(dir, options);
  const bridge = await startTestBridge(rendererDir, host);
  const context = await browser.newContext({
    viewport: { width: 1180, height: 860 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(bridge.url);
  return {
    page,
    host,
    bridge,
    problems,
    async close() {
      await context.close();
      await bridge.close();
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Loads axe-core from the test server's own origin (the CSP allows only 'self'). */
export async function injectAxe(page: Page): Promise<void> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ url: AXE_PATH });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core on the page as it is now, in light and then dark, and returns
 * every serious or critical violation as a line naming the screen, the
 * scheme, the rule and where. The page is left in light.
 */
export async function seriousAxeViolations(page: Page, screen: string): Promise<string[]> {
  await injectAxe(page);
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await settleAnimations(page);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target }) => ({ target })) }));
    });
    for (const violation of violations) {
      if (violation.impact === 'serious' || violation.impact === 'critical') {
        found.push(`${screen} (${colorScheme}): ${violation.id} ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

/**
 * Waits for the colour transitions a scheme switch starts, so contrast and pictures show the settled colours.
 * Bounded: a transition cancelled by a re-render never settles its promise, and every one here lasts 120 ms.
 */
export async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.race([Promise.allSettled(document.getAnimations().map((animation) => animation.finished)), new Promise((resolve) => setTimeout(resolve, 1000))]),
  );
}
