// @vitest-environment jsdom
import '../../helpers/nodeTypedArrays';
import Database from 'better-sqlite3';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeriveKey } from '../../../../main/vault/kdf';
import { deriveKeyInWorker } from '../../../../main/vault/kdf';
import { App } from '../../../../renderer/App';
import type { BackupStage } from '../../../../shared/domain/backup';
import { renderWithStores } from '../../helpers/renderWithStores';
import { seedSession } from '../../helpers/seed';
import type { TestVault } from '../../helpers/vaultBridge';
import { PASSPHRASE, PSYCH_PASSPHRASE, testVault } from '../../helpers/vaultBridge';

let opened: TestVault[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.map((vault) => vault.dispose()));
  opened = [];
});

async function openSettings() {
  const vault = await testVault();
  opened.push(vault);
  seedSession(vault);
  const user = userEvent.setup();
  const view = renderWithStores(vault.bridge, <App />);
  await user.click(await screen.findByRole('button', { name: 'Settings' }));
  const section = await screen.findByRole('region', { name: 'Backups' });
  return { vault, user, section, stores: view.stores };
}

function backupFiles(vault: TestVault): string[] {
  return readdirSync(vault.host.backupDir ?? '').filter((name) => name.endsWith('.tvbackup'));
}

/** Every stage the backup store was shown, in order, for one operation. */
function stagesSeen(stores: ReturnType<typeof renderWithStores>['stores']): BackupStage[] {
  const seen: BackupStage[] = [];
  stores.backup.subscribe((state) => {
    if (state.progress && seen.at(-1) !== state.progress.stage) seen.push(state.progress.stage);
  });
  return seen;
}

