/*
 * The audit log: encrypted like every progress row, and chained. Each entry's
 * MAC covers the previous MAC, so removing, reordering or editing an entry
 * breaks every MAC after it. The MAC key is a subkey of the progress key,
 * derived per use and wiped at once.
 */
import { VaultError } from '../../shared/errors';
import type { AuditEntry, AuditEvent } from '../../shared/domain/records';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { newId } from './ids';
import type { CompartmentKey } from './keyRing';
import { openRow, sealRow } from './rowCipher';
import { storeStamped } from './rowWrites';
import { deriveSubkey } from './stackScrub';

const MAC_CONTEXT = 'tvaudit1';
export const GENESIS = new Uint8Array(32);

/** An audit_log row as stored; sync_audit rows add the writing device's id. */
export interface AuditRow {
  seq: number;
  id: string;
  key_version: number;
  nonce: Buffer;
  ciphertext: Buffer;
  mac: Buffer;
}

export type AuditPayload = Omit<AuditEntry, 'seq'>;

/** The columns a MAC covers, as read (Buffers) or as just sealed (Uint8Arrays). */
export type Linked = Pick<AuditRow, 'seq' | 'id' | 'key_version'> & { nonce: Uint8Array; ciphertext: Uint8Array };

export function macInput(ctx: VaultContext, previous: Uint8Array, row: Linked): Uint8Array {
  const header = ctx.sodium.from_string(`audit|${ctx.vaultId}|${row.seq}|${row.id}|${row.key_version}|`);
  const parts = [previous, header, row.nonce, row.ciphertext];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Runs `use` with a MAC key per key version, each derived from the progress
 * key of that version when first asked for and wiped at the end. An entry's
 * MAC is under the key of its own key_version: during a key rotation the
 * chain holds entries of both versions.
 */
export function withMacKeys<T>(ctx: VaultContext, use: (macKey: (version: number) => Uint8Array) => T): T {
  const derived = new Map<number, Uint8Array>();
  const macKey = (version: number): Uint8Array => {
    let key = derived.get(version);
    if (!key) {
      key = deriveSubkey(ctx.sodium, 1, MAC_CONTEXT, ctx.keys.opening('progress', version).key);
      derived.set(version, key);
    }
    return key;
  };
  try {
    return use(macKey);
  } finally {
    for (const key of derived.values()) ctx.sodium.memzero(key);
  }
}

function openEntry(ctx: VaultContext, row: Omit<AuditRow, 'mac' | 'seq'>): AuditPayload {
  return openRow<AuditPayload>(
    ctx.sodium,
    ctx.keys.opening('progress', row.key_version),
    { vaultId: ctx.vaultId, table: 'audit_log', rowId: row.id },
    { keyVersion: row.key_version, nonce: row.nonce, ciphertext: row.ciphertext },
  );
}

function chainBreak(row: Pick<AuditRow, 'seq' | 'id'>): VaultError {
  return new VaultError('INTEGRITY', `The audit log chain is broken at entry ${row.seq} (row ${row.id})`, {
    table: 'audit_log',
    rowId: row.id,
  });
}

export function macMatches(ctx: VaultContext, mac: Uint8Array, message: Uint8Array, key: Uint8Array): boolean {
  try {
    return ctx.sodium.crypto_auth_verify(mac, message, key);
  } catch {
    return false;
  }
}

export function appendAudit(ctx: VaultContext, event: AuditEvent, detail?: AuditEntry['detail']): void {
  appendAuditEntry(ctx, { at: isoNow(ctx), event, ...(detail ? { detail } : {}) });
}

/** Appends an entry dated by the caller: one that waited in the audit queue keeps the time it happened. */
export function appendAuditEntry(ctx: VaultContext, payload: AuditPayload): void {
  const last = ctx.db.prepare('SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; mac: Buffer }
    | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const id = newId(ctx.sodium);
  const sealed = sealRow(ctx.sodium, ctx.keys.get('progress'), { vaultId: ctx.vaultId, table: 'audit_log', rowId: id }, payload);
  const row = {
    seq,
    id,
    key_version: sealed.keyVersion,
    nonce: Buffer.from(sealed.nonce),
    ciphertext: Buffer.from(sealed.ciphertext),
  };
  const mac = withMacKeys(ctx, (macKey) => ctx.sodium.crypto_auth(macInput(ctx, last?.mac ?? GENESIS, row), macKey(row.key_version)));
  const insert = () =>
    ctx.db
      .prepare('INSERT INTO audit_log (seq, id, key_version, nonce, ciphertext, mac) VALUES (?, ?, ?, ?, ?, ?)')
      .run(seq, id, row.key_version, row.nonce, row.ciphertext, mac);
  storeStamped(ctx.db, ctx.changes, { table: 'audit_log', rowId: id, parentId: null, sealed, final: false }, insert);
}

/**
 * For the verify pass of a backup: checks every entry without stopping at the
 * first break. An entry fails when it does not follow its predecessor, its MAC
 * over the stored previous MAC does not match, or its ciphertext does not open;
 * an edited entry is named alone, not every entry after it.
 */
export function auditFailures(ctx: VaultContext): { rows: number; failed: string[] } {
  const rows = ctx.db
    .prepare('SELECT seq, id, key_version, nonce, ciphertext, mac FROM audit_log ORDER BY seq')
    .all() as AuditRow[];
  return withMacKeys(ctx, (macKey) => {
    const failed: string[] = [];
    let previous: Pick<AuditRow, 'seq' | 'mac'> = { seq: 0, mac: Buffer.from(GENESIS) };
    for (const row of rows) {
      let intact = row.seq === previous.seq + 1 && macMatches(ctx, row.mac, macInput(ctx, previous.mac, row), macKey(row.key_version));
      try {
        openEntry(ctx, row);
      } catch {
        intact = false;
      }
      if (!intact) failed.push(row.id);
      previous = row;
    }
    return { rows: rows.length, failed };
  });
}

export interface AuditTrail {
  /** Oldest first; `verified` is false from the first break on. Entries whose ciphertext does not open are left out. */
  entries: (AuditEntry & { verified: boolean })[];
  rows: number;
  /** The sequence number of the first entry that breaks the chain, or null when it holds. */
  brokenAt: number | null;
}

/**
 * The whole log for reading, checked as it is read: unlike listAudit, a break
 * does not stop it. The therapist sees where the chain broke and, marked, what
 * still decrypts after that point.
 */
export function readAuditTrail(ctx: VaultContext): AuditTrail {
  const rows = ctx.db
    .prepare('SELECT seq, id, key_version, nonce, ciphertext, mac FROM audit_log ORDER BY seq')
    .all() as AuditRow[];
  return withMacKeys(ctx, (macKey) => {
    let previous: Uint8Array = GENESIS;
    let brokenAt: number | null = null;
    const entries: AuditTrail['entries'] = [];
    rows.forEach((row, index) => {
      let payload: AuditPayload | null = null;
      try {
        payload = openEntry(ctx, row);
      } catch {
        payload = null;
      }
      let chained = false;
      try {
        chained = row.seq === index + 1 && macMatches(ctx, row.mac, macInput(ctx, previous, row), macKey(row.key_version));
      } catch {
        // A key_version no held key has (an altered row) breaks the chain here rather than failing the whole read.
      }
      if (brokenAt === null && (!chained || payload === null)) brokenAt = row.seq;
      previous = row.mac;
      if (payload !== null) entries.push({ seq: row.seq, ...payload, verified: brokenAt === null });
    });
    return { entries, rows: rows.length, brokenAt };
  });
}

/** Every entry, oldest first, after checking the whole chain; a break is INTEGRITY naming the entry. */
export function listAudit(ctx: VaultContext): AuditEntry[] {
  const rows = ctx.db
    .prepare('SELECT seq, id, key_version, nonce, ciphertext, mac FROM audit_log ORDER BY seq')
    .all() as AuditRow[];
  return withMacKeys(ctx, (macKey) => {
    let previous: Uint8Array = GENESIS;
    return rows.map((row, index) => {
      let chained = false;
      try {
        chained = row.seq === index + 1 && macMatches(ctx, row.mac, macInput(ctx, previous, row), macKey(row.key_version));
      } catch {
        // A key_version no held key has (an altered row) breaks the chain here rather than failing the whole read.
      }
      if (!chained) throw chainBreak(row);
      previous = row.mac;
      return { seq: row.seq, ...openEntry(ctx, row) };
    });
  });
}

/** Where a chain re-seal has got to: the last entry done, its MAC as stored, and its MAC as re-sealed. */
export interface ChainCursor {
  seq: number;
  storedMac: Uint8Array;
  resealedMac: Uint8Array;
}

export const CHAIN_START: ChainCursor = { seq: 0, storedMac: GENESIS, resealedMac: GENESIS };

/** An entry re-sealed in memory, to be written with the rest of the chain. */
export interface ResealedEntry {
  seq: number;
  storedMac: Uint8Array;
  keyVersion: number;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  mac: Uint8Array;
}

/**
 * Re-seals up to `limit` entries after `cursor` under `target`, in memory:
 * each entry's stored link is checked first (a break is INTEGRITY), then it is
 * sealed at the new version and MACed over the re-sealed MAC before it. Every
 * MAC covers the one before, so the chain can only be written back whole
 * (writeResealedChain); re-sealing it a slice at a time keeps the event loop free meanwhile.
 */
export function resealChainSlice(
  ctx: VaultContext,
  target: CompartmentKey,
  cursor: ChainCursor,
  limit: number,
): { entries: ResealedEntry[]; cursor: ChainCursor } {
  const rows = ctx.db
    .prepare('SELECT seq, id, key_version, nonce, ciphertext, mac FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?')
    .all(cursor.seq, limit) as AuditRow[];
  return withMacKeys(ctx, (macKey) => {
    const entries: ResealedEntry[] = [];
    let at = cursor;
    for (const row of rows) {
      if (!(row.seq === at.seq + 1 && macMatches(ctx, row.mac, macInput(ctx, at.storedMac, row), macKey(row.key_version)))) {
        throw chainBreak(row);
      }
      const sealed = sealRow(ctx.sodium, target, { vaultId: ctx.vaultId, table: 'audit_log', rowId: row.id }, openEntry(ctx, row));
      const resealed = { seq: row.seq, id: row.id, key_version: sealed.keyVersion, nonce: sealed.nonce, ciphertext: sealed.ciphertext };
      const mac = ctx.sodium.crypto_auth(macInput(ctx, at.resealedMac, resealed), macKey(target.version));
      entries.push({ seq: row.seq, storedMac: row.mac, keyVersion: sealed.keyVersion, nonce: sealed.nonce, ciphertext: sealed.ciphertext, mac });
      at = { seq: row.seq, storedMac: row.mac, resealedMac: mac };
    }
    return { entries, cursor: at };
  });
}

/** Writes re-sealed entries back; an entry whose stored MAC changed since it was read is INTEGRITY, and the caller's transaction rolls back. */
export function writeResealedChain(ctx: VaultContext, entries: readonly ResealedEntry[]): void {
  const update = ctx.db.prepare('UPDATE audit_log SET key_version = ?, nonce = ?, ciphertext = ?, mac = ? WHERE seq = ? AND mac = ?');
  for (const entry of entries) {
    const result = update.run(entry.keyVersion, entry.nonce, entry.ciphertext, entry.mac, entry.seq, entry.storedMac);
    if (result.changes !== 1) {
      throw new VaultError('INTEGRITY', `The audit log changed while it was re-sealed (entry ${entry.seq})`, { table: 'audit_log' });
    }
  }
}

/**
 * When `event` was last recorded, read newest first without walking the
 * chain: a display hint (the Today backup line), not evidence.
 */
export function lastAuditAt(ctx: VaultContext, event: AuditEvent): string | null {
  const rows = ctx.db.prepare('SELECT seq, id, key_version, nonce, ciphertext FROM audit_log ORDER BY seq DESC').iterate() as Iterable<
    Omit<AuditRow, 'mac'>
  >;
  for (const row of rows) {
    const payload = openEntry(ctx, row);
    if (payload.event === event) return payload.at;
  }
  return null;
}
