import { afterEach, describe, expect, it } from 'vitest';
import { readCapturePublicKey, withCaptureSecretKey } from '../../../main/vault/captureKeys';
import { KeyRing } from '../../../main/vault/keyRing';
import { insertRow, readRow, readRows } from '../../../main/vault/rows';
import { decodeBytes, encodeBytes, openContent } from '../../../main/vault/sealedEnvelope';
import type { SealedNoteRecord } from '../../../main/vault/sealedNotes';
import { captureSealedNote, countSealedNotes, openSealedNotes } from '../../../main/vault/sealedNotes';
import { loadSodium } from '../../../main/vault/sodium';
import type { Vault } from '../../../main/vault/vaultApi';
import type { Session } from '../../../shared/domain/records';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import type { KeyedFile } from './tamper';
import { expectCode, expectIntegrity, flipByte, reopenWithKeys, withRawFile } from './tamper';

const TEXT = 'Sealed in the hallway: the long silence after the question about her brother.';
const MARKER = 'silence after the question';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

const SESSION_TIMES = { startTime: '14:00', endTime: '14:50', modality: 'in-person' } as const;

async function vaultWithSession(keyRing?: KeyRing): Promise<{ vault: Vault; session: Session; path: string; keyRing: KeyRing }> {
  const sodium = await loadSodium();
  const ring = keyRing ?? new KeyRing(sodium);
  const made = await createdVault({ keyRing: ring });
  cleanups.push(() => made.dispose());
  const client = made.vault.clients.create({ name: 'Sealed Client' });
  const session = made.vault.sessions.create({
    clientId: client.id,
    date: '2026-05-04',
    ...SESSION_TIMES,
  });
  return { vault: made.vault, session, path: made.path, keyRing: ring };
}

async function keyed(vault: Vault, ring: KeyRing, path: string): Promise<KeyedFile> {
  const file = await reopenWithKeys(vault, ring, path);
  cleanups.push(() => file.close());
  return file;
}

function envelopeOf(file: KeyedFile, id: string): Uint8Array {
  const row = readRow<SealedNoteRecord>(file.ctx, 'sealed_notes', id);
  if (!row) throw new Error('test setup: no sealed row');
  return decodeBytes(file.ctx.sodium, row.envelope);
}