describe('backup settings', () => {
  it('shows the chosen folder by name, saves the automatic backup and warns while there is none', async () => {
    const { vault, user, section } = await openSettings();
    expect(within(section).getByText('none chosen')).toBeTruthy();
    expect(within(section).getByText('No backup folder is chosen, so no automatic backup is made.')).toBeTruthy();

    await user.click(within(section).getByRole('button', { name: 'Choose folder…' }));
    await within(section).findByText('backups');
    expect(section.textContent).not.toContain(vault.host.backupDir ?? '');
    expect(within(section).getByText(/^No automatic backup yet/)).toBeTruthy();

    const keep = within(section).getByLabelText('Number of automatic backups to keep');
    await user.clear(keep);
    await user.type(keep, '0');
    await user.click(within(section).getByRole('button', { name: 'Save backup settings' }));
    expect(within(section).getByText('Enter a whole number from 1 to 365.')).toBeTruthy();
    await user.clear(keep);
    await user.type(keep, '30');
    await user.click(within(section).getByLabelText('Back up automatically when the vault locks (at most once a day)'));
    await user.click(within(section).getByRole('button', { name: 'Save backup settings' }));
    await within(section).findByText('Saved the backup settings');
    expect(await vault.bridge.call['backup.settings']({})).toMatchObject({ ok: true, data: { automatic: false, keep: 30 } });
    expect(within(section).getByText('Automatic backups are off.')).toBeTruthy();
  });

  it('backs up now into the chosen folder and reports the file, with progress stages on the way', async () => {
    const { vault, user, section, stores } = await openSettings();
    const seen = stagesSeen(stores);
    await user.click(within(section).getByRole('button', { name: 'Back up now…' }));
    const done = await within(section).findByText(/^Backed up to therapist-vault-.*\.tvbackup/, undefined, { timeout: 10_000 });
    expect(backupFiles(vault)).toHaveLength(1);
    expect(done.textContent).toContain(backupFiles(vault)[0]);
    // This bridge delivers pushes a task after they are sent, so the last stage can come after the reply and go unshown.
    expect(seen[0]).toBe('copy');
  });

  it('verifies a backup and shows the rows per table; without the passphrase only the file is checked', async () => {
    const { vault, user, section, stores } = await openSettings();
    await user.click(within(section).getByRole('button', { name: 'Back up now…' }));
    await within(section).findByText(/^Backed up to/, undefined, { timeout: 10_000 });

    const verifyForm = within(section).getByRole('form', { name: 'Verify a backup' });
    await user.click(within(verifyForm).getByRole('button', { name: 'Verify a backup…' }));
    await within(verifyForm).findByText('Only the file was checked. Give the passphrase to check that every row decrypts.', undefined, {
      timeout: 10_000,
    });

    const seen = stagesSeen(stores);
    await user.type(within(verifyForm).getByLabelText('Vault passphrase of the backup (optional)'), PASSPHRASE);
    await user.type(within(verifyForm).getByLabelText('Psychotherapy passphrase of the backup (optional)'), PSYCH_PASSPHRASE);
    await user.click(within(verifyForm).getByRole('button', { name: 'Verify a backup…' }));
    const report = await within(verifyForm).findByRole('region', { name: /^Verification of therapist-vault-/ }, { timeout: 15_000 });
    await within(report).findByText('The backup is intact: every row that was checked decrypted and authenticated.');
    expect(within(report).getByText('Matches the file (size and SHA-256)')).toBeTruthy();
    expect(within(report).getByText('SQLite integrity and foreign-key checks passed')).toBeTruthy();
    const rows = within(within(report).getByRole('table', { name: 'Rows per table' })).getAllByRole('row');
    const clients = rows.find((row) => row.textContent?.startsWith('Clients'));
    expect(clients?.textContent).toBe('Clients110');
    // As above: the last stage ('rows') may arrive after the reply.
    expect(seen).toEqual(expect.arrayContaining(['hash', 'structure', 'keys']));
    expect(document.body.innerHTML).not.toContain(PASSPHRASE);
    expect(document.body.innerHTML).not.toContain(vault.host.backupDir ?? '');
  });

  it('lists a tampered row by table and id', async () => {
    const { vault, user, section } = await openSettings();
    await user.click(within(section).getByRole('button', { name: 'Back up now…' }));
    await within(section).findByText(/^Backed up to/, undefined, { timeout: 10_000 });
    const file = join(vault.host.backupDir ?? '', backupFiles(vault)[0] ?? '');
    const db = new Database(file);
    const { id } = db.prepare('SELECT id FROM sessions').get() as { id: string };
    db.prepare('UPDATE sessions SET ciphertext = ? WHERE id = ?').run(Buffer.alloc(64, 7), id);
    db.close();

    const verifyForm = within(section).getByRole('form', { name: 'Verify a backup' });
    await user.type(within(verifyForm).getByLabelText('Vault passphrase of the backup (optional)'), PASSPHRASE);
    await user.click(within(verifyForm).getByRole('button', { name: 'Verify a backup…' }));
    const report = await within(verifyForm).findByRole('region', { name: /^Verification of/ }, { timeout: 15_000 });
    expect(within(report).getByText('The backup has problems; see below. The vault was not changed.')).toBeTruthy();
    expect(within(report).getByText('Does not match the file: it changed after it was made')).toBeTruthy();
    expect(within(report).getByText('Sessions (1)')).toBeTruthy();
    expect(within(report).getByText(id)).toBeTruthy();
  });

  it.each([
    ['a file that is not a vault', 'garbage', /is not a vault.*Try another backup: older ones are kept in the same folder\.$/],
    ['a file that is not there', 'missing', /^The backup file cannot be found\. Connect the drive it is on, or choose another one\.$/],
    ['a backup from a newer app', 'newer', /newer than this app supports.*update the app to open it\.$/],
  ])('names the problem with %s', async (_name, kind, message) => {
    const { vault, user, section } = await openSettings();
    const folder = vault.host.backupDir ?? '';
    if (kind === 'garbage') {
      vault.host.openFile = join(folder, 'notes.tvbackup');
      writeFileSync(vault.host.openFile, 'not a database at all, just text '.repeat(200));
    } else if (kind === 'missing') {
      vault.host.openFile = join(folder, 'gone.tvbackup');
    } else {
      await user.click(within(section).getByRole('button', { name: 'Back up now…' }));
      await within(section).findByText(/^Backed up to/, undefined, { timeout: 10_000 });
      const db = new Database(join(folder, backupFiles(vault)[0] ?? ''));
      db.pragma('user_version = 99');
      db.close();
    }
    const verifyForm = within(section).getByRole('form', { name: 'Verify a backup' });
    await user.click(within(verifyForm).getByRole('button', { name: 'Verify a backup…' }));
    const alert = await within(verifyForm).findByRole('alert', undefined, { timeout: 10_000 });
    expect(alert.textContent).toMatch(message);
    expect(alert.textContent).not.toContain(folder);
  });
});

