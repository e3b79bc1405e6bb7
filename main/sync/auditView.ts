/*
 * The merged audit view (docs/SYNC.md section 8): this device's own chain
 * and every other device's chain held in sync_audit, each checked on its own,
 * ordered by when each entry happened, each with its device's name.
 */
import type { AuditEntry } from '../../shared/domain/records';
import type { VaultContext } from '../vault/context';
import { readAuditTrail } from '../vault/audit';
import type { LinkState } from '../vault/foreignAudit';
import { readForeignChains } from '../vault/foreignAudit';
import { listDevices, thisDeviceId } from './devices';

export interface MergedAuditEntry extends AuditEntry {
  device: string;
  /** The name the device gave itself; empty for a device that never named itself. */
  deviceName: string;
  /**
   * 'verified': it links to the entry before it in its device's chain;
   * 'broken': it does not, or does not open; 'gap': the entry before it has
   * not been received (or was written before this device joined).
   */
  link: LinkState;
}

export interface MergedAudit {
  entries: MergedAuditEntry[];
  /** Entries of other devices' chains that do not open: counted, never shown. */
  unreadable: number;
}

export function mergedAudit(ctx: VaultContext): MergedAudit {
  const names = new Map(listDevices(ctx).map((device) => [device.id, device.name]));
  const own = thisDeviceId(ctx);
  const ownTrail = readAuditTrail(ctx);
  const entries: MergedAuditEntry[] = ownTrail.entries.map(({ verified, ...entry }) => ({
    ...entry,
    device: own,
    deviceName: names.get(own) ?? '',
    link: verified ? 'verified' : 'broken',
  }));
  let unreadable = 0;
  for (const entry of readForeignChains(ctx)) {
    if (entry.payload === null) {
      unreadable += 1;
      continue;
    }
    entries.push({ seq: entry.seq, ...entry.payload, device: entry.device, deviceName: names.get(entry.device) ?? '', link: entry.link });
  }
  entries.sort((a, b) => a.at.localeCompare(b.at) || a.device.localeCompare(b.device) || a.seq - b.seq);
  return { entries, unreadable: unreadable + ownTrail.rows - ownTrail.entries.length };
}
