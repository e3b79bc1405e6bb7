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

const MAC_CONTEXT = 'tvaudit1';
const GENESIS = new Uint8Array(32);

interface AuditRow {
  seq: number;
  id: string;
  key_version: number;
  nonce: Buffer;
  ciphertext: Buffer;
  mac: Buffer;
}

type AuditPayload = Omit<AuditEntry, 'seq'>;

function macInput(ctx: VaultContext, previous: Uint8Array, row: Omit<AuditRow, 'mac'>): Uint8Array {
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

function withMacKey<T>(ctx: VaultContext, use: (key: Uint8Array) => T, progress: CompartmentKey = ctx.keys.get('progress')): T {
  const key = ctx.sodium.crypto_kdf_derive_from_key(32, 1, MAC_CONTEXT, progress.key);
  try {
    return use(key);
  } finally {
    ctx.sodium.memzero(key);
  }
}

function macMatches(ctx: VaultContext, mac: Uint8Array, message: Uint8Array, key: Uint8Array): boolean {
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
  const mac = withMacKey(ctx, (key) => ctx.sodium.crypto_auth(macInput(ctx, last?.mac ?? GENESIS, row), key));
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
  return withMacKey(ctx, (key) => {
    const failed: string[] = [];
    let previous: Pick<AuditRow, 'seq' | 'mac'> = { seq: 0, mac: Buffer.from(GENESIS) };
    for (const row of rows) {
      let intact = row.seq === previous.seq + 1 && macMatches(ctx, row.mac, macInput(ctx, previous.mac, row), key);
      try {
        openRow(ctx.sodium, ctx.keys.get('progress'), { vaultId: ctx.vaultId, table: 'audit_log', rowId: row.id }, {
          keyVersion: row.key_version,
          nonce: row.nonce,
          ciphertext: row.ciphertext,
        });
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
  return withMacKey(ctx, (key) => {
    let previous: Uint8Array = GENESIS;
    let brokenAt: number | null = null;
    const entries: AuditTrail['entries'] = [];
    rows.forEach((row, index) => {
      let payload: AuditPayload | null = null;
      try {
        payload = openRow<AuditPayload>(ctx.sodium, ctx.keys.get('progress'), { vaultId: ctx.vaultId, table: 'audit_log', rowId: row.id }, {
          keyVersion: row.key_version,
          nonce: row.nonce,
          ciphertext: row.ciphertext,
        });
      } catch {
        payload = null;
      }
      const chained = row.seq === index + 1 && macMatches(ctx, row.mac, macInput(ctx, previous, row), key);
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
  return withMacKey(ctx, (key) => {
    let previous: Uint8Array = GENESIS;
    return rows.map((row, index) => {
      const chained = row.seq === index + 1 && macMatches(ctx, row.mac, macInput(ctx, previous, row), key);
      if (!chained) {
        throw new VaultError('INTEGRITY', `The audit log chain is broken at entry ${row.seq} (row ${row.id})`, {
          table: 'audit_log',
          rowId: row.id,
        });
      }
      previous = row.mac;
      const payload = openRow<AuditPayload>(
        ctx.sodium,
        ctx.keys.get('progress'),
        { vaultId: ctx.vaultId, table: 'audit_log', rowId: row.id },
        { keyVersion: row.key_version, nonce: row.nonce, ciphertext: row.ciphertext },
      );
      return { seq: row.seq, ...payload };
    });
  });
}

export interface ChainEntry {
  seq: number;
  id: string;
  payload: AuditPayload;
}

/** Every entry under `key`, after checking the whole chain with it: what a key rotation re-seals. */
export function auditChainRows(ctx: VaultContext, key: CompartmentKey): ChainEntry[] {
  const rows = ctx.db
    .prepare('SELECT seq, id, key_version, nonce, ciphertext, mac FROM audit_log ORDER BY seq')
    .all() as AuditRow[];
  return withMacKey(
    ctx,
    (macKey) => {
      let previous: Uint8Array = GENESIS;
      return rows.map((row, index) => {
        if (!(row.seq === index + 1 && macMatches(ctx, row.mac, macInput(ctx, previous, row), macKey))) {
          throw new VaultError('INTEGRITY', `The audit log chain is broken at entry ${row.seq} (row ${row.id})`, {
            table: 'audit_log',
            rowId: row.id,
          });
        }
        previous = row.mac;
        const ref = { vaultId: ctx.vaultId, table: 'audit_log' as const, rowId: row.id };
        const payload = openRow<AuditPayload>(ctx.sodium, key, ref, {
          keyVersion: row.key_version,
          nonce: row.nonce,
          ciphertext: row.ciphertext,
        });
        return { seq: row.seq, id: row.id, payload };
      });
    },
    key,
  );
}

/** Rewrites the chain under `key`: each entry re-sealed at its version and re-MACed under its MAC key, same seq, id and payload. */
export function sealAuditChain(ctx: VaultContext, entries: readonly ChainEntry[], key: CompartmentKey): void {
  const update = ctx.db.prepare('UPDATE audit_log SET key_version = ?, nonce = ?, ciphertext = ?, mac = ? WHERE seq = ?');
  withMacKey(
    ctx,
    (macKey) => {
      let previous: Uint8Array = GENESIS;
      for (const entry of entries) {
        const sealed = sealRow(ctx.sodium, key, { vaultId: ctx.vaultId, table: 'audit_log', rowId: entry.id }, entry.payload);
        const row = {
          seq: entry.seq,
          id: entry.id,
          key_version: sealed.keyVersion,
          nonce: Buffer.from(sealed.nonce),
          ciphertext: Buffer.from(sealed.ciphertext),
        };
        const mac = ctx.sodium.crypto_auth(macInput(ctx, previous, row), macKey);
        update.run(row.key_version, row.nonce, row.ciphertext, mac, row.seq);
        previous = mac;
      }
    },
    key,
  );
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
    const payload = openRow<AuditPayload>(
      ctx.sodium,
      ctx.keys.get('progress'),
      { vaultId: ctx.vaultId, table: 'audit_log', rowId: row.id },
      { keyVersion: row.key_version, nonce: row.nonce, ciphertext: row.ciphertext },
    );
    if (payload.event === event) return payload.at;
  }
  return null;
}
