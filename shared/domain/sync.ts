/*
 * What the window is told about sync through a folder (docs/SYNC.md): the
 * folder's own name, device names and ids, times, counts and error codes.
 * No path beyond the folder's name, and nothing from the record.
 */
import { z } from 'zod';
import type { ErrorCode } from '../errors';

/** A name the therapist gives a computer ("Office desktop"); it travels to the other devices. */
export const deviceNameSchema = z.string().trim().min(1, 'enter a name for this computer').max(60, 'use at most 60 characters');

export interface SyncDeviceView {
  id: string;
  name: string;
  addedAt: string;
  thisDevice: boolean;
}

export interface SyncStatusView {
  /** The chosen folder's own name; null while sync is off. Where it lives stays in main. */
  folderName: string | null;
  /** This computer as the vault knows it; null until it has been named. */
  device: { id: string; name: string | null };
  /** Every device that has written to the folder, as far as this one has heard, oldest first. */
  devices: SyncDeviceView[];
  /** An exchange is under way. */
  running: boolean;
  /** When the last exchange finished without error (ISO time); null before the first. */
  lastExchangeAt: string | null;
  /** Why the last exchange failed; cleared by one that succeeds. */
  lastError: ErrorCode | null;
  /** Saves of this computer not written to the folder yet. */
  pending: number;
  /** Versions kept side by side because two devices edited the same row. */
  conflicts: number;
  /** Files in the folder refused at the last exchange (a file still being copied is among them until it is whole). */
  refused: number;
}

/** Batch files imported so far in one exchange, for a progress bar on a first large join. */
export interface SyncProgress {
  imported: number;
  total: number;
  /** True while a new computer is being assembled from the folder (vault.join). */
  joining: boolean;
}

/** The folder chosen to join from: its own name, and whether it holds exactly one vault to join. */
export interface JoinFolderView {
  chosen: boolean;
  folderName: string | null;
  /** False when the folder holds no vault, or more than one. */
  holdsVault: boolean;
}
