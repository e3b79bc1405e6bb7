/*
 * The folder transport (docs/SYNC.md section 2). Each device appends files to
 * its own folder only, under a temporary name first, and never rewrites one;
 * readers take exact batch names only, so temporary files and the copies a
 * sync tool makes on a conflict are never read.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SyncError } from '../../shared/errors';
import { HEADER_BYTES, MAX_SEALED_BODY } from './batch';
import { isHexId } from './bytes';

const BATCH_NAME = /^b-([0-9]{12})\.tvsb$/;
const SNAPSHOT_NAME = /^s-([0-9]{12})-([0-9]{4})\.tvss$/;
const MAX_SEQ = 999_999_999_999;
/** A header and the largest sealed body: anything bigger is refused unread, not loaded into memory. */
const MAX_BATCH_FILE = HEADER_BYTES + MAX_SEALED_BODY;

export interface BatchFileRef {
  device: string;
  seq: number;
  path: string;
}

export function vaultFolder(chosen: string, vaultId: string): string {
  return join(chosen, `therapist-vault-${vaultId}`);
}

export function batchName(seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_SEQ) throw new RangeError('Batch numbers are 1 to 12 digits');
  return `b-${String(seq).padStart(12, '0')}.tvsb`;
}

export function snapshotName(seq: number, part: number): string {
  if (!Number.isInteger(part) || part < 1 || part > 9999) throw new RangeError('Snapshot parts are numbered 1 to 9999');
  return `s-${batchName(seq).slice(2, 14)}-${String(part).padStart(4, '0')}.tvss`;
}

export function deviceFolder(root: string, device: string): string {
  if (!isHexId(device)) throw new RangeError('A device id is 32 lowercase hex digits');
  return join(root, 'devices', device);
}

async function requireRoot(root: string): Promise<void> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new SyncError('SYNC_FOLDER_MISSING', 'The sync folder is not there');
}

