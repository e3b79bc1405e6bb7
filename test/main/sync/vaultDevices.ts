/*
 * Real vaults as sync devices for the tests: the first one created, each
 * later one a copy of its file that takes its own device id (as a restored
 * backup would), every device with its own copy of the folder and a clock of
 * its own, and a sync tool (syncTool.ts) between the copies.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { vaultFolder } from '../../../main/sync/folder';
import { exchange, receiveChanges } from '../../../main/sync/vaultFolderSync';
import { VaultReplica } from '../../../main/sync/vaultReplica';
import type { VaultContext } from '../../../main/vault/context';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { openVault } from '../../../main/vault/vault';
import type { Vault } from '../../../main/vault/vaultApi';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE, tempDir } from '../../helpers/tempVault';
import type { Delivery } from './syncTool';
import { syncTool } from './syncTool';

export const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);
export const HOUR = 3_600_000;

export class Device {
  time: number;
  constructor(
    readonly vault: Vault,
    readonly chosen: string,
    skew: number,
  ) {
    this.time = T0 + skew;
  }

  get ctx(): VaultContext {
    return this.vault.syncContext();
  }

  get id(): string {
    return this.replica.device;
  }

  get root(): string {
    return vaultFolder(this.chosen, this.vault.id()!);
  }

  get replica(): VaultReplica {
    return new VaultReplica(this.ctx.db, this.ctx.clock);
  }

  later(ms: number): void {
    this.time += ms;
  }
}

/** The first device, then copies of its file that each become a device of their own; `cleanups` collects what to undo. */
export async function devices(skews: number[], cleanups: (() => Promise<void> | void)[]): Promise<Device[]> {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const clockOf = (device: () => Device | undefined, skew: number) => ({ now: () => device()?.time ?? T0 + skew });
  let first: Device | undefined;
  const made = await createdVault({ clock: clockOf(() => first, skews[0]!) });
  cleanups.push(() => made.dispose());
  await made.vault.openPsychotherapy(PSYCH_PASSPHRASE);
  first = new Device(made.vault, join(dir, 'folder-0'), skews[0]!);
  const all = [first];
  for (let index = 1; index < skews.length; index += 1) {
    const path = join(dir, `vault-${index}.sqlite`);
    await made.vault.backupTo(path);
    const raw = new Database(path);
    new VaultReplica(raw, { now: () => T0 }).becomeNewDevice();
    raw.close();
    let device: Device | undefined;
    const vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS, clock: clockOf(() => device, skews[index]!) });
    cleanups.push(() => vault.close());
    await vault.unlock(PASSPHRASE);
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    device = new Device(vault, join(dir, `folder-${index}`), skews[index]!);
    all.push(device);
  }
  for (const device of all) mkdirSync(device.root, { recursive: true });
  return all;
}

/** Exchanges and lets the sync tool copy until no device has anything left to send. */
export async function settle(all: Device[], delivery: () => Delivery = () => 'whole'): Promise<void> {
  for (let round = 0; round < 10; round += 1) {
    for (const device of all) await exchange(device.ctx, device.chosen);
    syncTool(all, delivery);
    syncTool(all, () => 'whole');
    const refused = [];
    for (const device of all) refused.push(...(await receiveChanges(device.ctx, device.chosen)).refused);
    expect(refused).toEqual([]);
    if (all.every((device) => device.replica.unsentCount() === 0)) return;
  }
  throw new Error('the devices did not settle');
}

/** `count` clients named `<label> <n>`, a minute of this device's clock apart. */
export function addClients(device: Device, label: string, count: number): void {
  for (let index = 0; index < count; index += 1) {
    device.later(60_000);
    device.vault.clients.create({ name: `${label} ${index}` });
  }
}

/** As addClients, each client with a session and a draft note saying `<label> note <n>`. */
export function addClientsWithNotes(device: Device, label: string, count: number): void {
  for (let index = 0; index < count; index += 1) {
    device.later(60_000);
    const client = device.vault.clients.create({ name: `${label} ${index}` });
    const session = device.vault.sessions.create({ clientId: client.id, date: '2026-12-01', startTime: '09:00', endTime: '09:50', modality: 'video' });
    device.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: `${label} note ${index}` } });
  }
}
