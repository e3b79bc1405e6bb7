import type { VaultStatus } from '../../../shared/ipc/contract';
import { keepingBackupsVouched } from '../../backup/rotation';
import { systemClock } from '../../vault/context';
import type { Vault } from '../../vault/vaultApi';
import type { Handlers } from '../handlerTypes';

export function vaultStatus(vault: Vault): VaultStatus {
  const { vaultMs, psychotherapyMs } = vault.remaining();
  return { created: vault.isCreated(), state: vault.state(), vaultIdleMs: vaultMs, psychotherapyIdleMs: psychotherapyMs };
}

export const vaultHandlers: Handlers<
  | 'vault.status'
  | 'vault.create'
  | 'vault.unlock'
  | 'vault.lock'
  | 'vault.activity'
  | 'vault.unlockWithRecoveryKey'
  | 'vault.changePassphrase'
  | 'psychotherapy.open'
  | 'psychotherapy.close'
  | 'psychotherapy.changePassphrase'
  | 'keys.rotate'
  | 'keys.newRecoveryKey'
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
  'vault.unlockWithRecoveryKey': async ({ vault }, request) => {
    await vault.unlockWithRecoveryKey(request);
    return vaultStatus(vault);
  },
  'vault.changePassphrase': async ({ vault }, { currentPassphrase, newPassphrase }) => {
    await vault.changePassphrase({ compartment: 'progress', currentPassphrase, newPassphrase });
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
  'psychotherapy.changePassphrase': async ({ vault }, { currentPassphrase, newPassphrase }) => {
    await vault.changePassphrase({ compartment: 'psychotherapy', currentPassphrase, newPassphrase });
    return null;
  },
  'keys.rotate': (services, request) => {
    const rotate = () => services.vault.rotateKeys(request);
    return request.compartment === 'progress' ? keepingBackupsVouched(services.vault, systemClock, rotate) : rotate();
  },
  'keys.newRecoveryKey': ({ vault }) => vault.newRecoveryKey(),
};