async function entries(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function seqsIn(names: string[]): number[] {
  return names.flatMap((name) => {
    const match = BATCH_NAME.exec(name);
    return match ? [Number(match[1])] : [];
  });
}

/** A number no file of this device has: a vault restored from a backup must not reuse one. */
export async function nextBatchSeq(root: string, device: string, storedLast: number): Promise<number> {
  await requireRoot(root);
  const present = seqsIn(await entries(deviceFolder(root, device)));
  return Math.max(storedLast, ...present) + 1;
}

async function fsyncFolder(folder: string): Promise<void> {
  // Directories cannot be opened for fsync on every platform; the rename is atomic regardless.
  const handle = await open(folder, constants.O_RDONLY).catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/** A file written in full and fsynced under a temporary name (ignored by every reader), not yet in place. */
export interface StagedFile {
  folder: string;
  name: string;
  temporary: string;
}

async function stageFile(folder: string, name: string, bytes: Uint8Array): Promise<StagedFile> {
  const temporary = join(folder, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return { folder, name, temporary };
}

/** Renames a staged file to its name; never over an existing one. The temporary file is gone either way. */
async function placeStaged(file: StagedFile): Promise<string> {
  const target = join(file.folder, file.name);
  try {
    if (await stat(target).catch(() => undefined)) {
      throw new SyncError('SYNC_MISPLACED', `The file ${file.name} already exists`);
    }
    await rename(file.temporary, target);
  } catch (error) {
    await unlink(file.temporary).catch(() => undefined);
    throw error;
  }
  return target;
}

/** Writes the file under a temporary name, fsyncs it, then renames it into place; never over an existing name. */
export async function writeFileAtomically(folder: string, name: string, bytes: Uint8Array): Promise<string> {
  const target = await placeStaged(await stageFile(folder, name, bytes));
  await fsyncFolder(folder);
  return target;
}

export async function writeBatchFile(root: string, device: string, seq: number, bytes: Uint8Array): Promise<string> {
  await requireRoot(root);
  const folder = deviceFolder(root, device);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  return writeFileAtomically(folder, batchName(seq), bytes);
}

/** Every other device's batch files, by exact name only, in device then number order. */
export async function listBatchFiles(root: string, ownDevice: string): Promise<BatchFileRef[]> {
  await requireRoot(root);
  const devicesRoot = join(root, 'devices');
  const devices = (await entries(devicesRoot)).filter((name) => isHexId(name) && name !== ownDevice).sort();
  const refs: BatchFileRef[] = [];
  for (const device of devices) {
    const folder = join(devicesRoot, device);
    for (const seq of seqsIn(await entries(folder)).sort((a, b) => a - b)) {
      refs.push({ device, seq, path: join(folder, batchName(seq)) });
    }
  }
  return refs;
}

/** Which batches have been imported, by device; the frontier is what a batch reports as seen. */
export interface ImportedSet {
  has(device: string, seq: number): boolean;
  add(device: string, seq: number): void;
  frontier(): Record<string, number>;
}

export class MemoryImportedSet implements ImportedSet {
  private readonly seen = new Map<string, Set<number>>();

  has(device: string, seq: number): boolean {
    return this.seen.get(device)?.has(seq) ?? false;
  }

  add(device: string, seq: number): void {
    const seqs = this.seen.get(device) ?? new Set<number>();
    seqs.add(seq);
    this.seen.set(device, seqs);
  }

  frontier(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [device, seqs] of this.seen) {
      let last = 0;
      while (seqs.has(last + 1)) last += 1;
      if (last > 0) out[device] = last;
    }
    return out;
  }
}

export interface ImportOutcome {
  imported: BatchFileRef[];
  /** Files left for a later pass, with why; a half-copied file is among them until it is whole. */
  refused: { ref: BatchFileRef; code: string }[];
}

/**
 * Reads each listed file not yet imported and hands it to `apply` (which
 * opens and merges it, throwing a SyncError to refuse it, or answers 'later'
 * to leave it for another pass without a refusal). A file is marked
 * imported only once `apply` returned, so a refused one is read again next
 * time and a file listed twice is applied once.
 */
export async function importNewBatches(
  root: string,
  ownDevice: string,
  imported: ImportedSet,
  apply: (ref: BatchFileRef, bytes: Uint8Array) => void | 'later',
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { imported: [], refused: [] };
  for (const ref of await listBatchFiles(root, ownDevice)) {
    if (imported.has(ref.device, ref.seq)) continue;
    let bytes: Uint8Array;
    try {
      if ((await stat(ref.path)).size > MAX_BATCH_FILE) {
        outcome.refused.push({ ref, code: 'SYNC_BAD_BATCH' });
        continue;
      }
      bytes = new Uint8Array(await readFile(ref.path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    try {
      if (apply(ref, bytes) === 'later') continue;
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      outcome.refused.push({ ref, code: error.code });
      continue;
    }
    imported.add(ref.device, ref.seq);
    outcome.imported.push(ref);
  }
  return outcome;
}

/** The key version in a batch file's header, or null when the file is too short to say (it is then refused when opened). */
export async function batchKeyVersion(path: string): Promise<number | null> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return null;
  try {
    const header = Buffer.alloc(52);
    const { bytesRead } = await handle.read(header, 0, 52, 0);
    return bytesRead === 52 && header.toString('latin1', 0, 7) === 'TVSYNCB' ? header.readUInt32BE(48) : null;
  } finally {
    await handle.close();
  }
}

export interface SnapshotFileRef {
  device: string;
  seq: number;
  part: number;
  path: string;
}

/** Every snapshot part in the device folders, own included, by exact name only. */
export async function listSnapshotFiles(root: string): Promise<SnapshotFileRef[]> {
  await requireRoot(root);
  const devicesRoot = join(root, 'devices');
  const refs: SnapshotFileRef[] = [];
  for (const device of (await entries(devicesRoot)).filter(isHexId).sort()) {
    for (const name of await entries(join(devicesRoot, device))) {
      const match = SNAPSHOT_NAME.exec(name);
      if (match) refs.push({ device, seq: Number(match[1]), part: Number(match[2]), path: join(devicesRoot, device, name) });
    }
  }
  return refs.sort((a, b) => a.device.localeCompare(b.device) || a.seq - b.seq || a.part - b.part);
}

/** Writes one snapshot part under a temporary name; publishSnapshot puts every part in place at once. */
export async function stageSnapshotPart(root: string, device: string, seq: number, part: number, bytes: Uint8Array): Promise<StagedFile> {
  await requireRoot(root);
  const folder = deviceFolder(root, device);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  return stageFile(folder, snapshotName(seq, part), bytes);
}

/**
 * Renames staged parts into place, one after another with no work between
 * them, so other devices see a snapshot's parts appear together; a crash in
 * between leaves an incomplete snapshot, which readers pass over.
 */
export async function publishStaged(files: readonly StagedFile[]): Promise<void> {
  for (const file of files) await placeStaged(file);
  for (const folder of new Set(files.map((file) => file.folder))) await fsyncFolder(folder);
}

/** Removes staged files that will not be published. */
export async function discardStaged(files: readonly StagedFile[]): Promise<void> {
  for (const file of files) await unlink(file.temporary).catch(() => undefined);
}

/** Batch numbers present in a device's folder. */
export async function batchSeqsOf(root: string, device: string): Promise<number[]> {
  return seqsIn(await entries(deviceFolder(root, device))).sort((a, b) => a - b);
}

/** Removes one of this device's own files: the only files a device ever deletes. */
export async function removeOwnFile(root: string, device: string, name: string): Promise<void> {
  await unlink(join(deviceFolder(root, device), name)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
