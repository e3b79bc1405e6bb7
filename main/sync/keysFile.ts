/*
 * The keys file (docs/SYNC.md section 7): the vault's key slots exactly as
 * key_slots stores them, so a device joins from the folder with the
 * passphrase. It holds only wrapped keys; its MAC, under a subkey of the
 * progress key, is checked with the key the passphrase just unwrapped, so a
 * planted file is refused.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SyncError } from '../../shared/errors';
import type { Compartment } from '../vault/compartments';
import type { CompartmentKey } from '../vault/keyRing';
import type { KeySlot, SlotKind } from '../vault/keySlots';
import { slotChecksum } from '../vault/keySlots';
import type { Sodium } from '../vault/sodium';
import { wipe } from '../vault/sodium';
import { deriveSubkey } from '../vault/stackScrub';
import { ByteReader, ByteWriter } from './bytes';
import { writeFileAtomically } from './folder';

const MAGIC = 'TVSYNCK1';
const MAC_BYTES = 32;
const KEYS_NAME = /^k-([0-9]{1,10})-([0-9]{1,10})\.tvsk$/;
const COMPARTMENT_CODES: Record<Compartment, number> = { progress: 1, psychotherapy: 2 };
const KIND_CODES = { passphrase: 1, recovery: 2 } as const;

export interface KeysFile {
  vaultId: string;
  keyVersion: number;
  n: number;
  slots: KeySlot[];
}

function macKey(sodium: Sodium, progress: CompartmentKey): Uint8Array {
  return deriveSubkey(sodium, 2, 'tvsync01', progress.key);
}

function encodeFields(file: KeysFile): Uint8Array {
  const out = new ByteWriter();
  out.bytes(Buffer.from(MAGIC, 'ascii'));
  out.id(file.vaultId);
  out.u32(file.keyVersion);
  out.u32(file.n);
  out.u16(file.slots.length);
  for (const slot of file.slots) {
    out.id(slot.slotId);
    out.u8(COMPARTMENT_CODES[slot.compartment]);
    out.u8(KIND_CODES[slot.kind]);
    out.u32(slot.keyVersion);
    out.u32(slot.kdf?.opsLimit ?? 0);
    out.u64(slot.kdf?.memLimit ?? 0);
    out.bytes(slot.salt ?? new Uint8Array(16));
    out.bytes(slot.nonce);
    out.bytes(slot.wrappedKey);
  }
  return out.finish();
}

export function sealKeysFile(sodium: Sodium, progress: CompartmentKey, file: KeysFile): Uint8Array {
  const fields = encodeFields(file);
  const key = macKey(sodium, progress);
  try {
    return Buffer.concat([fields, sodium.crypto_auth(fields, key)]);
  } finally {
    wipe(sodium, key);
  }
}

/** Parses a keys file without trusting it: the MAC is checked by verifyKeysFile once a slot has opened. */
export function parseKeysFile(sodium: Sodium, bytes: Uint8Array): { file: KeysFile; fields: Uint8Array; mac: Uint8Array } {
  if (bytes.length < MAGIC.length + MAC_BYTES || Buffer.from(bytes.subarray(0, MAGIC.length)).toString('latin1') !== MAGIC) {
    throw new SyncError('SYNC_BAD_BATCH', 'A keys file is damaged or not a keys file');
  }
  const fields = bytes.subarray(0, bytes.length - MAC_BYTES);
  const input = new ByteReader(fields, 'A keys file');
  input.bytes(MAGIC.length);
  const vaultId = input.id();
  const keyVersion = input.u32();
  const n = input.u32();
  const count = input.u16();
  const slots: KeySlot[] = [];
  for (let i = 0; i < count; i += 1) {
    const slotId = input.id();
    const compartmentCode = input.u8();
    const compartment =
      (Object.keys(COMPARTMENT_CODES) as Compartment[]).find((name) => COMPARTMENT_CODES[name] === compartmentCode) ??
      input.fail('an unknown compartment');
    const kindCode = input.u8();
    const kind: SlotKind =
      kindCode === KIND_CODES.passphrase ? 'passphrase' : kindCode === KIND_CODES.recovery ? 'recovery' : input.fail('an unknown slot kind');
    const slotKeyVersion = input.u32();
    const opsLimit = input.u32();
    const memLimit = input.u64();
    const salt = input.bytes(16);
    const nonce = input.bytes(24);
    const wrappedKey = input.bytes(48);
    const slot = {
      slotId,
      compartment,
      kind,
      keyVersion: slotKeyVersion,
      kdf: kind === 'passphrase' ? { algorithm: 'argon2id13' as const, opsLimit, memLimit } : null,
      salt: kind === 'passphrase' ? salt : null,
      nonce,
      wrappedKey,
    };
    slots.push({ ...slot, checksum: slotChecksum(sodium, slot) });
  }
  input.end();
  return { file: { vaultId, keyVersion, n, slots }, fields, mac: bytes.subarray(bytes.length - MAC_BYTES) };
}

export function verifyKeysFile(sodium: Sodium, progress: CompartmentKey, parsed: { fields: Uint8Array; mac: Uint8Array }): boolean {
  const key = macKey(sodium, progress);
  try {
    return sodium.crypto_auth_verify(parsed.mac, parsed.fields, key);
  } catch {
    return false;
  } finally {
    wipe(sodium, key);
  }
}

export function keysFolder(root: string): string {
  return join(root, 'keys');
}

/** Keys files in the folder, newest key version and newest n first. */
export async function listKeysFiles(root: string): Promise<{ keyVersion: number; n: number; path: string }[]> {
  const names = await readdir(keysFolder(root)).catch(() => [] as string[]);
  return names
    .flatMap((name) => {
      const match = KEYS_NAME.exec(name);
      return match ? [{ keyVersion: Number(match[1]), n: Number(match[2]), path: join(keysFolder(root), name) }] : [];
    })
    .sort((a, b) => b.keyVersion - a.keyVersion || b.n - a.n);
}

/**
 * Writes the slots as the next keys file of their key version, unless the
 * newest one already holds exactly these slots. Never rewrites a file.
 */
export async function publishKeys(root: string, sodium: Sodium, progress: CompartmentKey, vaultId: string, slots: KeySlot[]): Promise<boolean> {
  const ofVersion = (await listKeysFiles(root)).filter((entry) => entry.keyVersion === progress.version);
  const newest = ofVersion[0];
  const ordered = [...slots].sort((a, b) => a.slotId.localeCompare(b.slotId));
  if (newest) {
    const bytes = await readFile(newest.path);
    const same = sealKeysFile(sodium, progress, { vaultId, keyVersion: progress.version, n: newest.n, slots: ordered });
    if (Buffer.from(same).equals(bytes)) return false;
  }
  const n = (newest?.n ?? 0) + 1;
  await mkdir(keysFolder(root), { recursive: true, mode: 0o700 });
  await writeFileAtomically(keysFolder(root), `k-${progress.version}-${n}.tvsk`, sealKeysFile(sodium, progress, { vaultId, keyVersion: progress.version, n, slots: ordered }));
  return true;
}
