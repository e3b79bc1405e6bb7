/*
 * The vault's open database file and the vault id read from it. Everything
 * else reaches the file through here, so a restore that puts another file in
 * place (reopen) is seen by every part at once.
 */
import { VaultError } from '../../shared/errors';
import type { Clock, VaultContext } from './context';
import type { VaultDatabase } from './db';
import { openDatabase } from './db';
import { createRowCache } from './rowCache';
import type { KeyRing } from './keyRing';
import type { ChangeRecorder } from './rowWrites';
import { readVaultId } from './slotStore';
import type { Sodium } from './sodium';

/** 1 MiB of 4 KiB pages per step of an online backup, between which the event loop runs. */
const BACKUP_PAGES_PER_STEP = 256;

export interface VaultStorage {
  readonly path: string;
  db(): VaultDatabase;
  /** Null before creation. */
  vaultId(): string | null;
  /** What repository functions are given; NO_VAULT before creation. */
  context(): VaultContext;
  /** Takes on the id of a vault just committed to the file. */
  adopt(id: string): void;
  /**
   * Copies the file through SQLite's online backup API. The copy runs on this
   * connection, the file's only writer, so a save made meanwhile goes into the
   * copy as well instead of restarting it. Rows are copied as stored: still encrypted.
   */
  backupTo(destination: string, onProgress?: (donePages: number, totalPages: number) => void): Promise<void>;
  /** Closes the file, runs `swap` while nothing holds it, then opens whatever is at the path. */
  reopenAround<T>(swap: () => T | Promise<T>): Promise<T>;
  close(): void;
}

export function openStorage(path: string, parts: { sodium: Sodium; keys: KeyRing; clock: Clock; changes?: ChangeRecorder }): VaultStorage {
  let db = openDatabase(path);
  let vaultId = readVaultId(db);
  // One cache per open file; a reopened file starts empty.
  let cache = createRowCache();
  const stopListening = parts.keys.onWipe((compartment) => cache.dropCompartment(compartment));
  return {
    path,
    db: () => db,
    vaultId: () => vaultId,
    context() {
      if (!vaultId) throw new VaultError('NO_VAULT', 'No vault has been created yet');
      return { db, vaultId, cache, ...parts };
    },
    adopt(id) {
      vaultId = id;
    },
    async backupTo(destination, onProgress) {
      await db.backup(destination, {
        progress: ({ totalPages, remainingPages }) => {
          onProgress?.(totalPages - remainingPages, totalPages);
          return BACKUP_PAGES_PER_STEP;
        },
      });
    },
    async reopenAround(swap) {
      db.close();
      cache = createRowCache();
      try {
        return await swap();
      } finally {
        db = openDatabase(path);
        vaultId = readVaultId(db);
      }
    },
    close() {
      stopListening();
      cache = createRowCache();
      db.close();
    },
  };
}
