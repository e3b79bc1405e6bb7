/*
 * A version that waits in sync_pending for its parent while a key rotation
 * runs (docs/SYNC.md sections 7 and 9): real vaults, real SQLite files, real
 * libsodium, a real folder, a removal of the version's writer. The rotation
 * re-seals the waiting version in its own compartment, so once its parent
 * arrives it opens under the new key after the old one is retired; the old
 * key opens nothing, and a waiting version altered in the file is refused
 * rather than sealed anew.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBody, encodeBody } from '../../../main/sync/batch';
import type { RowVersion } from '../../../main/sync/changes';
import { acceptRotatedKeys, removeDevice } from '../../../main/sync/removal';
import { exchange } from '../../../main/sync/vaultFolderSync';
import type { Compartment } from '../../../main/vault/compartments';
import { slotVersions } from '../../../main/vault/keyRotation';
import type { RotationProgress } from '../../../main/vault/keyRotation';
import { openRow } from '../../../main/vault/rowCipher';
import { PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { expectCode, flipByte } from '../vault/tamper';
import type { Device } from './vaultDevices';
import { devices, HOUR } from './vaultDevices';

const PSYCH_CANARY = 'CANARY-PENDING-PSYCHOTHERAPY-5e1d';
const OLD = { passphrase: PASSPHRASE, psychotherapyPassphrase: PSYCH_PASSPHRASE };
const NEW_PASSPHRASE = 'a new passphrase after the laptop went missing';
const NEW_PSYCH_PASSPHRASE = 'another new and longer psychotherapy passphrase';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function copyFolder(from: Device, to: Device): void {
  cpSync(join(from.root, 'devices', from.id), join(to.root, 'devices', from.id), { recursive: true });
}

/** a writes a client, b a session and a psychotherapy note under it; c has b's batch but not a's: both wait for their parent. */
async function waitingOnC() {
  const [a, b, c] = (await devices([0, HOUR, -HOUR], cleanups)) as [Device, Device, Device];
  const client = a.vault.clients.create({ name: 'Parent Client' });
  await exchange(a.ctx, a.chosen);
  copyFolder(a, b);
  await exchange(b.ctx, b.chosen);
  const session = b.vault.sessions.create({ clientId: client.id, date: '2026-12-03', startTime: '08:00', endTime: '08:50', modality: 'video' });
  const note = b.vault.psychotherapyNotes.create({ sessionId: session.id, text: `Process ${PSYCH_CANARY}` });
  await exchange(b.ctx, b.chosen);
  copyFolder(b, c);
  await exchange(c.ctx, c.chosen);
  expect(c.replica.store.heldCount()).toBe(2);
  return { a, b, c, session, note };
}

function pending(device: Device): { rowid: number; version: RowVersion }[] {
  const rows = device.ctx.db.prepare('SELECT rowid, change FROM sync_pending ORDER BY rowid').all() as { rowid: number; change: Buffer }[];
  return rows.map((row) => {
    const [change] = decodeBody(row.change).changes;
    if (change?.kind !== 'version') throw new Error('a waiting row holds one version');
    return { rowid: row.rowid, version: change.version };
  });
}

function keyVersions(device: Device): Record<string, number | undefined> {
  return Object.fromEntries(pending(device).map(({ version }) => [version.table, version.sealed?.keyVersion]));
}

function keyCopy(device: Device, compartment: Compartment) {
  const key = device.ctx.keys.get(compartment);
  return { version: key.version, key: Uint8Array.from(key.key) };
}

function storedRow(device: Device, table: 'sessions' | 'psychotherapy_notes', rowId: string) {
  const row = device.ctx.db.prepare(`SELECT key_version, nonce, ciphertext FROM ${table} WHERE id = ?`).get(rowId) as { key_version: number; nonce: Buffer; ciphertext: Buffer };
  return { ref: { vaultId: device.ctx.vaultId, table, rowId }, sealed: { keyVersion: row.key_version, nonce: row.nonce, ciphertext: row.ciphertext } };
}

