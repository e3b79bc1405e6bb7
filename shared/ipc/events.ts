import type { BackupProgress } from '../domain/backup';
import type { LockState } from '../domain/records';
import type { SyncProgress, SyncStatusView } from '../domain/sync';
import type { ErrorCode } from '../errors';

/** Window commands the native menu sends; the keys for them are handled in the page, where a text field can keep its typing. */
export const APP_COMMANDS = ['quickSwitcher', 'newSession', 'signNote', 'shortcuts'] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

/** Pushes from main to the renderer. The renderer resets its stores on every `vault.state` of Locked. */
export interface EventPayloads {
  'vault.state': { state: LockState; reason: string };
  /** Sent once a minute before the idle lock, so the window can warn. */
  'vault.idleWarning': { secondsLeft: number };
  'export.progress': { exportId: string; done: number; total: number };
  /** Stages of a backup, verify or restore, for a progress bar. */
  'backup.progress': BackupProgress;
  /**
   * Rows re-encrypted so far by a key rotation, sent after every batch, also
   * when an unlock resumes one. `failed` names what stopped it (it starts
   * again at the next unlock).
   */
  'keys.rotationProgress': { compartment: 'progress' | 'psychotherapy'; done: number; total: number; failed?: ErrorCode };
  /** Sync's state after every change of it (an exchange begun or ended, the folder chosen or forgotten). */
  'sync.status': SyncStatusView;
  /** Batch files imported so far by the exchange under way. */
  'sync.progress': SyncProgress;
  /** Another device's changes were merged into the vault: what the window shows may be out of date. */
  'sync.imported': { batches: number };
  /** A native menu entry was chosen. */
  'app.command': { command: AppCommand };
}

export type EventName = keyof EventPayloads;
export const EVENT_NAMES: readonly EventName[] = [
  'vault.state',
  'vault.idleWarning',
  'export.progress',
  'backup.progress',
  'keys.rotationProgress',
  'sync.status',
  'sync.progress',
  'sync.imported',
  'app.command',
];
