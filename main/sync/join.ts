/*
 * A second device joins from the folder with the passphrase (docs/SYNC.md
 * section 7): the newest keys file whose progress passphrase slot opens and
 * whose MAC then verifies gives the vault id and every slot; a new vault file
 * takes them, a device id of its own and the name the therapist gives it,
 * then imports every batch in the folder, reporting progress per file.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { SyncError, VaultError } from '../../shared/errors';
import { openDatabase } from '../vault/db';
import type { DeriveKey } from '../vault/kdf';
import { deriveKeyInWorker } from '../vault/kdf';
import type { KeySlot } from '../vault/keySlots';
import { openPassphraseSlot } from '../vault/keySlots';
import { insertSlot, writeVaultId } from '../vault/slotStore';
import type { Sodium } from '../vault/sodium';
import { loadSodium, wipe } from '../vault/sodium';
import type { VaultOptions } from '../vault/vault';
import { openVault } from '../vault/vault';
import type { Vault } from '../vault/vaultApi';
import { nameThisDevice } from './devices';
import { vaultFolder } from './folder';
import { listKeysFiles, parseKeysFile, verifyKeysFile } from './keysFile';
import type { ExchangeProgress } from './vaultFolderSync';
import { exchange } from './vaultFolderSync';

const VAULT_FOLDER = /^therapist-vault-([0-9a-f]{32})$/;

export interface JoinOptions {
  /** The folder the therapist chose inside the synced tree. */
  chosenFolder: string;
  passphrase: string;
  /** Where this device's vault file goes; nothing may be there yet. */
  path: string;
  deviceName: string;
  vaultOptions?: VaultOptions;
  onProgress?: (progress: ExchangeProgress) => void;
}

/** The vaults in the chosen folder, by id. */
export async function vaultsInFolder(chosenFolder: string): Promise<string[]> {
  const names = await readdir(chosenFolder).catch(() => {
    throw new SyncError('SYNC_FOLDER_MISSING', 'The sync folder is not there');
  });
  return names.flatMap((name) => {
    const match = VAULT_FOLDER.exec(name);
    return match ? [match[1] as string] : [];
  });
}

/** The slots of the newest keys file this passphrase opens and whose MAC verifies; WRONG_PASSPHRASE when none does. */
async function openKeys(sodium: Sodium, derive: DeriveKey, root: string, vaultId: string, passphrase: string): Promise<KeySlot[]> {
  const files = await listKeysFiles(root);
  if (files.length === 0) throw new SyncError('SYNC_NO_KEYS', 'The sync folder holds no keys file yet');
  for (const entry of files) {
    let parsed: ReturnType<typeof parseKeysFile>;
    try {
      parsed = parseKeysFile(sodium, new Uint8Array(await readFile(entry.path)));
    } catch (error) {
      if (error instanceof SyncError) continue;
      throw error;
    }
    if (parsed.file.vaultId !== vaultId || parsed.file.keyVersion !== entry.keyVersion || parsed.file.n !== entry.n) continue;
    for (const slot of parsed.file.slots.filter((one) => one.compartment === 'progress' && one.kind === 'passphrase')) {
      const opened = await openPassphraseSlot(sodium, derive, vaultId, slot, passphrase);
      if (!opened) continue;
      const verified = verifyKeysFile(sodium, { version: slot.keyVersion, key: opened.key }, parsed);
      wipe(sodium, opened.key);
      if (verified) return parsed.file.slots;
    }
  }
  throw new VaultError('WRONG_PASSPHRASE', 'The passphrase opens no keys file in the sync folder');
}

export async function joinFromFolder(options: JoinOptions): Promise<Vault> {
  if (existsSync(options.path)) throw new VaultError('VAULT_EXISTS', 'A vault file is already there');
  const sodium = await loadSodium();
  const vaults = await vaultsInFolder(options.chosenFolder);
  if (vaults.length !== 1) throw new SyncError('SYNC_NO_KEYS', vaults.length === 0 ? 'The sync folder holds no vault' : 'The sync folder holds more than one vault');
  const vaultId = vaults[0] as string;
  const slots = await openKeys(sodium, options.vaultOptions?.derive ?? deriveKeyInWorker, vaultFolder(options.chosenFolder, vaultId), vaultId, options.passphrase);
  const db = openDatabase(options.path);
  try {
    db.transaction(() => {
      writeVaultId(db, vaultId);
      for (const slot of slots) insertSlot(db, slot);
    })();
  } finally {
    db.close();
  }
  const vault = await openVault(options.path, options.vaultOptions);
  try {
    await vault.unlock(options.passphrase);
    const ctx = vault.syncContext();
    nameThisDevice(ctx, options.deviceName);
    await exchange(ctx, options.chosenFolder, options.onProgress);
  } catch (error) {
    // The caller gets no vault to close: release the file so a half-made one can be removed.
    await vault.close().catch(() => undefined);
    throw error;
  }
  return vault;
}
