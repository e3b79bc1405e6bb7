/*
 * Batch files: one sealed file per batch of changes (docs/SYNC.md section 3).
 * The 80-byte header is the AEAD's associated data, so the vault, writer,
 * number, key version and length are authenticated with the body.
 */
import { SyncError } from '../../shared/errors';
import type { CompartmentKey } from '../vault/keyRing';
import type { Sodium } from '../vault/sodium';
import { randomBytes, wipe } from '../vault/sodium';
import { decryptAead, deriveSubkey } from '../vault/stackScrub';
import { ByteReader, ByteWriter } from './bytes';
import type { BatchBody, Change, ConflictRef, Frontier, RowVersion, SealedPayload, SyncTable } from './changes';
import { SYNC_TABLE_CODES, SYNC_TABLES } from './changes';
import type { Hlc } from './hlc';

export const BATCH_MAGIC = 'TVSYNCB1';
export const SNAPSHOT_MAGIC = 'TVSYNCS1';
export const HEADER_BYTES = 80;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
export const MAX_SEALED_BODY = 64 * 1024 * 1024;
const MAX_ROW_CIPHERTEXT = 16 * 1024 * 1024;
const SYNC_KEY_CONTEXT = 'tvsync01';

const KIND_CODES = { version: 1, conflict: 2, dismiss: 3 } as const;
const FLAG_FINAL = 1;
const FLAG_DELETED = 2;

export interface SyncKey {
  version: number;
  key: Uint8Array;
}

export interface BatchHeader {
  vaultId: string;
  device: string;
  seq: number;
  keyVersion: number;
}

/** Subkey 1 of "tvsync01" under the progress key: every device that opens the record can sync. */
export function deriveSyncKey(sodium: Sodium, progress: CompartmentKey): SyncKey {
  return { version: progress.version, key: deriveSubkey(sodium, 1, SYNC_KEY_CONTEXT, progress.key) };
}

function writeSeen(out: ByteWriter, seen: Readonly<Record<string, Hlc>>): void {
  const devices = Object.keys(seen).sort();
  if (devices.length < 1 || devices.length > 255) throw new RangeError('A seen vector holds 1-255 devices');
  out.u8(devices.length);
  for (const device of devices) {
    out.id(device);
    out.hlc(seen[device] as Hlc);
  }
}

/** A seen vector as sync_versions stores it: the batch encoding, alone. */
export function encodeSeen(seen: Readonly<Record<string, Hlc>>): Uint8Array {
  const out = new ByteWriter();
  writeSeen(out, seen);
  return out.finish();
}

export function decodeSeen(bytes: Uint8Array): Record<string, Hlc> {
  const input = new ByteReader(bytes, 'A stored seen vector');
  const seen = readSeen(input);
  input.end();
  return seen;
}

function writeVersionFields(out: ByteWriter, kind: number, version: RowVersion): void {
  out.u8(kind);
  out.u8(SYNC_TABLE_CODES[version.table]);
  out.u8((version.final ? FLAG_FINAL : 0) | (version.sealed === null ? FLAG_DELETED : 0));
  out.id(version.rowId);
  out.id(version.parentId);
  out.hlc(version.stamp.hlc);
  out.id(version.stamp.device);
  writeSeen(out, version.seen);
  writeSealed(out, version.sealed);
  if (kind === KIND_CODES.version && version.table === 'audit_log') {
    if (!version.audit || version.audit.mac.length !== 32) throw new RangeError('An audit version needs its seq and MAC');
    out.u64(version.audit.seq);
    out.bytes(version.audit.mac);
  }
}

function writeSealed(out: ByteWriter, sealed: SealedPayload | null): void {
  if (sealed === null) {
    out.u32(0);
    out.bytes(new Uint8Array(NONCE_BYTES));
    out.u32(0);
    return;
  }
  if (sealed.nonce.length !== NONCE_BYTES) throw new RangeError('A row nonce is 24 bytes');
  out.u32(sealed.keyVersion);
  out.bytes(sealed.nonce);
  out.u32(sealed.ciphertext.length);
  out.bytes(sealed.ciphertext);
}

