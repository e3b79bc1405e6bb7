import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addClient,
  askToRestore,
  backUpNow,
  changePassphrase,
  confirmRecoveryKey,
  createVault,
  goToClients,
  goToSettings,
  lock,
  PASSPHRASE,
  PSYCH_PASSPHRASE,
  unlock,
  verifyBackup,
} from './flows';
import type { RunningApp } from './harness';
import { seriousAxeViolations } from './harness';
import { canariesInHeap, canaryPlacesInPage } from './leaks';
import { NEWEST_BACKUP } from './testBridge/vaultHost';
import { useRunningApp } from './runningApp';

const NEW_PASSPHRASE = 'amber meadow telescope forty';
const NEW_PSYCH_PASSPHRASE = 'silver canyon whistle eleven';
const KEPT_CLIENT = 'Rowan Ellery Whitcombe';
const LATER_CLIENT = 'CANARY-AFTER-BACKUP Imogen Castellanos';

const app = useRunningApp();
let newComputer: RunningApp | undefined;
let backupFile = '';
const axeFindings: string[] = [];

describe('passphrases and backups in the built renderer over the real vault', () => {
  it('changes both passphrases: after a lock the old vault passphrase fails and the new one opens', async () => {
    const { page } = app;
    await createVault(page);
    await confirmRecoveryKey(page);
    await goToSettings(page);
    await changePassphrase(page, 'vault', PASSPHRASE, NEW_PASSPHRASE);
    await changePassphrase(page, 'psychotherapy', PSYCH_PASSPHRASE, NEW_PSYCH_PASSPHRASE);
    axeFindings.push(...(await seriousAxeViolations(page, 'settings after passphrase changes')));

    await lock(page);
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').getByText('That passphrase does not open this vault.').waitFor();
    await unlock(page, NEW_PASSPHRASE);

    const { vault } = app.host;
    await expect(vault.openPsychotherapy(PSYCH_PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await vault.openPsychotherapy(NEW_PSYCH_PASSPHRASE);
    vault.closePsychotherapy();
  });

  it('shows the progress of a verify while main’s file dialog is open', async () => {
    const { page, host } = app;
    await goToSettings(page);
    let choose: () => void = () => undefined;
    host.dialogsWaitFor = new Promise((resolve) => {
      choose = resolve;
    });
    await page.getByRole('button', { name: 'Verify a backup…' }).click();
    const bar = page.getByRole('progressbar', { name: 'Verifying: choose the backup file in the dialog…' });
    await bar.waitFor();
    axeFindings.push(...(await seriousAxeViolations(page, 'verify waiting for the file dialog')));
    host.dialogsWaitFor = null;
    host.openFile = null;
    choose();
    await page.getByText('No file was chosen; nothing was checked.').waitFor();
    expect(await bar.count()).toBe(0);
  });

  it('backs up now into the chosen folder, and verifying the backup shows the rows per table', async () => {
    const { page, host } = app;
    host.openFile = NEWEST_BACKUP;
    await goToClients(page);
    await addClient(page, { name: KEPT_CLIENT, chartNumber: 'K-1' });
    await goToSettings(page);
    await page.getByRole('button', { name: 'Choose folder…' }).click();
    await page.getByText('Backup folder: backups').waitFor();
    backupFile = await backUpNow(page);
    expect(backupFile).toMatch(/^therapist-vault-.+\.tvbackup$/);

    await verifyBackup(page, { vault: NEW_PASSPHRASE, psychotherapy: NEW_PSYCH_PASSPHRASE });
    const report = page.getByRole('region', { name: `Verification of ${backupFile}` });
    await report.getByText('The backup is intact: every row that was checked decrypted and authenticated.').waitFor();
    const table = report.getByRole('table', { name: 'Rows per table' });
    const cells = async (name: string) => table.getByRole('row', { name: new RegExp(`^${name} `) }).getByRole('cell').allTextContents();
    expect(await cells('Clients')).toEqual(['1', '1', '0']);
    expect(await cells('Psychotherapy notes')).toEqual(['0', '0', '0']);
    expect(Number((await cells('Audit log'))[1])).toBeGreaterThan(3);
    expect(await report.getByText('Opened', { exact: true }).count()).toBe(2);
    axeFindings.push(...(await seriousAxeViolations(page, 'settings with a verify report')));
  });

  it('restores the backup after asking: what was written after it is gone, from the vault and from the page', async () => {
    const { page } = app;
    await goToClients(page);
    await addClient(page, { name: LATER_CLIENT });
    // The probe finds the client while the page shows it; after the restore it must find nothing.
    expect(await canariesInHeap(page, [LATER_CLIENT])).toEqual([LATER_CLIENT]);
    await goToSettings(page);
    await askToRestore(page, NEW_PASSPHRASE);
    axeFindings.push(...(await seriousAxeViolations(page, 'restore confirmation')));
    await page.getByRole('dialog').getByRole('button', { name: 'Choose the backup and restore' }).click();

    await page.getByText(/^The backup has been restored and the vault is open on it/).waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    axeFindings.push(...(await seriousAxeViolations(page, 'settings after a restore')));
    expect(await canaryPlacesInPage(page, [LATER_CLIENT, 'CANARY-'])).toEqual([]);
    expect(await canariesInHeap(page, [LATER_CLIENT])).toEqual([]);

    await goToClients(page);
    await page.getByRole('list', { name: 'Clients' }).getByText(KEPT_CLIENT).waitFor();
    expect(await page.getByText(LATER_CLIENT).count()).toBe(0);
    expect(app.host.vault.clients.list().map((client) => client.name)).toEqual([KEPT_CLIENT]);
  });

  it('on a new computer, restores the backup from the first-run screen', async () => {
    newComputer = await app.launchAnother();
    const { page, host } = newComputer;
    host.openFile = join(app.host.backupDir ?? '', backupFile);
    await page.getByRole('button', { name: 'Restore from a backup' }).click();
    await page.getByRole('heading', { name: 'Restore from a backup' }).waitFor();
    axeFindings.push(...(await seriousAxeViolations(page, 'first-run restore')));
    await page.getByLabel('Vault passphrase of the backup', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Restore from backup…' }).click();
    await page.getByText(/^The backup has been restored/).waitFor({ timeout: 30_000 });
    await goToClients(page);
    await page.getByRole('list', { name: 'Clients' }).getByText(KEPT_CLIENT).waitFor();
    await lock(page);
    await unlock(page, NEW_PASSPHRASE);
  });

  it('has no serious accessibility finding in any of those states, and nothing the CSP blocked', () => {
    expect(axeFindings).toEqual([]);
    expect(app.problems).toEqual([]);
    expect(newComputer?.problems).toEqual([]);
  });
});
