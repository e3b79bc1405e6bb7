/*
 * The batches this vault has merged (sync_imported, docs/SYNC.md section 2):
 * the imported set of a real vault, and the frontier its batches report.
 */
import type { VaultDatabase } from '../vault/db';
import type { ImportedSet } from './folder';

/** Which batches this vault has merged, kept in sync_imported. */
export class VaultImportedSet implements ImportedSet {
  constructor(private readonly db: VaultDatabase) {}

  has(device: string, seq: number): boolean {
    return this.db.prepare('SELECT 1 FROM sync_imported WHERE device_id = ? AND seq = ?').get(device, seq) !== undefined;
  }

  add(device: string, seq: number): void {
    this.db.prepare('INSERT OR IGNORE INTO sync_imported (device_id, seq) VALUES (?, ?)').run(device, seq);
  }

  /** Every device this vault has merged a batch of. */
  knownDevices(): string[] {
    return this.db.prepare('SELECT DISTINCT device_id FROM sync_imported').pluck().all() as string[];
  }

  frontier(): Record<string, number> {
    const rows = this.db.prepare('SELECT device_id, seq FROM sync_imported ORDER BY device_id, seq').all() as { device_id: string; seq: number }[];
    const out: Record<string, number> = {};
    for (const row of rows) {
      const last = out[row.device_id] ?? 0;
      if (row.seq === last + 1) out[row.device_id] = row.seq;
    }
    return out;
  }
}
