/**
 * Screenshots of the main screens in light and dark, into docs/screenshots/.
 * Runs the built renderer against a real temporary vault through the test
 * bridge, in Debian's headless Chromium: `npm run screenshots`.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchApp, launchBrowser, settleAnimations } from '../test/e2e/harness';
import { walkScreens } from '../test/e2e/screens';

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

const FIXED_VIEWPORT = new Set(['sign-dialog', 'restore-confirm', 'quick-switcher', 'shortcuts', 'search-results']);

mkdirSync(OUT_DIR, { recursive: true });
const browser = await launchBrowser();
const app = await launchApp(browser);
try {
  await walkScreens(app.page, async (name) => {
    if (!SCREENS.has(name)) return;
    for (const colorScheme of ['light', 'dark'] as const) {
      await app.page.emulateMedia({ colorScheme });
      await settleAnimations(app.page);
      // A modal dialog is pinned to the viewport; a full-page capture would dim only part of the page.
      const fullPage = !FIXED_VIEWPORT.has(name);
      await app.page.screenshot({ path: `${OUT_DIR}${name}-${colorScheme}.png`, fullPage, animations: 'disabled' });
    }
    await app.page.emulateMedia({ colorScheme: 'light' });
    console.log(`screenshots: ${name}`);
  });
  if (app.problems.length > 0) throw new Error(`The page reported problems: ${app.problems.join('; ')}`);
} finally {
  await app.close();
  await browser.close();
}
