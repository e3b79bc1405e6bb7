/*
 * A stand-in for the file-sync tool between copies of the synced folder: it
 * copies each device's own files into the other copies late, half, whole,
 * twice, or beside a truncated `.sync-conflict-` copy, as told, the keys
 * files whole, and deletions.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Delivery = 'late' | 'half' | 'whole' | 'twice' | 'conflictCopy';

export interface FolderCopy {
  /** The device whose own folder is copied out. */
  id: string;
  /** Its copy of the vault's folder. */
  root: string;
}

/** Keys files (never rewritten) are copied whole to every copy that lacks them. */
function copyKeysFiles(copies: readonly FolderCopy[]): void {
  for (const from of copies) {
    const keys = join(from.root, 'keys');
    if (!existsSync(keys)) continue;
    for (const name of readdirSync(keys).filter((one) => !one.startsWith('.'))) {
      for (const to of copies) {
        const target = join(to.root, 'keys', name);
        if (to === from || existsSync(target)) continue;
        mkdirSync(join(to.root, 'keys'), { recursive: true });
        copyFileSync(join(keys, name), target);
      }
    }
  }
}

/** A file its device deleted goes from every copy too, as sync tools carry deletions. */
function carryDeletions(copies: readonly FolderCopy[]): void {
  for (const from of copies) {
    const own = join(from.root, 'devices', from.id);
    if (!existsSync(own)) continue;
    const kept = new Set(readdirSync(own));
    for (const to of copies) {
      const folder = join(to.root, 'devices', from.id);
      if (to === from || !existsSync(folder)) continue;
      for (const name of readdirSync(folder)) {
        if (/^[bs]-[0-9-]+\.tvs[bs]$/.test(name) && !kept.has(name)) rmSync(join(folder, name));
      }
    }
  }
}

export function syncTool(copies: readonly FolderCopy[], choose: () => Delivery): void {
  copyKeysFiles(copies);
  carryDeletions(copies);
  for (const from of copies) {
    const own = join(from.root, 'devices', from.id);
    if (!existsSync(own)) continue;
    for (const name of readdirSync(own)) {
      const bytes = readFileSync(join(own, name));
      for (const to of copies) {
        if (to === from) continue;
        const folder = join(to.root, 'devices', from.id);
        mkdirSync(folder, { recursive: true });
        const target = join(folder, name);
        const delivery = choose();
        if (delivery === 'late' || (existsSync(target) && readFileSync(target).equals(bytes))) continue;
        if (delivery === 'half') writeFileSync(target, bytes.subarray(0, Math.floor(bytes.length / 2)));
        if (delivery === 'whole' || delivery === 'twice') copyFileSync(join(own, name), target);
        if (delivery === 'conflictCopy') {
          writeFileSync(join(folder, name.replace(/(\.tvs[bs])$/, '.sync-conflict-20261202-101500-ABCDEFG$1')), bytes.subarray(0, 90));
          copyFileSync(join(own, name), target);
        }
      }
    }
  }
}