describe('quick capture while the psychotherapy compartment is closed', () => {
  it('seals the note, answers only its id and the count, and turns it into a psychotherapy note when the compartment opens', async () => {
    const { vault, session } = await vaultWithSession();
    expect(vault.state()).toBe('open');
    const first = vault.sealedCapture.capture({ sessionId: session.id, text: TEXT });
    const second = vault.sealedCapture.capture({ sessionId: session.id, text: 'a second thought' });
    expect(first).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), sealedCount: 1 });
    expect(second.sealedCount).toBe(2);
    expect(vault.sealedCapture.countForSession(session.id)).toBe(2);
    await expectCode(() => vault.psychotherapyNotes.listForSession(session.id), 'PSYCHOTHERAPY_LOCKED');

    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(vault.sealedCapture.countForSession(session.id)).toBe(0);
    const notes = vault.psychotherapyNotes.listForSession(session.id);
    expect(notes.map((note) => note.text)).toEqual([TEXT, 'a second thought']);
    expect(notes[0]?.createdAt).toBe(notes[0]?.updatedAt);
    const opened = vault.audit.list().find((entry) => entry.event === 'psychotherapy.opened');
    expect(opened?.detail).toEqual({ failedAttempts: 0, sealedOpened: 2, sealedUnreadable: 0 });
    for (const entry of vault.audit.list()) expect(JSON.stringify(entry)).not.toContain(MARKER);
  });

  it('opens a note captured while the compartment is open straight away', async () => {
    const { vault, session } = await vaultWithSession();
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(vault.sealedCapture.capture({ sessionId: session.id, text: TEXT }).sealedCount).toBe(0);
    expect(vault.psychotherapyNotes.listForSession(session.id).map((note) => note.text)).toEqual([TEXT]);
  });

  it('is refused while the vault is locked, for a missing session, and for an empty note', async () => {
    const { vault, session } = await vaultWithSession();
    await expectCode(() => vault.sealedCapture.capture({ sessionId: session.id, text: '  \n ' }), 'INVALID_INPUT');
    await expectCode(() => vault.sealedCapture.capture({ sessionId: 'a'.repeat(32), text: TEXT }), 'NOT_FOUND');
    await vault.lock();
    await expectCode(() => vault.sealedCapture.capture({ sessionId: session.id, text: TEXT }), 'LOCKED');
    await expectCode(() => vault.sealedCapture.countForSession(session.id), 'LOCKED');
    await vault.unlock(PASSPHRASE);
    expect(vault.sealedCapture.countForSession(session.id)).toBe(0);
  });

  it('cannot be opened with the progress key: the vault open without the compartment holds nothing that reads it', async () => {
    const { vault, session, path, keyRing } = await vaultWithSession();
    const { id } = vault.sealedCapture.capture({ sessionId: session.id, text: TEXT });
    const file = await keyed(vault, keyRing, path);
    const { sodium } = file.ctx;
    expect(file.ctx.keys.has('psychotherapy')).toBe(false);
    const envelope = envelopeOf(file, id);
    expect(Buffer.from(envelope).includes(Buffer.from(MARKER))).toBe(false);
    const publicKey = readCapturePublicKey(file.ctx);
    if (!publicKey) throw new Error('test setup: no public key');
    const progressKey = file.ctx.keys.get('progress').key;
    // The progress key as the X25519 secret key, and as the row key of an AEAD over the envelope.
    await expectIntegrity(
      () => openContent(sodium, { publicKey: publicKey.publicKey, secretKey: progressKey }, envelope, { rowId: id, sessionId: session.id }),
      'sealed_notes',
      id,
      [MARKER],
    );
    expect(() => sodium.crypto_box_seal_open(envelope, sodium.crypto_scalarmult_base(progressKey), progressKey)).toThrow();
    await expectCode(() => withCaptureSecretKey(file.ctx, () => undefined), 'PSYCHOTHERAPY_LOCKED');
    await expectCode(() => openSealedNotes(file.ctx), 'PSYCHOTHERAPY_LOCKED');
  });

  it('does not open with another secret key, or with one byte flipped anywhere in the envelope', async () => {
    const { vault, session, path, keyRing } = await vaultWithSession();
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const file = await keyed(vault, keyRing, path);
    const { sodium } = file.ctx;
    const id = captureWithoutOpening(file, session.id, TEXT);
    const expected = { rowId: id, sessionId: session.id };
    const envelope = envelopeOf(file, id);
    const other = sodium.crypto_box_keypair();
    await expectIntegrity(
      () => openContent(sodium, { publicKey: other.publicKey, secretKey: other.privateKey }, envelope, expected),
      'sealed_notes',
      id,
      [MARKER],
    );
    withCaptureSecretKey(file.ctx, (pair) => {
      expect(openContent(sodium, pair, envelope, expected).text).toBe(TEXT);
      for (const index of [0, 31, 32, 40, envelope.length - 17, envelope.length - 1]) {
        expect(() => openContent(sodium, pair, flipByte(envelope, index), expected)).toThrow(/could not be opened/);
      }
    });
  });

  it('refuses an envelope re-pointed at another session, even by someone holding the progress key', async () => {
    const { vault, session, path, keyRing } = await vaultWithSession();
    const other = vault.sessions.create({ clientId: session.clientId, date: '2026-05-11', ...SESSION_TIMES });
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const file = await keyed(vault, keyRing, path);
    const moved = captureWithoutOpening(file, session.id, TEXT);
    const envelope = readRow<SealedNoteRecord>(file.ctx, 'sealed_notes', moved);
    if (!envelope) throw new Error('test setup');
    // A new row for the other session, sealed under the progress key, around the first session's envelope.
    const forged = 'f'.repeat(32);
    insertRow(file.ctx, 'sealed_notes', forged, other.id, { ...envelope, sessionId: other.id });
    // And the plain foreign key of the real row changed, outside the AEAD.
    file.ctx.db.prepare('UPDATE sealed_notes SET session_id = ? WHERE id = ?').run(other.id, moved);

    expect(openSealedNotes(file.ctx)).toEqual({ opened: 0, unreadable: 2 });
    expect(readRows(file.ctx, 'psychotherapy_notes', other.id)).toEqual([]);
    expect(countSealedNotes(file.ctx, other.id)).toBe(2);
  });

  it('catches a public key swapped by someone holding only the progress key at the next opening', async () => {
    const { vault, path, keyRing } = await vaultWithSession();
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const file = await keyed(vault, keyRing, path);
    const publicKey = readCapturePublicKey(file.ctx);
    if (!publicKey) throw new Error('test setup');
    const intruder = file.ctx.sodium.crypto_box_keypair();
    file.ctx.db.pragma('foreign_keys = OFF');
    file.ctx.db.prepare('DELETE FROM capture_public_keys WHERE id = ?').run(publicKey.id);
    insertRow(file.ctx, 'capture_public_keys', publicKey.id, null, {
      publicKey: encodeBytes(file.ctx.sodium, intruder.publicKey),
      createdAt: new Date().toISOString(),
    });
    const secretRowId = file.ctx.db.prepare('SELECT id FROM capture_secret_keys').pluck().get() as string;
    await expectIntegrity(() => withCaptureSecretKey(file.ctx, () => undefined), 'capture_secret_keys', secretRowId);
  });
});

