/*
 * A stand-in for the file-sync tool between copies of the synced folder: it
 * copies each device's own files into the other copies late, half, whole,
 * twice, or beside a truncated `.sync-conflict-` copy, as told.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Delivery = 'late' | 'half' | 'whole' | 'twice' | 'conflictCopy';

export interface FolderCopy {
  /** The device whose own folder is copied out. */
  id: string;
  /** Its copy of the vault's folder. */
  root: string;
}

export function syncTool(copies: readonly FolderCopy[], choose: () => Delivery): void {
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
          writeFileSync(join(folder, name.replace('.tvsb', '.sync-conflict-20261202-101500-ABCDEFG.tvsb')), bytes.subarray(0, 90));
          copyFileSync(join(own, name), target);
        }
      }
    }
  }
}
