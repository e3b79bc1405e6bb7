/*
 * Quick capture: a psychotherapy note written while the compartment is
 * closed. It is sealed to the compartment's public key at once and kept as a
 * `sealed_notes` row (progress compartment, so the row is bound to its place
 * and session; the note inside is an envelope only the secret key opens).
 * Nothing here returns a sealed note's text: capture answers an id and a
 * count. When the compartment opens, every envelope becomes an ordinary
 * psychotherapy note under the psychotherapy key and the envelope row goes,
 * in one transaction, so sealed notes exist only while the compartment is shut.
 */
import type { PsychotherapyNote, SealedCapture } from '../../shared/domain/records';
import type { SealedNoteInput } from '../../shared/domain/schemas';
import { rowIdSchema, sealedNoteInputSchema } from '../../shared/domain/schemas';
import { isVaultError, VaultError } from '../../shared/errors';
import { appendAudit } from './audit';
import type { CaptureKeyPair } from './captureKeys';
import { readCapturePublicKey, withCaptureSecretKey } from './captureKeys';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { newId } from './ids';
import { deleteRow, insertRow, readRow } from './rows';
import type { SealedContent } from './sealedEnvelope';
import { decodeBytes, encodeBytes, openContent, sealContent } from './sealedEnvelope';
import { getSession } from './sessions';
import { parseInput } from './validate';

export interface SealedNoteRecord {
  sessionId: string;
  /** The capture_public_keys row the envelope was sealed to. */
  keyPairId: string;
  /** crypto_box_seal output (ephemeral public key || ciphertext with tag), base64 (RFC 4648, padded). */
  envelope: string;
}

export interface SealedOpening {
  opened: number;
  /** Envelopes left sealed: altered, or sealed to a key pair the vault no longer holds. */
  unreadable: number;
}

export function countSealedNotes(ctx: VaultContext, sessionId: string): number {
  parseInput(rowIdSchema, sessionId);
  getSession(ctx, sessionId);
  const row = ctx.db.prepare('SELECT COUNT(*) AS count FROM sealed_notes WHERE session_id = ?').get(sessionId) as {
    count: number;
  };
  return row.count;
}

/** A sealed row that fails to authenticate, or an envelope that does not open, is skipped, not fatal. */
function openOne(ctx: VaultContext, pair: CaptureKeyPair, id: string): SealedContent | null {
  try {
    const row = readRow<SealedNoteRecord>(ctx, 'sealed_notes', id);
    if (!row || row.keyPairId !== pair.id) return null;
    return openContent(ctx.sodium, pair, decodeBytes(ctx.sodium, row.envelope), { rowId: id, sessionId: row.sessionId });
  } catch (error) {
    if (isVaultError(error) && error.code === 'INTEGRITY') return null;
    throw error;
  }
}

/**
 * Opens every sealed note into a psychotherapy note; needs the compartment
 * open. An envelope that does not open stays where it is, counted, so one
 * altered row never keeps the compartment shut.
 */
export function openSealedNotes(ctx: VaultContext): SealedOpening {
  ctx.keys.get('psychotherapy');
  const ids = ctx.db.prepare('SELECT id FROM sealed_notes ORDER BY rowid').pluck().all() as string[];
  if (ids.length === 0) return { opened: 0, unreadable: 0 };
  return withCaptureSecretKey(ctx, (pair) =>
    ctx.db.transaction(() => {
      let opened = 0;
      for (const id of ids) {
        const content = openOne(ctx, pair, id);
        if (!content) continue;
        const note: Omit<PsychotherapyNote, 'id'> = {
          sessionId: content.sessionId,
          text: content.text,
          createdAt: content.capturedAt,
          updatedAt: content.capturedAt,
        };
        insertRow(ctx, 'psychotherapy_notes', newId(ctx.sodium), note.sessionId, note);
        deleteRow(ctx, 'sealed_notes', id);
        opened += 1;
      }
      return { opened, unreadable: ids.length - opened };
    })(),
  );
}

/** Seals a note to the compartment's public key; while the compartment is open it is opened straight away. */
export function captureSealedNote(ctx: VaultContext, input: SealedNoteInput): SealedCapture {
  const { sessionId, text } = parseInput(sealedNoteInputSchema, input);
  getSession(ctx, sessionId);
  const publicKey = readCapturePublicKey(ctx);
  if (!publicKey) {
    throw new VaultError('CAPTURE_UNAVAILABLE', 'Open the psychotherapy notes once to set up quick capture');
  }
  const id = newId(ctx.sodium);
  const envelope = sealContent(ctx.sodium, publicKey.publicKey, { sessionId, text, capturedAt: isoNow(ctx) });
  const record: SealedNoteRecord = { sessionId, keyPairId: publicKey.id, envelope: encodeBytes(ctx.sodium, envelope) };
  ctx.db.transaction(() => {
    insertRow(ctx, 'sealed_notes', id, sessionId, record);
    appendAudit(ctx, 'psychotherapy.captured', { sealedNoteId: id });
  })();
  if (ctx.keys.has('psychotherapy')) openSealedNotes(ctx);
  return { id, sealedCount: countSealedNotes(ctx, sessionId) };
}
