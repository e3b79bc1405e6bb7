/**
 * Screenshots of the main screens in light and dark, into docs/screenshots/.
 * Runs the built renderer against a real temporary vault through the test
 * bridge, in Debian's headless Chromium: `npm run screenshots`. Screen names
 * given as arguments take only those (`npm run screenshots -- note-conflict`).
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { RunningApp } from '../test/e2e/harness';
import { launchApp, launchBrowser, settleAnimations } from '../test/e2e/harness';
import { walkScreens } from '../test/e2e/screens';
import { walkSyncScreens } from '../test/e2e/syncScreens';

const OUT_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const SCREENS = new Set([
  'create-vault',
  'create-restore',
  'create-join',
  'recovery-key',
  'backup-setup',
  'today',
  'quick-switcher',
  'shortcuts',
  'clients',
  'client-page',
  'agenda',
  'authorization-form',
  'authorizations',
  'export-form',
  'diagnosis-picker',
  'treatment-plan-editor',
  'treatment-plan',
  'measure-form',
  'session-measures',
  'client-measures',
  'session-editor',
  'sign-dialog',
  'signed-note',
  'psychotherapy-sealed',
  'psychotherapy-open',
  'client-psychotherapy',
  'search-results',
  'settings',
  'settings-backups',
  'settings-sync',
  'template-editor',
  'restore-confirm',
  'idle-warning',
  'unlock-throttled',
  'unlock-recovery',
]);

const SYNC_SCREENS = new Set([
  'settings-sync-conflicts',
  'sync-conflicts',
  'sync-conflict-note',
  'sync-conflict-signed',
  'sync-conflict-plan',
  'note-conflict',
  'psychotherapy-conflict',
  'restore-refused',
  'create-join-refused',
  'create-join-throttled',
  'create-join-progress',
]);

const FIXED_VIEWPORT = new Set([
  'sign-dialog',
  'restore-confirm',
  'quick-switcher',
  'shortcuts',
  'search-results',
  'sync-conflicts',
  'sync-conflict-note',
  'sync-conflict-signed',
  'sync-conflict-plan',
]);

const asked = new Set(process.argv.slice(2));
const unknown = [...asked].filter((name) => !SCREENS.has(name) && !SYNC_SCREENS.has(name));
if (unknown.length > 0) throw new Error(`No such screen: ${unknown.join(', ')}`);
const wanted = (names: Set<string>) => new Set([...names].filter((name) => asked.size === 0 || asked.has(name)));

async function capture(page: Page, names: Set<string>, name: string): Promise<void> {
  if (!names.has(name)) return;
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await settleAnimations(page);
    // A modal dialog is pinned to the viewport; a full-page capture would dim only part of the page.
    const fullPage = !FIXED_VIEWPORT.has(name);
    await page.screenshot({ path: `${OUT_DIR}${name}-${colorScheme}.png`, fullPage, animations: 'disabled' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  console.log(`screenshots: ${name}`);
}

mkdirSync(OUT_DIR, { recursive: true });
const browser = await launchBrowser();
const apps: RunningApp[] = [];
const launch = async () => {
  const app = await launchApp(browser);
  apps.push(app);
  return app;
};
try {
  const screens = wanted(SCREENS);
  if (screens.size > 0) {
    const app = await launch();
    await walkScreens(app.page, (name) => capture(app.page, screens, name));
  }
  const syncScreens = wanted(SYNC_SCREENS);
  if (syncScreens.size > 0) await walkSyncScreens(await launch(), launch, (page, name) => capture(page, syncScreens, name));
  const problems = apps.flatMap((app) => app.problems);
  if (problems.length > 0) throw new Error(`The page reported problems: ${problems.join('; ')}`);
} finally {
  for (const app of apps) await app.close();
  await browser.close();
}
