/*
 * Audit entries that could not be written when they happened: a backup that
 * finished after the keys were wiped (no key to seal the entry), or a full
 * disk. They wait here, in memory, with the time they happened, and go into
 * the chain ahead of the next entry written. They hold codes and counts,
 * never client data; an entry still waiting when the app quits is lost.
 */
import type { AuditEntry, AuditEvent } from '../../shared/domain/records';
import { isDiskFull } from '../../shared/errors';
import { appendAuditEntry } from './audit';
import type { VaultContext } from './context';
import { isoNow } from './context';

export type QueuedAudit = Omit<AuditEntry, 'seq'>;

export interface AuditQueue {
  /** Keeps an entry for later, dated now. */
  queue(ctx: Pick<VaultContext, 'clock'>, event: AuditEvent, detail?: AuditEntry['detail']): void;
  /** Writes the waiting entries, oldest first; each leaves the queue once written. Needs the progress key. */
  flush(ctx: VaultContext): void;
  /** Flushes, leaving the entries waiting when the disk is still full. */
  tryFlush(ctx: VaultContext): void;
  /**
   * Appends an entry behind any waiting ones. On a full disk it waits too,
   * and the call succeeds: an unlock or a lock must not fail for its audit entry.
   */
  record(ctx: VaultContext, event: AuditEvent, detail?: AuditEntry['detail']): void;
  waiting(): number;
}

export function createAuditQueue(): AuditQueue {
  const waiting: QueuedAudit[] = [];
  const flush = (ctx: VaultContext) => {
    while (waiting.length > 0) {
      appendAuditEntry(ctx, waiting[0]!);
      waiting.shift();
    }
  };
  const tryFlush = (ctx: VaultContext) => {
    try {
      flush(ctx);
    } catch (error) {
      if (!isDiskFull(error)) throw error;
    }
  };
  return {
    queue(ctx, event, detail) {
      waiting.push({ at: isoNow(ctx), event, ...(detail ? { detail } : {}) });
    },
    flush,
    tryFlush,
    record(ctx, event, detail) {
      const entry: QueuedAudit = { at: isoNow(ctx), event, ...(detail ? { detail } : {}) };
      waiting.push(entry);
      try {
        flush(ctx);
      } catch (error) {
        if (isDiskFull(error)) return;
        const index = waiting.indexOf(entry);
        if (index >= 0) waiting.splice(index, 1);
        throw error;
      }
    },
    waiting: () => waiting.length,
  };
}