describe('restoring from settings', () => {
  it('asks first, then replaces the vault with the backup and lands on settings with the report', async () => {
    const { vault, user, section, stores } = await openSettings();
    await user.click(within(section).getByRole('button', { name: 'Back up now…' }));
    await within(section).findByText(/^Backed up to/, undefined, { timeout: 10_000 });
    vault.host.vault.clients.create({ name: 'Added after the backup' });

    const phases: string[] = [];
    stores.vault.subscribe((state) => {
      // While locked for the swap, the restore marker must survive the reset so the window shows the restore.
      if (phases.at(-1) !== state.phase) phases.push(`${state.phase}${stores.backup.getState().running === 'restore' ? ' (restoring)' : ''}`);
    });
    const restoreForm = within(section).getByRole('form', { name: 'Restore from a backup' });
    await user.type(within(restoreForm).getByLabelText('Vault passphrase of the backup'), PASSPHRASE);
    await user.click(within(restoreForm).getByRole('button', { name: 'Restore from backup…' }));
    const dialog = screen.getByRole('dialog', { name: 'Replace this vault with a backup?' });
    expect(dialog.textContent).toContain('kept aside');
    expect(document.activeElement?.textContent).toBe('Cancel');
    await user.click(within(dialog).getByRole('button', { name: 'Choose the backup and restore' }));

    // While the file is swapped the vault is locked, but the window shows the restore, not the lock screen.
    await screen.findByRole('heading', { name: 'Restoring the backup' }, { timeout: 20_000 });
    expect(screen.getByRole('progressbar', { name: /^Restoring: / })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Vault locked' })).toBeNull();
    const notice = await screen.findByText(/^The backup has been restored and the vault is open on it/, undefined, { timeout: 20_000 });
    expect(notice.textContent).toContain('rows checked');
    expect(screen.getByRole('heading', { name: 'Settings', level: 1 })).toBeTruthy();
    expect(phases).toEqual(['locked (restoring)', 'open (restoring)']);
    expect(vault.host.vault.state()).toBe('open');
    expect(vault.host.vault.clients.list().map((client) => client.name)).toEqual(['Ada Quill']);
    expect(readdirSync(vault.host.backupDir ?? '..').length).toBeGreaterThan(0);
    expect(readdirSync(join(vault.host.vault.path, '..')).some((name) => name.startsWith('vault.sqlite.replaced-'))).toBe(true);
  });

  it('refuses a wrong passphrase before touching anything and says which passphrase it wants', async () => {
    const { vault, user, section } = await openSettings();
    await user.click(within(section).getByRole('button', { name: 'Back up now…' }));
    await within(section).findByText(/^Backed up to/, undefined, { timeout: 10_000 });
    vault.host.vault.clients.create({ name: 'Still here afterwards' });

    const restoreForm = within(section).getByRole('form', { name: 'Restore from a backup' });
    await user.type(within(restoreForm).getByLabelText('Vault passphrase of the backup'), 'not the passphrase at all');
    await user.click(within(restoreForm).getByRole('button', { name: 'Restore from backup…' }));
    await user.click(screen.getByRole('button', { name: 'Choose the backup and restore' }));
    const alert = await within(restoreForm).findByRole('alert', undefined, { timeout: 15_000 });
    expect(alert.textContent).toBe(
      'That passphrase does not open this backup; nothing was changed. A backup opens with the passphrase the vault had when the backup was made.',
    );
    expect(vault.host.vault.state()).toBe('open');
    expect(vault.host.vault.clients.list().map((client) => client.name)).toContain('Still here afterwards');
  });

  it('puts the vault back, locked, when the restore fails after the swap, and says so on the lock screen', async () => {
    // The vault's own key derivation fails once on demand: the unlock of the restored copy, after the swap.
    // (Verification before the swap derives its keys in its own worker, so it is unaffected.)
    let failNextDerivation = false;
    const derive: DeriveKey = (passphrase, salt, params) => {
      if (!failNextDerivation) return deriveKeyInWorker(passphrase, salt, params);
      failNextDerivation = false;
      return Promise.reject(new Error('derivation refused by the test'));
    };
    const vault = await testVault({ vault: { derive } });
    opened.push(vault);
    seedSession(vault);
    await vault.bridge.call['backup.create']({});
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <App />);
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const restoreForm = await screen.findByRole('form', { name: 'Restore from a backup' });
    await user.type(within(restoreForm).getByLabelText('Vault passphrase of the backup'), PASSPHRASE);
    await user.click(within(restoreForm).getByRole('button', { name: 'Restore from backup…' }));
    failNextDerivation = true;
    await user.click(screen.getByRole('button', { name: 'Choose the backup and restore' }));

    await screen.findByRole('heading', { name: 'Vault locked' }, { timeout: 20_000 });
    expect(screen.getByRole('alert').textContent).toMatch(
      /^The restore did not finish: .+ Your own vault is back in place; unlock it with its passphrase\.$/,
    );
    expect(vault.host.vault.state()).toBe('locked');
    await user.type(screen.getByLabelText('Passphrase'), PASSPHRASE);
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByRole('heading', { name: 'Today' }, { timeout: 10_000 });
    expect(vault.host.vault.clients.list().map((client) => client.name)).toEqual(['Ada Quill']);
  });

  it('needs the passphrase, and changes nothing when the confirmation or the file dialog is cancelled', async () => {
    const { vault, user, section } = await openSettings();
    const restoreForm = within(section).getByRole('form', { name: 'Restore from a backup' });
    await user.click(within(restoreForm).getByRole('button', { name: 'Restore from backup…' }));
    expect(within(restoreForm).getByText('Enter the vault passphrase the backup was made with.')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.type(within(restoreForm).getByLabelText('Vault passphrase of the backup'), PASSPHRASE);
    await user.click(within(restoreForm).getByRole('button', { name: 'Restore from backup…' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();

    vault.host.openFile = null;
    await user.click(within(restoreForm).getByRole('button', { name: 'Restore from backup…' }));
    await user.click(screen.getByRole('button', { name: 'Choose the backup and restore' }));
    await within(restoreForm).findByText('No file was chosen; nothing was restored.');
    expect(vault.host.vault.state()).toBe('open');
    expect(vault.host.vault.audit.list().some((entry) => entry.event === 'vault.locked')).toBe(false);
  });
});

describe('restoring on the first-run screen', () => {
  it('offers a backup instead of a new vault and opens on it', async () => {
    const source = await testVault();
    opened.push(source);
    seedSession(source, 'Moved Across Client');
    await source.bridge.call['backup.create']({});
    const [fileName] = backupFiles(source);

    const fresh = await testVault({ created: false });
    opened.push(fresh);
    fresh.host.openFile = join(source.host.backupDir ?? '', fileName ?? '');
    const user = userEvent.setup();
    renderWithStores(fresh.bridge, <App />);
    await user.click(await screen.findByRole('button', { name: 'Restore from a backup' }));
    await screen.findByRole('heading', { name: 'Restore from a backup' });
    await user.type(screen.getByLabelText('Vault passphrase of the backup'), PASSPHRASE);
    await user.click(screen.getByRole('button', { name: 'Restore from backup…' }));

    await screen.findByText(/^The backup has been restored/, undefined, { timeout: 20_000 });
    await waitFor(() => expect(fresh.host.vault.state()).toBe('open'));
    expect(fresh.host.vault.clients.list().map((client) => client.name)).toEqual(['Moved Across Client']);
    await user.click(screen.getByRole('button', { name: 'Clients' }));
    await screen.findByText('Moved Across Client');
  });
});