async function rotate(device: Device, compartment: Compartment): Promise<RotationProgress[]> {
  const seen: RotationProgress[] = [];
  const stop = device.vault.onRotationProgress((progress) => seen.push(progress));
  await device.vault.rotateKeys({ compartment, passphrase: compartment === 'progress' ? PASSPHRASE : PSYCH_PASSPHRASE });
  await device.vault.rotationSettled();
  stop();
  return seen;
}

describe('a version waiting for its parent across a key rotation', () => {
  it('of a removed device is re-sealed in its own compartment, and opens once its parent arrives after the old keys are retired', async () => {
    const { a, b, c, session, note } = await waitingOnC();
    const oldProgress = keyCopy(c, 'progress');
    const oldPsych = keyCopy(c, 'psychotherapy');

    await rotate(c, 'progress');
    expect(keyVersions(c)).toEqual({ sessions: 2, psychotherapy_notes: 1 });
    expect(slotVersions(c.ctx.db, 'psychotherapy')).toEqual([1]);

    await removeDevice(c.vault, c.chosen, { deviceId: b.id, ...OLD, newPassphrase: NEW_PASSPHRASE, newPsychotherapyPassphrase: NEW_PSYCH_PASSPHRASE });
    expect(c.ctx.keys.held('progress').map((key) => key.version)).toEqual([3]);
    expect(c.ctx.keys.held('psychotherapy').map((key) => key.version)).toEqual([2]);
    expect(keyVersions(c)).toEqual({ sessions: 3, psychotherapy_notes: 2 });
    expect(c.replica.store.heldCount()).toBe(2);

    // The client reaches c only now, sent again by a under the keys it took from c.
    cpSync(c.root, a.root, { recursive: true });
    await expectCode(() => exchange(a.ctx, a.chosen), 'SYNC_KEYS_ROTATED');
    await acceptRotatedKeys(a.vault, a.chosen, { passphrase: NEW_PASSPHRASE, psychotherapyPassphrase: NEW_PSYCH_PASSPHRASE });
    cpSync(a.root, c.root, { recursive: true });
    await exchange(c.ctx, c.chosen);
    expect(c.replica.store.heldCount()).toBe(0);
    expect(c.vault.sessions.get(session.id).date).toBe('2026-12-03');
    expect(c.vault.psychotherapyNotes.get(note.id).text).toBe(`Process ${PSYCH_CANARY}`);

    const psych = storedRow(c, 'psychotherapy_notes', note.id);
    expect(psych.sealed.keyVersion).toBe(2);
    expect(() => openRow(c.ctx.sodium, { ...oldPsych, version: 2 }, psych.ref, psych.sealed)).toThrow();
    expect(() => openRow(c.ctx.sodium, oldPsych, psych.ref, { ...psych.sealed, keyVersion: 1 })).toThrow();
    expect(() => openRow(c.ctx.sodium, c.ctx.keys.get('psychotherapy'), psych.ref, { ...psych.sealed, ciphertext: flipByte(psych.sealed.ciphertext, 5) })).toThrow();
    const stored = storedRow(c, 'sessions', session.id);
    expect(stored.sealed.keyVersion).toBe(3);
    expect(() => openRow(c.ctx.sodium, { ...oldProgress, version: 3 }, stored.ref, stored.sealed)).toThrow();
  });

  it('leaves a waiting version altered in the file as it is and keeps the old key: the rotation stops as INTEGRITY', async () => {
    const { c } = await waitingOnC();
    const waiting = pending(c).find(({ version }) => version.table === 'sessions')!;
    const sealed = waiting.version.sealed!;
    const altered = encodeBody({ frontier: {}, changes: [{ kind: 'version', version: { ...waiting.version, sealed: { ...sealed, ciphertext: flipByte(sealed.ciphertext, 3) } } }] });
    c.ctx.db.prepare('UPDATE sync_pending SET change = ? WHERE rowid = ?').run(altered, waiting.rowid);

    const seen = await rotate(c, 'progress');
    expect(seen.at(-1)?.failed).toBe('INTEGRITY');
    expect(slotVersions(c.ctx.db, 'progress')).toEqual([2, 1]);
    const after = c.ctx.db.prepare('SELECT change FROM sync_pending WHERE rowid = ?').pluck().get(waiting.rowid) as Buffer;
    expect(Buffer.from(after).equals(Buffer.from(altered))).toBe(true);
  });
});
