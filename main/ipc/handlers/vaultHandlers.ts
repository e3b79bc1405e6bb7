import type { VaultStatus } from '../../../shared/ipc/contract';
import type { Vault } from '../../vault/vault';
import type { Handlers } from '../handlerTypes';

export function vaultStatus(vault: Vault): VaultStatus {
  const { vaultMs, psychotherapyMs } = vault.remaining();
  return { created: vault.isCreated(), state: vault.state(), vaultIdleMs: vaultMs, psychotherapyIdleMs: psychotherapyMs };
}

export const vaultHandlers: Handlers<
  'vault.status' | 'vault.create' | 'vault.unlock' | 'vault.lock' | 'vault.activity' | 'psychotherapy.open' | 'psychotherapy.close'
> = {
  'vault.status': ({ vault }) => vaultStatus(vault),
  'vault.create': ({ vault }, request) => vault.create(request),
  'vault.unlock': async ({ vault }, { passphrase }) => {
    await vault.unlock(passphrase);
    return vaultStatus(vault);
  },
  'vault.lock': async ({ vault }) => {
    await vault.lock('manual');
    return vaultStatus(vault);
  },
  'vault.activity': ({ vault }) => {
    vault.recordActivity();
    return null;
  },
  'psychotherapy.open': async ({ vault }, { passphrase }) => {
    await vault.openPsychotherapy(passphrase);
    return vaultStatus(vault);
  },
  'psychotherapy.close': ({ vault }) => {
    vault.closePsychotherapy('psychotherapy-closed');
    return vaultStatus(vault);
  },
};
