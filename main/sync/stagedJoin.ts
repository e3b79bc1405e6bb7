/*
 * Joining from the folder on a computer that has no vault yet: the vault is
 * assembled in a file beside the vault's place (joinFromFolder), and only
 * once every batch is in does it take that place, so a failed or cut-short
 * join leaves nothing half-made there. The vault service is then unlocked on
 * it with the same passphrase.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { VaultError } from '../../shared/errors';
import { fsyncDirectory } from '../vault/vaultFile';
import type { VaultOptions } from '../vault/vault';
import type { Vault } from '../vault/vaultApi';
import { joinFromFolder } from './join';
import type { ExchangeProgress } from './vaultFolderSync';

const SIDE_FILES = ['-wal', '-shm', '-journal'];

function removeWithSideFiles(path: string): void {
  for (const suffix of ['', ...SIDE_FILES]) rmSync(`${path}${suffix}`, { force: true });
}

export interface StagedJoinOptions {
  /** The vault service on the vault's place; it holds no vault yet. */
  vault: Pick<Vault, 'path' | 'isCreated' | 'replaceFile' | 'unlock'>;
  chosenFolder: string;
  passphrase: string;
  deviceName: string;
  /** Runs once the joined file is in place, before the unlock that starts sync. */
  beforeUnlock?: () => void;
  vaultOptions?: VaultOptions;
  onProgress?: (progress: ExchangeProgress) => void;
}

export async function joinInPlace(options: StagedJoinOptions): Promise<void> {
  const { vault } = options;
  if (vault.isCreated()) throw new VaultError('VAULT_EXISTS', 'This computer already has a vault');
  const staging = `${vault.path}.joining-${randomBytes(4).toString('hex')}`;
  try {
    const joined = await joinFromFolder({
      chosenFolder: options.chosenFolder,
      passphrase: options.passphrase,
      path: staging,
      deviceName: options.deviceName,
      ...(options.vaultOptions ? { vaultOptions: options.vaultOptions } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    await joined.close();
    await vault.replaceFile(() => {
      // The file there holds no vault (isCreated was false); its journal must not be read as the joined file's.
      removeWithSideFiles(vault.path);
      renameSync(staging, vault.path);
      for (const suffix of SIDE_FILES) {
        if (existsSync(`${staging}${suffix}`)) renameSync(`${staging}${suffix}`, `${vault.path}${suffix}`);
      }
      fsyncDirectory(dirname(vault.path));
    });
  } catch (error) {
    removeWithSideFiles(staging);
    throw error;
  }
  options.beforeUnlock?.();
  await vault.unlock(options.passphrase);
}
