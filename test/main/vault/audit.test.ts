import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../../main/vault/audit';
import { KeyRing } from '../../../main/vault/keyRing';
import { loadSodium } from '../../../main/vault/sodium';
import type { AuditEntry } from '../../../shared/domain/records';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { FakeTime } from './fakeTime';
import type { KeyedFile } from './tamper';
import { expectCode, expectIntegrity, flipByte, reopenWithKeys, withRowChanged } from './tamper';

const CLIENT_NAME = 'Perpetua Lindqvist-Audit';
const time = new FakeTime();
let ring: KeyRing;
let made: Awaited<ReturnType<typeof createdVault>>;
let noteId: string;
let entries: AuditEntry[];

beforeAll(async () => {
  ring = new KeyRing(await loadSodium());
  made = await createdVault({ clock: time, keyRing: ring });
  const { vault } = made;
  time.advance(1000);
  await vault.lock('manual');
  time.advance(1000);
  await expectCode(() => vault.unlock('not the passphrase at all'), 'WRONG_PASSPHRASE');
  await vault.unlock(PASSPHRASE);
  time.advance(1000);
  await vault.openPsychotherapy(PSYCH_PASSPHRASE);
  time.advance(1000);
  vault.closePsychotherapy();
  const client = vault.clients.create({ name: CLIENT_NAME });
  const session = vault.sessions.create({
    clientId: client.id,
    date: '2026-03-02',
    startTime: '14:00',
    endTime: '14:50',
    modality: 'phone',
    status: 'attended',
  });
  const draft = vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'DAP', fields: { data: 'x' } });
  time.advance(1000);
  noteId = vault.progressNotes.sign(draft.id, 'Dr Audit').id;
  entries = vault.audit.list();
});

afterAll(async () => {
  await made?.dispose();
});

const at = (secondsAfterStart: number) => new Date(Date.UTC(2026, 10, 20, 9, 0, secondsAfterStart)).toISOString();

describe('audit log entries', () => {
  it('record creation, lock, unlock, psychotherapy open and close, and signing, in order and dated', () => {
    expect(entries).toEqual([
      { seq: 1, at: at(0), event: 'vault.created', detail: { kdfOps: 3, kdfMemMiB: 64 } },
      { seq: 2, at: at(0), event: 'captureKeys.created', detail: { keyPairId: expect.stringMatching(/^[0-9a-f]{32}$/) } },
      { seq: 3, at: at(1), event: 'vault.locked', detail: { reason: 'manual' } },
      { seq: 4, at: at(2), event: 'vault.unlocked', detail: { failedAttempts: 1 } },
      { seq: 5, at: at(3), event: 'psychotherapy.opened', detail: { failedAttempts: 0, sealedOpened: 0, sealedUnreadable: 0 } },
      { seq: 6, at: at(4), event: 'psychotherapy.closed', detail: { reason: 'psychotherapy-closed' } },
      { seq: 7, at: at(5), event: 'progressNote.signed', detail: { noteId } },
    ]);
  });

  it('carry no client data', () => {
    expect(JSON.stringify(entries)).not.toContain(CLIENT_NAME);
  });

  it('accept records from other services, such as an export', () => {
    made.vault.audit.record('export.created', { notes: 3 });
    const last = made.vault.audit.list().at(-1);
    expect(last).toMatchObject({ seq: 8, event: 'export.created', detail: { notes: 3 } });
  });
});

type AuditRow = { seq: number; id: string; key_version: number; nonce: Buffer; ciphertext: Buffer; mac: Buffer };

/**
 * Raw SQL needs the file, which the open vault holds exclusively: the chain
 * is read with listAudit on a connection of the test's own (see reopenWithKeys).
 */
describe('the audit chain', () => {
  let file: KeyedFile;
  beforeAll(async () => {
    file = await reopenWithKeys(made.vault, ring, made.path);
  });
  afterAll(() => file?.close());
  const raw = () => file.ctx.db;
  const list = () => listAudit(file.ctx);

  it('is stored encrypted, and closing the vault added its last entry', () => {
    expect(list().at(-1)).toMatchObject({ seq: 9, event: 'vault.locked', detail: { reason: 'quit' } });
    const stored = raw().prepare('SELECT ciphertext FROM audit_log').pluck().all() as Buffer[];
    expect(stored).toHaveLength(9);
    for (const ciphertext of stored) {
      expect(ciphertext.includes('vault.')).toBe(false);
      expect(ciphertext.includes('progressNote')).toBe(false);
    }
    expect(list()).toHaveLength(9);
  });

  const rowAt = (seq: number) => raw().prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as AuditRow;
  const listFailsAt = (seq: number) => expectIntegrity(list, 'audit_log', rowAt(seq).id);
  const insert = (row: AuditRow) =>
    raw()
      .prepare(
        'INSERT INTO audit_log (seq, id, key_version, nonce, ciphertext, mac) ' +
          'VALUES (@seq, @id, @key_version, @nonce, @ciphertext, @mac)',
      )
      .run(row);

  it('breaks when an entry is edited with raw SQL', async () => {
    const second = rowAt(2);
    const at2 = { column: 'seq', value: 2 };
    await withRowChanged(raw(), 'audit_log', at2, { ciphertext: flipByte(second.ciphertext, 5) }, () => listFailsAt(2));
    await withRowChanged(raw(), 'audit_log', at2, { nonce: flipByte(second.nonce, 0) }, () => listFailsAt(2));
    await withRowChanged(raw(), 'audit_log', at2, { mac: flipByte(second.mac, 31) }, () => listFailsAt(2));
    const third = rowAt(3);
    await withRowChanged(raw(), 'audit_log', at2, { nonce: third.nonce, ciphertext: third.ciphertext }, () =>
      listFailsAt(2),
    );
    expect(list()).toHaveLength(9);
  });

  it('breaks when an entry is deleted, first or in the middle', async () => {
    for (const seq of [1, 4]) {
      const removed = rowAt(seq);
      raw().prepare('DELETE FROM audit_log WHERE seq = ?').run(seq);
      try {
        await listFailsAt(seq + 1);
      } finally {
        insert(removed);
      }
    }
    expect(list()).toHaveLength(9);
  });

  it('breaks when two entries swap places', async () => {
    const swap = () =>
      raw().transaction(() => {
        raw().prepare('UPDATE audit_log SET seq = -1 WHERE seq = 3').run();
        raw().prepare('UPDATE audit_log SET seq = 3 WHERE seq = 4').run();
        raw().prepare('UPDATE audit_log SET seq = 4 WHERE seq = -1').run();
      })();
    swap();
    try {
      await listFailsAt(3);
    } finally {
      swap();
    }
    expect(list().map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
