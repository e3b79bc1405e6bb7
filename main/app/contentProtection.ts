import type { HandlerTable } from '../ipc/dispatch';
import type { Vault } from '../vault/vault';

export type ApplyContentProtection = (enabled: boolean) => void;

/**
 * Keeps the window's screen-capture protection in step with the therapist's
 * setting. Settings are encrypted, so they are read when the vault opens and
 * applied again whenever they are saved.
 */
export function followContentProtectionSetting(
  vault: Pick<Vault, 'onStateChange' | 'settings'>,
  handlers: HandlerTable,
  apply: ApplyContentProtection,
): HandlerTable {
  vault.onStateChange((state, reason) => {
    if (state !== 'open' || reason !== 'unlocked') return;
    try {
      apply(vault.settings.get().contentProtection);
    } catch {
      // An unreadable setting must not fail the unlock that triggered this; saving settings applies it again.
    }
  });
  const save = handlers['settings.update'];
  return {
    ...handlers,
    'settings.update': async (services, request) => {
      const saved = await save(services, request);
      apply(saved.contentProtection);
      return saved;
    },
  };
}
