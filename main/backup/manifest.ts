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
export const MANIFEST_VERSION = 2 as const;

const versionSchema = z.object({ format: z.literal(MANIFEST_FORMAT), manifestVersion: z.number().int().min(1) });

const manifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  /** Version 1 manifests have no MAC: the app cannot vouch for them. */
  manifestVersion: z.union([z.literal(1), z.literal(MANIFEST_VERSION)]),
  vaultId: z.string().regex(/^[0-9a-f]{32}$/),
  formatVersion: z.number().int().min(1),
  kind: z.enum(['manual', 'automatic']),
  createdAt: z.iso.datetime(),
  fileName: z.string().min(1).max(255),
  sizeBytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mac: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** What the manifest MAC covers: every field but the MAC, in a fixed order (docs/BACKUPS.md). */
export function manifestMacMessage(manifest: Omit<BackupManifest, 'mac'>): string {
  const { vaultId, formatVersion, kind, createdAt, fileName, sizeBytes, sha256 } = manifest;
  return ['tv-backup-manifest', manifest.manifestVersion, vaultId, formatVersion, kind, createdAt, fileName, sizeBytes, sha256].join('|');
}

/** The vault's manifest authority; it answers only while the vault is open. */
export interface ManifestAuthority {
  mac(message: string): string;
  isAuthentic(message: string, mac: string): boolean;
}

/**
 * A manifest the app can vouch for: its MAC verifies under this vault's key
 * and its time is not ahead of the clock (a clock once fast, or a planted
 * file). Only such manifests date the automatic backups, and are pruned.
 */
export function isVouchedFor(manifest: BackupManifest, authority: ManifestAuthority, now: number): boolean {
  if (manifest.mac === undefined || manifest.manifestVersion !== MANIFEST_VERSION) return false;
  if (Date.parse(manifest.createdAt) > now) return false;
  return authority.isAuthentic(manifestMacMessage(manifest), manifest.mac);
}

export interface AutomaticBackups {
  /** Vouched for, newest first. */
  vouched: { path: string; manifest: BackupManifest }[];
  /** File names of this vault's automatic backups the app cannot vouch for; never pruned, only reported. */
  unvouched: string[];
}

/** The automatic backups of `vaultId` in `folder`, sorted into those the app vouches for and the rest. */
export function automaticBackups(folder: string, vaultId: string, authority: ManifestAuthority, now: number): AutomaticBackups {
  const mine = listBackups(folder).filter(({ manifest }) => manifest.vaultId === vaultId && manifest.kind === 'automatic');
  const vouched = mine.filter(({ manifest }) => isVouchedFor(manifest, authority, now));
  return {
    vouched: vouched.sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt)),
    unvouched: mine.filter((entry) => !vouched.includes(entry)).map(({ manifest }) => manifest.fileName),
  };
}

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
