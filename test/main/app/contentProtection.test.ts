import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/domain/schemas';
import { followContentProtectionSetting } from '../../../main/app/contentProtection';
import { createDispatcher } from '../../../main/ipc/dispatch';
import type { Vault } from '../../../main/vault/vaultApi';
import { testServices } from '../../helpers/ipcServices';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { fastDerive } from '../ipc/fastDerive';

let vault: Vault;
let dispose: () => Promise<void>;
const applied: boolean[] = [];
let dispatch: ReturnType<typeof createDispatcher>;

beforeAll(async () => {
  const made = await createdVault({ derive: fastDerive });
  vault = made.vault;
  dispose = made.dispose;
  followContentProtectionSetting(vault, (enabled) => applied.push(enabled));
  dispatch = createDispatcher(testServices(vault));
});
afterAll(() => dispose());

describe('screen-capture protection', () => {
  it('follows the setting when it is saved', async () => {
    await dispatch('settings.update', { settings: { ...DEFAULT_SETTINGS, contentProtection: true } });
    expect(applied).toEqual([true]);
  });

  it('is applied from the stored setting when the vault is unlocked, not when the psychotherapy view changes', async () => {
    applied.length = 0;
    await vault.lock('manual');
    await vault.unlock(PASSPHRASE);
    expect(applied).toEqual([true]);
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    vault.closePsychotherapy();
    expect(applied).toEqual([true]);
  });

  it('is not applied when saving fails', async () => {
    applied.length = 0;
    const reply = await dispatch('settings.update', { settings: { ...DEFAULT_SETTINGS, vaultIdleMinutes: 0, contentProtection: false } });
    expect(reply.ok).toBe(false);
    expect(applied).toEqual([]);
  });
});
