import type { Settings } from '../../shared/domain/schemas';
import { DEFAULT_SETTINGS, settingsSchema } from '../../shared/domain/schemas';
import type { VaultContext } from './context';
import { insertRow, readRow, replaceRow } from './rows';
import { parseInput } from './validate';

/** Settings are one encrypted row: practice details are identifying too. */
const SETTINGS_ROW_ID = '00000000000000000000000000000001';

/** The saved settings, or null before the therapist has saved any. */
export function readStoredSettings(ctx: VaultContext): Settings | null {
  const stored = readRow<Partial<Settings>>(ctx, 'settings', SETTINGS_ROW_ID);
  if (!stored) return null;
  const { id: _id, ...fields } = stored;
  return { ...DEFAULT_SETTINGS, ...fields };
}

export function getSettings(ctx: VaultContext): Settings {
  return readStoredSettings(ctx) ?? DEFAULT_SETTINGS;
}

export function saveSettings(ctx: VaultContext, input: Settings): Settings {
  const settings = parseInput(settingsSchema, input);
  const exists = readRow(ctx, 'settings', SETTINGS_ROW_ID) !== undefined;
  if (exists) replaceRow(ctx, 'settings', SETTINGS_ROW_ID, settings);
  else insertRow(ctx, 'settings', SETTINGS_ROW_ID, null, settings);
  return settings;
}
