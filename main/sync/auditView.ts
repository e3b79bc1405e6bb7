/*
 * The merged audit view (docs/SYNC.md section 8): this device's own chain
 * and every other device's chain held in sync_audit, each checked on its own,
 * ordered by when each entry happened, each with its device's name.
 */
import type { AuditLogQuery, AuditLogView } from '../../shared/domain/auditLog';
import type { AuditEntry } from '../../shared/domain/records';
import type { VaultContext } from '../vault/context';
import { readAuditTrail } from '../vault/audit';
import { auditEntryFilter, readAuditLog } from '../vault/auditLog';
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

/**
 * The audit log the Logs screen shows: this computer's chain alone until sync
 * knows another computer, then every computer's entries merged, newest first,
 * after the same filters; the verification stays this computer's own chain's.
 */
export function auditLogOf(ctx: VaultContext, query: AuditLogQuery): AuditLogView {
  const own = readAuditLog(ctx, query);
  if (listDevices(ctx).length < 2) return own;
  const keep = auditEntryFilter(ctx, query);
  const here = thisDeviceId(ctx);
  const merged = mergedAudit(ctx);
  const entries = merged.entries
    .filter(keep)
    .reverse()
    .map(({ device, deviceName, link, ...entry }) => ({
      ...entry,
      verified: link === 'verified',
      computer: { id: device, name: deviceName, thisComputer: device === here, link },
    }));
  return { verification: own.verification, entries, merged: true, unreadable: merged.unreadable };
}
