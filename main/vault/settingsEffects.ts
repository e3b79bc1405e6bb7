/*
 * What the settings change besides themselves, in one place: the lock timings
 * are applied when the vault opens and whenever the settings are saved, and
 * every save is told to listeners (main/app keeps the window's screen-capture
 * protection in step).
 */
import { isVaultError } from '../../shared/errors';
import type { Settings } from '../../shared/domain/schemas';
import type { VaultContext } from './context';
import type { LockController } from './lockController';
import { readStoredSettings, saveSettings } from './settings';

export type SettingsListener = (settings: Settings) => void;

export interface SettingsEffects {
  /** After an unlock: the stored lock timings take over from the defaults. */
  applyStored(ctx: VaultContext): void;
  /** Stores the settings, applies their lock timings and tells the listeners. */
  save(ctx: VaultContext, input: Settings): Settings;
  onSaved(listener: SettingsListener): () => void;
}

function lockTimings(settings: Settings) {
  return { vaultMs: settings.vaultIdleMinutes * 60_000, psychotherapyMs: settings.psychotherapyIdleMinutes * 60_000 };
}

export function createSettingsEffects(lock: Pick<LockController, 'setIdleTimeouts'>): SettingsEffects {
  const listeners = new Set<SettingsListener>();
  return {
    /** A damaged settings row must not keep the vault shut: the default timings stay, and reading the settings reports it. */
    applyStored(ctx) {
      let stored: Settings | null;
      try {
        stored = readStoredSettings(ctx);
      } catch (error) {
        if (isVaultError(error) && error.code === 'INTEGRITY') return;
        throw error;
      }
      if (stored) lock.setIdleTimeouts(lockTimings(stored));
    },
    save(ctx, input) {
      const saved = saveSettings(ctx, input);
      lock.setIdleTimeouts(lockTimings(saved));
      for (const listener of listeners) listener(saved);
      return saved;
    },
    onSaved(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
