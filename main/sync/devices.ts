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
  /** Set when the therapist removed the device (a lost laptop): its later batches are never merged. */
  removedAt?: string;
  /** The last of its batches merged before its removal; the ones after it are passed over unread. */
  lastBatch?: number;
  /**
   * The id this computer had before a backup was restored on it, the restored vault taking the
   * new id named here: it writes nothing more, and its saves stay merged under it.
   */
  replacedBy?: string;
}

type DevicePayload = Omit<SyncDevice, 'id'>;

export function thisDeviceId(ctx: VaultContext): string {
  return readSyncState(ctx.db).device;
}

/** Names this device (a rename rewrites its row); returns the row as stored. */
export function nameThisDevice(ctx: VaultContext, name: string): SyncDevice {
  const id = thisDeviceId(ctx);
  const existing = readRow<DevicePayload>(ctx, 'sync_devices', id);
  const { id: _ignored, ...kept } = existing ?? { id };
  const payload: DevicePayload = { ...kept, name, addedAt: existing?.addedAt ?? isoNow(ctx) };
  if (existing) replaceRow(ctx, 'sync_devices', id, payload);
  else insertRow(ctx, 'sync_devices', id, null, payload);
  return { id, ...payload };
}

export function listDevices(ctx: VaultContext): SyncDevice[] {
  return readRows<DevicePayload>(ctx, 'sync_devices').sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
}

/** Marks a device removed, keeping the batches of it merged up to `lastBatch`; a device that never named itself gets a row without a name. */
export function markRemoved(ctx: VaultContext, id: string, lastBatch: number): SyncDevice {
  const existing = readRow<DevicePayload>(ctx, 'sync_devices', id);
  const { id: _ignored, ...rest } = existing ?? { id };
  const payload: DevicePayload = { name: '', addedAt: isoNow(ctx), ...rest, removedAt: isoNow(ctx), lastBatch };
  if (existing) replaceRow(ctx, 'sync_devices', id, payload);
  else insertRow(ctx, 'sync_devices', id, null, payload);
  return { id, ...payload };
}

/** Removed devices by id, with the last of their batches that may be merged. */
export function removedDevices(ctx: VaultContext): Map<string, number> {
  return new Map(listDevices(ctx).flatMap((device) => (device.removedAt ? [[device.id, device.lastBatch ?? 0] as const] : [])));
}

/** Marks `formerId` as this device's id before a restore, under `name` when its row has none yet (it arrives later, with a lower stamp). */
export function markReplaced(ctx: VaultContext, formerId: string, name: string): SyncDevice {
  const existing = readRow<DevicePayload>(ctx, 'sync_devices', formerId);
  const { id: _ignored, ...rest } = existing ?? { id: formerId };
  const payload: DevicePayload = { name, addedAt: isoNow(ctx), ...rest, replacedBy: thisDeviceId(ctx) };
  if (existing) replaceRow(ctx, 'sync_devices', formerId, payload);
  else insertRow(ctx, 'sync_devices', formerId, null, payload);
  return { id: formerId, ...payload };
}
