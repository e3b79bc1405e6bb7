/*
 * Keeps the window's screen-capture protection in step with the therapist's
 * setting. Settings are encrypted, so they are read when the vault opens and
 * applied again whenever they are saved.
 */
import type { Vault } from '../vault/vaultApi';

export type ApplyContentProtection = (enabled: boolean) => void;

export function followContentProtectionSetting(
  vault: Pick<Vault, 'onStateChange' | 'onSettingsSaved' | 'settings'>,
  apply: ApplyContentProtection,
): void {
  vault.onStateChange((state, reason) => {
    if (state !== 'open' || reason !== 'unlocked') return;
    try {
      apply(vault.settings.get().contentProtection);
    } catch {
      // An unreadable setting must not fail the unlock that triggered this; saving settings applies it again.
    }
  });
  vault.onSettingsSaved((settings) => apply(settings.contentProtection));
}