function writeDismissal(out: ByteWriter, ref: ConflictRef): void {
  out.u8(KIND_CODES.dismiss);
  out.u8(SYNC_TABLE_CODES[ref.table]);
  out.u8(0);
  out.id(ref.rowId);
  out.id(null);
  out.hlc(ref.stamp.hlc);
  out.id(ref.stamp.device);
  writeSeen(out, { [ref.stamp.device]: ref.stamp.hlc });
  writeSealed(out, null);
}

function writeFrontier(out: ByteWriter, frontier: Frontier): void {
  const devices = Object.keys(frontier).sort();
  out.u16(devices.length);
  for (const device of devices) {
    out.id(device);
    out.u64(frontier[device] as number);
  }
}

/** Appends one change as a body lists it: a snapshot encodes its parts a page of changes at a time. */
export function writeChange(out: ByteWriter, change: Change): void {
  if (change.kind === 'dismiss') writeDismissal(out, change.ref);
  else writeVersionFields(out, KIND_CODES[change.kind], change.version);
}

export function encodeBody(body: BatchBody): Uint8Array {
  const out = new ByteWriter();
  writeFrontier(out, body.frontier);
  out.u32(body.changes.length);
  for (const change of body.changes) writeChange(out, change);
  return out.finish();
}

function readTable(input: ByteReader): SyncTable {
  const code = input.u8();
  const table = SYNC_TABLES.find((name) => SYNC_TABLE_CODES[name] === code);
  return table ?? input.fail('an unknown table code');
}

function readSeen(input: ByteReader): Record<string, Hlc> {
  const count = input.u8();
  if (count === 0) input.fail('an empty seen vector');
  const seen: Record<string, Hlc> = {};
  let previous = '';
  for (let i = 0; i < count; i += 1) {
    const device = input.id();
    if (device <= previous) input.fail('a seen vector out of order');
    seen[device] = input.hlc();
    previous = device;
  }
  return seen;
}

function readSealed(input: ByteReader, deleted: boolean): SealedPayload | null {
  const keyVersion = input.u32();
  const nonce = input.bytes(NONCE_BYTES);
  const length = input.u32();
  if (deleted) {
    if (keyVersion !== 0 || length !== 0 || nonce.some((byte) => byte !== 0)) input.fail('a tombstone with a payload');
    return null;
  }
  if (keyVersion < 1) input.fail('a key version of 0');
  if (length < TAG_BYTES || length > MAX_ROW_CIPHERTEXT) input.fail('a row of impossible length');
  return { keyVersion, nonce, ciphertext: input.bytes(length) };
}

function readChange(input: ByteReader): Change {
  const kind = input.u8();
  const table = readTable(input);
  const flags = input.u8();
  if ((flags & ~(FLAG_FINAL | FLAG_DELETED)) !== 0) input.fail('unknown flags');
  const final = (flags & FLAG_FINAL) !== 0;
  const deleted = (flags & FLAG_DELETED) !== 0;
  const rowId = input.id();
  const parentId = input.optionalId();
  const hlc = input.hlc();
  const device = input.id();
  const seen = readSeen(input);
  const sealed = readSealed(input, deleted || kind === KIND_CODES.dismiss);
  const stamp = { hlc, device };
  if (kind === KIND_CODES.dismiss) {
    if (flags !== 0 || parentId !== null) input.fail('a dismissal with row fields');
    return { kind: 'dismiss', ref: { table, rowId, stamp } };
  }
  if (kind !== KIND_CODES.version && kind !== KIND_CODES.conflict) input.fail('an unknown change kind');
  const version: RowVersion = { table, rowId, parentId, stamp, final, sealed, seen };
  if (kind === KIND_CODES.conflict) {
    if (deleted) input.fail('a conflict copy of a deletion');
    return { kind: 'conflict', version };
  }
  if (table === 'audit_log') version.audit = { seq: input.u64(), mac: input.bytes(32) };
  return { kind: 'version', version };
}

