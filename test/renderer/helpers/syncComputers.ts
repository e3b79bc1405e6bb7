/*
 * Sync in the renderer's tests: a folder beside the test vault that its folder
 * dialog answers with (as the therapist choosing it would), Settings → Sync
 * turned on through the window or through main, and other computers joined
 * from the folder as real vault files. Everything made is handed to `track`,
 * so a failing test leaves no vault open behind it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, screen, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { afterEach } from 'vitest';
import { joinFromFolder } from '../../../main/sync/join';
import { exchange } from '../../../main/sync/vaultFolderSync';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import type { Vault } from '../../../main/vault/vaultApi';
import { seedSession } from './seed';
import type { TestVault } from './vaultBridge';
import { PASSPHRASE, PSYCH_PASSPHRASE, testVault } from './vaultBridge';

export type Cleanup = () => Promise<void> | void;
export type Track = (cleanup: Cleanup) => void;

/** Call at a test file's top level: what a test hands the returned `track` is closed after it, last made first, once the window is unmounted. */
export function cleanupAfterEach(): Track {
  let cleanups: Cleanup[] = [];
  afterEach(async () => {
    cleanup();
    for (const one of cleanups.reverse()) await one();
    cleanups = [];
  });
  return (one) => void cleanups.push(one);
}

/** This computer's test vault with a client and a session (seedSession); `desktop` is its vault. */
export async function seededVault(track: Track) {
  const vault = await testVault();
  track(() => vault.dispose());
  const { client, session } = seedSession(vault);
  return { vault, desktop: vault.host.vault, client, session };
}

/**
 * Sync turned on through main as Office desktop, what the vault holds sent,
 * and a laptop joined from the folder. `fromLaptop`: the laptop exchanges,
 * then this computer, so what the laptop saved is here; `toLaptop`: this
 * computer, then the laptop.
 */
export async function syncingWithLaptop(vault: TestVault, track: Track) {
  const folder = syncFolderFor(vault);
  await vault.host.dispatch('sync.chooseFolder', { deviceName: 'Office desktop' });
  await vault.host.dispatch('sync.runNow', {});
  const laptop = await joinedComputer(folder, 'Laptop', track);
  return {
    folder,
    laptop,
    async fromLaptop() {
      await exchange(laptop.syncContext(), folder);
      await vault.host.dispatch('sync.runNow', {});
    },
    async toLaptop() {
      await vault.host.dispatch('sync.runNow', {});
      await exchange(laptop.syncContext(), folder);
    },
  };
}

/** A psychotherapy note saying `text`, written here before a laptop joined; both computers have that compartment open. */
export async function psychotherapyNoteOnBothComputers(track: Track, text: string) {
  const { vault, desktop, client, session } = await seededVault(track);
  await desktop.openPsychotherapy(PSYCH_PASSPHRASE);
  const note = desktop.psychotherapyNotes.create({ sessionId: session.id, text });
  const { laptop, fromLaptop } = await syncingWithLaptop(vault, track);
  await laptop.openPsychotherapy(PSYCH_PASSPHRASE);
  return { vault, desktop, client, session, note, laptop, fromLaptop };
}

/** Makes `name` beside the vault and has the folder dialog answer with it. */
export function syncFolderFor(vault: TestVault, name = 'Dropbox'): string {
  const folder = join(vault.host.backupDir ?? '', '..', name);
  mkdirSync(folder);
  vault.host.backupDir = folder;
  return folder;
}

/** Opens Settings → Sync, names this computer and chooses the folder; resolves once the first exchange is done. */
export async function turnOnSyncInSettings(user: UserEvent, deviceName = 'Office desktop'): Promise<HTMLElement> {
  await user.click(await screen.findByRole('button', { name: 'Settings' }));
  const section = await screen.findByRole('region', { name: 'Sync between computers' });
  await user.type(within(section).getByLabelText(/^Name of this computer/), deviceName);
  await user.click(within(section).getByRole('button', { name: 'Choose sync folder…' }));
  await within(section).findByText(/^Up to date with the folder as of /, undefined, { timeout: 10_000 });
  return section;
}

/** Another computer joined from `folder` with the vault passphrase, its file beside the folder; `track` closes it. */
export async function joinedComputer(folder: string, deviceName: string, track: Track): Promise<Vault> {
  const other = await joinFromFolder({
    chosenFolder: folder,
    passphrase: PASSPHRASE,
    path: join(folder, '..', `${deviceName}.sqlite`),
    deviceName,
    vaultOptions: { kdf: DEFAULT_KDF_PARAMS },
  });
  track(() => other.close());
  return other;
}
