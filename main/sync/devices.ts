/*
 * The device registry (docs/SYNC.md section 7): each device's name by its
 * id, in the encrypted sync_devices table, so it travels like any row and
 * every device can show who else writes to the folder.
 */
import type { VaultContext } from '../vault/context';
import { isoNow } from '../vault/context';
import { insertRow, readRow, readRows, replaceRow } from '../vault/rows';
import { readSyncState } from './vaultState';

export interface SyncDevice {
  id: string;
  name: string;
  addedAt: string;
}

type DevicePayload = Omit<SyncDevice, 'id'>;

export function thisDeviceId(ctx: VaultContext): string {
  return readSyncState(ctx.db).device;
}

/** Names this device (a rename rewrites its row); returns the row as stored. */
export function nameThisDevice(ctx: VaultContext, name: string): SyncDevice {
  const id = thisDeviceId(ctx);
  const existing = readRow<DevicePayload>(ctx, 'sync_devices', id);
  const payload: DevicePayload = { name, addedAt: existing?.addedAt ?? isoNow(ctx) };
  if (existing) replaceRow(ctx, 'sync_devices', id, payload);
  else insertRow(ctx, 'sync_devices', id, null, payload);
  return { id, ...payload };
}

export function listDevices(ctx: VaultContext): SyncDevice[] {
  return readRows<DevicePayload>(ctx, 'sync_devices').sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
}
