/*
 * Other devices' audit chains, as sync stores them in sync_audit (docs/SYNC.md
 * section 8): each device's entries under its device id and its own seq,
 * linked by the MAC formula of this device's chain (audit.ts). A device may
 * hold only part of another's chain (a batch not received yet, or a chain
 * that began before this device joined), so a link is checked only where the
 * entry before it is held; the first entry of a chain links to the genesis.
 */
import type { AuditLinkState } from '../../shared/domain/auditLog';
import { VaultError } from '../../shared/errors';
import type { AuditPayload, AuditRow } from './audit';
import { GENESIS, macInput, macMatches, withMacKeys } from './audit';
import type { VaultContext } from './context';
import type { CompartmentKey } from './keyRing';
import { openRow, sealRow } from './rowCipher';

interface ForeignRow extends AuditRow {
  device_id: string;
}

/** How an entry's link to the one before it stands. */
export type LinkState = AuditLinkState;

export interface ChainEntry {
  device: string;
  seq: number;
  /** null when it does not open (then its link is 'broken'). */
  payload: AuditPayload | null;
  link: LinkState;
}

function rowsOf(ctx: VaultContext): ForeignRow[] {
  return ctx.db.prepare('SELECT device_id, seq, id, key_version, nonce, ciphertext, mac FROM sync_audit ORDER BY device_id, seq').all() as ForeignRow[];
}

function open(ctx: VaultContext, row: Pick<ForeignRow, 'id' | 'key_version' | 'nonce' | 'ciphertext'>): AuditPayload | null {
  try {
    return openRow<AuditPayload>(ctx.sodium, ctx.keys.opening('progress', row.key_version), { vaultId: ctx.vaultId, table: 'audit_log', rowId: row.id }, {
      keyVersion: row.key_version,
      nonce: row.nonce,
      ciphertext: row.ciphertext,
    });
  } catch {
    return null;
  }
}

/** The MAC an entry must carry after `previous`, or null for an entry with no held predecessor. */
function predecessorMac(previous: ForeignRow | undefined, row: ForeignRow): Uint8Array | null {
  if (row.seq === 1) return GENESIS;
  return previous && previous.device_id === row.device_id && previous.seq === row.seq - 1 ? previous.mac : null;
}

/**
 * Every held entry of every other device, in device then seq order, each with its link checked.
 * An entry whose predecessor is not in sync_audit may follow an entry of this file's own chain:
 * a restored backup (or a copied file) took a new device id, and the id it had went on writing
 * after the copy was made. It is verified when it links to this chain's entry before it, and
 * stays a gap otherwise.
 */
export function readForeignChains(ctx: VaultContext): ChainEntry[] {
  const rows = rowsOf(ctx);
  const ownMac = ctx.db.prepare('SELECT mac FROM audit_log WHERE seq = ?').pluck();
  return withMacKeys(ctx, (macKey) => {
    const linksAfter = (previous: Uint8Array, row: ForeignRow) => {
      try {
        return macMatches(ctx, row.mac, macInput(ctx, previous, row), macKey(row.key_version));
      } catch {
        // A key version no held key has: the link does not hold.
        return false;
      }
    };
    return rows.map((row, index) => {
      const payload = open(ctx, row);
      const before = predecessorMac(rows[index - 1], row);
      let link: LinkState;
      if (payload === null) link = 'broken';
      else if (before !== null) link = linksAfter(before, row) ? 'verified' : 'broken';
      else {
        const copied = ownMac.get(row.seq - 1) as Buffer | undefined;
        link = copied !== undefined && linksAfter(copied, row) ? 'verified' : 'gap';
      }
      return { device: row.device_id, seq: row.seq, payload, link };
    });
  });
}

/** Other devices' entries not under `version`: a key rotation is done only once there are none. */
export function foreignEntriesLeft(ctx: VaultContext, version: number): number {
  return ctx.db.prepare('SELECT count(*) FROM sync_audit WHERE key_version <> ?').pluck().get(version) as number;
}

/**
 * Re-seals every other device's entry under `target`, in the caller's
 * transaction, after checking each held link (a break is INTEGRITY, as for
 * this device's own chain). Each re-sealed entry is MACed over the re-sealed
 * entry before it, or over the genesis where none is held, so the links that
 * held before still hold. The writer's own re-sealed copies, when they
 * arrive, replace these (main/sync/vaultRowStore.ts).
 */
export function resealForeignChains(ctx: VaultContext, target: CompartmentKey): number {
  const rows = rowsOf(ctx);
  const update = ctx.db.prepare('UPDATE sync_audit SET key_version = ?, nonce = ?, ciphertext = ?, mac = ? WHERE device_id = ? AND seq = ?');
  return withMacKeys(ctx, (macKey) => {
    let resealedBefore: Uint8Array = GENESIS;
    rows.forEach((row, index) => {
      const before = predecessorMac(rows[index - 1], row);
      const payload = open(ctx, row);
      if (payload === null || (before !== null && !macMatches(ctx, row.mac, macInput(ctx, before, row), macKey(row.key_version)))) {
        throw new VaultError('INTEGRITY', `Another device's audit chain is broken at entry ${row.seq} (row ${row.id})`, { table: 'sync_audit', rowId: row.id });
      }
      const sealed = sealRow(ctx.sodium, target, { vaultId: ctx.vaultId, table: 'audit_log', rowId: row.id }, payload);
      const previous = before === null || row.seq === 1 ? GENESIS : resealedBefore;
      const resealed = { seq: row.seq, id: row.id, key_version: sealed.keyVersion, nonce: sealed.nonce, ciphertext: sealed.ciphertext };
      const mac = ctx.sodium.crypto_auth(macInput(ctx, previous, resealed), macKey(target.version));
      update.run(sealed.keyVersion, sealed.nonce, sealed.ciphertext, mac, row.device_id, row.seq);
      resealedBefore = mac;
    });
    return rows.length;
  });
}
