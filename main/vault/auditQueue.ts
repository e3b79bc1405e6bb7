/*
 * Audit entries that could not be written when they happened: a backup that
 * finished after the keys were wiped (no key to seal the entry), or a full
 * disk. They wait here, in memory, with the time they happened, and go into
 * the chain ahead of the next entry written. They hold codes and counts,
 * never client data; an entry still waiting when the app quits is lost.
 */
import type { AuditEntry, AuditEvent } from '../../shared/domain/records';
import { appendAuditEntry } from './audit';
import type { VaultContext } from './context';
import { isoNow } from './context';

export type QueuedAudit = Omit<AuditEntry, 'seq'>;

export interface AuditQueue {
  /** Keeps an entry for later, dated now. */
  queue(ctx: Pick<VaultContext, 'clock'>, event: AuditEvent, detail?: AuditEntry['detail']): void;
  /** Writes the waiting entries, oldest first; each leaves the queue once written. Needs the progress key. */
  flush(ctx: VaultContext): void;
  waiting(): number;
}

export function createAuditQueue(): AuditQueue {
  const waiting: QueuedAudit[] = [];
  return {
    queue(ctx, event, detail) {
      waiting.push({ at: isoNow(ctx), event, ...(detail ? { detail } : {}) });
    },
    flush(ctx) {
      while (waiting.length > 0) {
        appendAuditEntry(ctx, waiting[0]!);
        waiting.shift();
      }
    },
    waiting: () => waiting.length,
  };
}
