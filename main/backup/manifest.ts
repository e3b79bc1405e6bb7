/*
 * The small JSON file beside each backup. It lets a backup be checked for
 * change without any key (size and SHA-256) and lets automatic backups be
 * counted and pruned per vault. It holds no client data.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { VaultError } from '../../shared/errors';
import { FORMAT_VERSION } from '../vault/migrations';
import { fileSystemProblem, writeFileDurably } from './files';

export const BACKUP_EXTENSION = '.tvbackup';
const MANIFEST_SUFFIX = '.manifest.json';
const MANIFEST_FORMAT = 'therapist-vault-backup';
export const MANIFEST_VERSION = 1;

const versionSchema = z.object({ format: z.literal(MANIFEST_FORMAT), manifestVersion: z.number().int().min(1) });

const manifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  manifestVersion: z.literal(MANIFEST_VERSION),
  vaultId: z.string().regex(/^[0-9a-f]{32}$/),
  formatVersion: z.number().int().min(1),
  kind: z.enum(['manual', 'automatic']),
  createdAt: z.iso.datetime(),
  fileName: z.string().min(1).max(255),
  sizeBytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

export type ManifestRead = { state: 'ok'; manifest: BackupManifest } | { state: 'missing' } | { state: 'invalid' };

export function manifestPathFor(backupPath: string): string {
  return `${backupPath}${MANIFEST_SUFFIX}`;
}

/**
 * Names sort by time and have no colons, so they are valid on every file
 * system; a name already taken in `folder` gets a counter, so no backup is
 * ever written over another.
 */
export function backupFileName(folder: string, createdAt: string): string {
  const stem = `therapist-vault-${createdAt.replace(/[:.]/g, '-')}`;
  const taken = (name: string) => existsSync(join(folder, name)) || existsSync(join(folder, `${name}.partial`));
  let name = `${stem}${BACKUP_EXTENSION}`;
  for (let counter = 2; taken(name); counter += 1) name = `${stem}-${counter}${BACKUP_EXTENSION}`;
  return name;
}

function newerFormat(): VaultError {
  return new VaultError('NEWER_FORMAT', 'This backup was made by a newer version of the app; update the app to use it');
}

/** The manifest beside `backupPath`. A manifest from a newer app, or for a newer vault format, is NEWER_FORMAT. */
export function readManifest(backupPath: string): ManifestRead {
  let text: string;
  try {
    text = readFileSync(manifestPathFor(backupPath), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { state: 'invalid' };
  }
  const version = versionSchema.safeParse(json);
  if (version.success && version.data.manifestVersion > MANIFEST_VERSION) throw newerFormat();
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) return { state: 'invalid' };
  if (parsed.data.formatVersion > FORMAT_VERSION) throw newerFormat();
  return { state: 'ok', manifest: parsed.data };
}

export function writeManifest(backupPath: string, manifest: BackupManifest): void {
  writeFileDurably(manifestPathFor(backupPath), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Every readable manifest in `folder` with the backup it describes; unreadable ones are skipped. */
export function listBackups(folder: string): { path: string; manifest: BackupManifest }[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    throw fileSystemProblem(error, 'backup folder') ?? error;
  }
  return names
    .filter((name) => name.endsWith(`${BACKUP_EXTENSION}${MANIFEST_SUFFIX}`))
    .flatMap((name) => {
      const path = join(folder, name.slice(0, -MANIFEST_SUFFIX.length));
      try {
        const read = readManifest(path);
        return read.state === 'ok' ? [{ path, manifest: read.manifest }] : [];
      } catch {
        return [];
      }
    });
}
