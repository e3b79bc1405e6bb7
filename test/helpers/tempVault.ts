import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_KDF_PARAMS } from '../../main/vault/kdfParams';
import type { VaultOptions } from '../../main/vault/vault';
import { openVault } from '../../main/vault/vault';

export const PASSPHRASE = 'correct horse battery staple';
export const PSYCH_PASSPHRASE = 'a different, longer psychotherapy passphrase';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tv-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real vault file in a temp dir, created with the minimum real Argon2id parameters. */
export async function createdVault(options: VaultOptions = {}) {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'vault.sqlite');
  const vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS, ...options });
  const { recoveryKey } = await vault.create({ passphrase: PASSPHRASE, psychotherapyPassphrase: PSYCH_PASSPHRASE });
  return {
    vault,
    path,
    dir,
    recoveryKey,
    async dispose() {
      await vault.close().catch(() => undefined);
      cleanup();
    },
  };
}