export function decodeBody(bytes: Uint8Array): BatchBody {
  const input = new ByteReader(bytes, 'A sync batch');
  const frontier: Record<string, number> = {};
  const devices = input.u16();
  let previous = '';
  for (let i = 0; i < devices; i += 1) {
    const device = input.id();
    if (device <= previous) input.fail('a frontier out of order');
    frontier[device] = input.u64();
    previous = device;
  }
  const count = input.u32();
  const changes: Change[] = [];
  for (let i = 0; i < count; i += 1) changes.push(readChange(input));
  input.end();
  return { frontier, changes };
}

function encodeHeader(magic: string, header: BatchHeader, nonce: Uint8Array, sealedLength: number): Uint8Array {
  const out = new ByteWriter();
  out.bytes(Buffer.from(magic, 'ascii'));
  out.id(header.vaultId);
  out.id(header.device);
  out.u64(header.seq);
  out.u32(header.keyVersion);
  out.bytes(nonce);
  out.u32(sealedLength);
  return out.finish();
}

/** The file's bytes: header, then `plaintext` sealed under the sync key with the header as AAD; the plaintext is wiped. */
function sealContainer(sodium: Sodium, magic: string, key: SyncKey, header: Omit<BatchHeader, 'keyVersion'>, plaintext: Uint8Array): Uint8Array {
  if (header.seq < 1) throw new RangeError('Batch numbers start at 1');
  try {
    const sealedLength = plaintext.length + TAG_BYTES;
    if (sealedLength > MAX_SEALED_BODY) throw new RangeError('A batch body is at most 64 MiB');
    const nonce = randomBytes(NONCE_BYTES);
    const head = encodeHeader(magic, { ...header, keyVersion: key.version }, nonce, sealedLength);
    const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, head, null, nonce, key.key);
    const file = new Uint8Array(HEADER_BYTES + sealed.length);
    file.set(head, 0);
    file.set(sealed, HEADER_BYTES);
    return file;
  } finally {
    wipe(sodium, plaintext);
  }
}

export function sealBatch(sodium: Sodium, key: SyncKey, header: Omit<BatchHeader, 'keyVersion'>, body: BatchBody): Uint8Array {
  return sealContainer(sodium, BATCH_MAGIC, key, header, encodeBody(body));
}

/** A snapshot part's changes, encoded one after another (writeChange). */
export interface EncodedChanges {
  count: number;
  bytes: Uint8Array;
}

/**
 * One part of a snapshot (docs/SYNC.md section 6): its number and the count
 * of parts lead a batch body whose changes come already encoded.
 */
export function sealSnapshotPart(sodium: Sodium, key: SyncKey, header: Omit<BatchHeader, 'keyVersion'>, part: SnapshotPart, frontier: Frontier, changes: EncodedChanges): Uint8Array {
  const out = new ByteWriter();
  out.u32(part.part);
  out.u32(part.parts);
  writeFrontier(out, frontier);
  out.u32(changes.count);
  out.bytes(changes.bytes);
  return sealContainer(sodium, SNAPSHOT_MAGIC, key, header, out.finish());
}

export interface SnapshotPart {
  /** 1 to parts. */
  part: number;
  parts: number;
}

export interface BatchLocation {
  vaultId: string;
  /** The device folder the file was read from. */
  device: string;
  /** The number in the file's name. */
  seq: number;
}

function where(location: BatchLocation): string {
  return `batch ${location.seq} of device ${location.device}`;
}