/** Seals a note into the file the way capture does, without the opening capture does when the compartment is open. */
function captureWithoutOpening(file: KeyedFile, sessionId: string, text: string): string {
  const psychotherapy = file.ctx.keys.has('psychotherapy') ? file.ctx.keys.get('psychotherapy') : null;
  const held = psychotherapy ? { version: psychotherapy.version, key: Uint8Array.from(psychotherapy.key) } : null;
  file.ctx.keys.wipe('psychotherapy');
  try {
    return captureSealedNote(file.ctx, { sessionId, text }).id;
  } finally {
    if (held) file.ctx.keys.set('psychotherapy', held);
  }
}

describe('the per-client list of psychotherapy notes', () => {
  it('lists every note of the client with its session date, newest session first, only while the compartment is open', async () => {
    const { vault, session } = await vaultWithSession();
    const later = vault.sessions.create({ clientId: session.clientId, date: '2026-05-18', ...SESSION_TIMES });
    const otherClient = vault.clients.create({ name: 'Someone Else' });
    const elsewhere = vault.sessions.create({ clientId: otherClient.id, date: '2026-05-04', ...SESSION_TIMES });
    await expectCode(() => vault.psychotherapyNotes.listForClient(session.clientId), 'PSYCHOTHERAPY_LOCKED');
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    vault.psychotherapyNotes.create({ sessionId: session.id, text: 'early' });
    vault.psychotherapyNotes.create({ sessionId: later.id, text: 'later' });
    vault.psychotherapyNotes.create({ sessionId: elsewhere.id, text: 'not this client' });
    const listed = vault.psychotherapyNotes.listForClient(session.clientId);
    expect(listed.map(({ text, sessionDate, sessionStartTime }) => ({ text, sessionDate, sessionStartTime }))).toEqual([
      { text: 'later', sessionDate: '2026-05-18', sessionStartTime: '14:00' },
      { text: 'early', sessionDate: '2026-05-04', sessionStartTime: '14:00' },
    ]);
    await expectCode(() => vault.psychotherapyNotes.listForClient('a'.repeat(32)), 'NOT_FOUND');
    vault.closePsychotherapy();
    await expectCode(() => vault.psychotherapyNotes.listForClient(session.clientId), 'PSYCHOTHERAPY_LOCKED');
  });
});

describe('the quick-capture key pair', () => {
  it('is made at creation: public half under the progress key, secret half only under the psychotherapy key', async () => {
    const { vault, path, keyRing } = await vaultWithSession();
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const file = await keyed(vault, keyRing, path);
    expect(readCapturePublicKey(file.ctx)?.publicKey).toHaveLength(32);
    withCaptureSecretKey(file.ctx, (pair) => {
      expect(pair.secretKey).toHaveLength(32);
    });
    file.ctx.keys.wipe('psychotherapy');
    await expectCode(() => readRows(file.ctx, 'capture_secret_keys'), 'PSYCHOTHERAPY_LOCKED');
  });

  it('is made the first time the compartment opens in a vault that has none, and capture waits for it', async () => {
    const { vault, session, path } = await vaultWithSession();
    await vault.close();
    withRawFile(path, (db) => {
      db.exec('DELETE FROM capture_secret_keys; DELETE FROM capture_public_keys;');
    });
    const { openVault } = await import('../../../main/vault/vault');
    const reopened = await openVault(path);
    cleanups.push(() => reopened.close());
    await reopened.unlock(PASSPHRASE);
    await expectCode(() => reopened.sealedCapture.capture({ sessionId: session.id, text: TEXT }), 'CAPTURE_UNAVAILABLE');
    await reopened.openPsychotherapy(PSYCH_PASSPHRASE);
    reopened.closePsychotherapy();
    expect(reopened.sealedCapture.capture({ sessionId: session.id, text: TEXT }).sealedCount).toBe(1);
    // One at creation, one after the rows were removed.
    expect(reopened.audit.list().filter((entry) => entry.event === 'captureKeys.created')).toHaveLength(2);
  });
});
