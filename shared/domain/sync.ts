/*
 * What the window is told about sync through a folder (docs/SYNC.md): the
 * folder's own name, device names and ids, times, counts and error codes.
 * No path beyond the folder's name, and nothing from the record.
 */
import { z } from 'zod';
import type { ErrorCode } from '../errors';
import type { TreatmentPlanContent } from './schemas';

/** A name the therapist gives a computer ("Office desktop"); it travels to the other devices. */
export const deviceNameSchema = z.string().trim().min(1, 'enter a name for this computer').max(60, 'use at most 60 characters');

export interface SyncDeviceView {
  id: string;
  name: string;
  addedAt: string;
  /** Set once the device was removed (its keys changed); it reads nothing written after. */
  removedAt: string | null;
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
  /**
   * Counts up with every status main reports, in replies and pushes alike: the
   * two can cross on the way to the window, which keeps the higher.
   */
  revision: number;
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

/** Which record a conflict copy belongs to. */
export type SyncConflictKind = 'progressNote' | 'psychotherapyNote' | 'treatmentPlan';

/**
 * One conflict in the list: what it is about, as the client list and agenda
 * already name it (client, session date), and which computer's text lost.
 * Never a word of either text.
 */
export interface SyncConflictView {
  /** Opaque: names the copy for sync.openConflict and sync.resolveConflict. */
  id: string;
  kind: SyncConflictKind;
  /** The row id of the note or plan it is about, so an open editor can tell it is about its record. */
  recordId: string;
  clientName: string | null;
  /** The session's date for a note; null for a treatment plan. */
  sessionDate: string | null;
  /** The computer whose version was kept aside, as the registry names it. */
  deviceName: string | null;
  /** When that version was saved there (ISO time). */
  savedAt: string;
  /** The record here is signed: the other text can only become an addendum, or be discarded. */
  suggestion: boolean;
  /** The choices this conflict offers. */
  choices: SyncConflictChoice[];
}

/** One section of the two texts side by side: the note's field, or the whole psychotherapy note. */
export interface SyncConflictPart {
  label: string;
  thisText: string;
  otherText: string;
}

/**
 * A treatment plan's two versions, for the window to show field by field
 * (problems, their diagnoses, goals and objectives, interventions, review date).
 */
export interface SyncConflictPlans {
  /** Null when the plan was deleted here. */
  thisPlan: TreatmentPlanContent | null;
  otherPlan: TreatmentPlanContent;
  /** Code and description ("F43.22 Adjustment disorder with anxiety") of the client's diagnoses, by diagnosis id. */
  diagnoses: Record<string, string>;
}

/** An opened conflict: the two texts, only for the one conflict the therapist opened. */
export interface SyncConflictDetail extends SyncConflictView {
  /** A note's sections; empty for a treatment plan, whose versions are in `plans`. */
  parts: SyncConflictPart[];
  plans?: SyncConflictPlans;
}

/**
 * keepThis: the text on this computer stays, the other is discarded.
 * keepOther: the other computer's text replaces this one.
 * keepBoth: a draft keeps this text with the other one added after it; a
 * signed note gets the other text as a dated addendum.
 */
export const SYNC_CONFLICT_CHOICES = ['keepThis', 'keepOther', 'keepBoth'] as const;
export type SyncConflictChoice = (typeof SYNC_CONFLICT_CHOICES)[number];

export const syncConflictIdSchema = z
  .string()
  .regex(/^(progress_notes|psychotherapy_notes|treatment_plans)\.[0-9a-f]{32}\.[0-9a-f]{16}\.[0-9a-f]{32}$/, 'not a conflict id');