/** Opens a batch or snapshot container in the order docs/SYNC.md section 3 gives; the caller wipes the plaintext. */
function openContainer(
  sodium: Sodium,
  magic: string,
  keyFor: (version: number) => SyncKey | undefined,
  location: BatchLocation,
  file: Uint8Array,
): { header: BatchHeader; plaintext: Uint8Array } {
  const name = where(location);
  const prefix = magic.slice(0, -1);
  if (!startsLike(file, prefix)) throw new SyncError('SYNC_BAD_BATCH', `The ${name} is not a ${magic === BATCH_MAGIC ? 'batch' : 'snapshot'} file`);
  if (file.length < HEADER_BYTES) throw new SyncError('SYNC_TRUNCATED', `The ${name} is incomplete`);
  if (file[prefix.length] !== magic.charCodeAt(prefix.length)) {
    throw new SyncError('SYNC_NEWER_FORMAT', `The ${name} was written by a newer version of the app`);
  }
  const input = new ByteReader(file.subarray(0, HEADER_BYTES), `The ${name}`);
  input.bytes(magic.length);
  const header: BatchHeader = { vaultId: input.id(), device: input.id(), seq: input.u64(), keyVersion: input.u32() };
  const nonce = input.bytes(NONCE_BYTES);
  const sealedLength = input.u32();
  if (header.vaultId !== location.vaultId) throw new SyncError('SYNC_WRONG_VAULT', `The ${name} belongs to another vault`);
  if (sealedLength < TAG_BYTES || sealedLength > MAX_SEALED_BODY) throw new SyncError('SYNC_BAD_BATCH', `The ${name} is damaged`);
  if (file.length < HEADER_BYTES + sealedLength) throw new SyncError('SYNC_TRUNCATED', `The ${name} is incomplete`);
  if (file.length > HEADER_BYTES + sealedLength) throw new SyncError('SYNC_BAD_BATCH', `The ${name} has bytes past its end`);
  if (header.device !== location.device || header.seq !== location.seq) {
    throw new SyncError('SYNC_MISPLACED', `The ${name} holds number ${header.seq} of device ${header.device}`);
  }
  const key = keyFor(header.keyVersion);
  if (!key) throw new SyncError('SYNC_UNKNOWN_KEY_VERSION', `The ${name} is sealed under key version ${header.keyVersion}`);
  const plaintext = decryptAead(sodium, file.subarray(HEADER_BYTES), file.subarray(0, HEADER_BYTES), nonce, key.key);
  if (!plaintext) throw new SyncError('SYNC_TAMPERED', `The ${name} failed authentication`);
  return { header, plaintext };
}

/** Reads a batch file in the order docs/SYNC.md section 3 gives; every refusal is a SyncError. */
export function openBatch(
  sodium: Sodium,
  keyFor: (version: number) => SyncKey | undefined,
  location: BatchLocation,
  file: Uint8Array,
): { header: BatchHeader; body: BatchBody } {
  const { header, plaintext } = openContainer(sodium, BATCH_MAGIC, keyFor, location, file);
  let body: BatchBody;
  try {
    body = decodeBody(plaintext);
  } finally {
    wipe(sodium, plaintext);
  }
  // A batch carries its writer's own saves; only conflict copies and dismissals name other devices.
  if (body.changes.some((change) => change.kind === 'version' && change.version.stamp.device !== header.device)) {
    throw new SyncError('SYNC_BAD_BATCH', `The ${where(location)} carries a save stamped by another device`);
  }
  return { header, body };
}

/** Reads one snapshot part; unlike a batch, it carries every version its writer holds, whoever stamped it. */
export function openSnapshotPart(
  sodium: Sodium,
  keyFor: (version: number) => SyncKey | undefined,
  location: BatchLocation & { part: number },
  file: Uint8Array,
): { header: BatchHeader; part: SnapshotPart; body: BatchBody } {
  const { header, plaintext } = openContainer(sodium, SNAPSHOT_MAGIC, keyFor, location, file);
  try {
    const input = new ByteReader(plaintext.subarray(0, 8), `The ${where(location)}`);
    const part = { part: input.u32(), parts: input.u32() };
    if (part.part !== location.part || part.part < 1 || part.part > part.parts) {
      throw new SyncError('SYNC_MISPLACED', `The ${where(location)} holds part ${part.part} of ${part.parts}`);
    }
    return { header, part, body: decodeBody(plaintext.subarray(8)) };
  } finally {
    wipe(sodium, plaintext);
  }
}

/** Empty, or starting with the magic's first bytes: a file of that kind, perhaps still being copied. */
function startsLike(file: Uint8Array, prefixOfMagic: string): boolean {
  const prefix = Math.min(file.length, prefixOfMagic.length);
  return Buffer.from(file.subarray(0, prefix)).toString('latin1') === prefixOfMagic.slice(0, prefix);
}
