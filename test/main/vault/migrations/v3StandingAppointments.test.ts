import Database from 'better-sqlite3';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_KDF_PARAMS } from '../../../../main/vault/kdfParams';
import { FORMAT_VERSION } from '../../../../main/vault/migrations';
import { openVault } from '../../../../main/vault/vault';
import type { Vault } from '../../../../main/vault/vaultApi';
import { FORMAT2 } from '../../../fixtures/vaults/format2';
import { tempDir } from '../../../helpers/tempVault';
import { FakeTime } from '../fakeTime';
import { expectCode } from '../tamper';

const FIXTURE_DIR = join(__dirname, '../../../fixtures/vaults');
const IDS = JSON.parse(readFileSync(join(FIXTURE_DIR, 'format2.ids.json'), 'utf8')) as {
  clients: { tomas: string; june: string };
  sessions: { signed: string; draft: string };
};

function inspect<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const sessionCiphertexts = (path: string) =>
  inspect(path, (db) => (db.prepare('SELECT id, nonce, ciphertext FROM sessions ORDER BY id').all() as { id: string; nonce: Buffer; ciphertext: Buffer }[]).map(
    (row) => `${row.id}:${row.nonce.toString('hex')}:${row.ciphertext.toString('hex')}`,
  ));

describe('migration 3 (standing appointments) on the committed format-2 vault', () => {
  let cleanup: () => void;
  let path: string;
  let vault: Vault | undefined;
  /** Local noon on 3 Nov 2026: the fixture's 2 Nov session is over, its 3 Nov 14:00 one is not. */
  const time = new FakeTime(new Date(2026, 10, 3, 12, 0).getTime());

  beforeEach(async () => {
    let dir: string;
    ({ dir, cleanup } = tempDir());
    path = join(dir, 'vault.sqlite');
    copyFileSync(join(FIXTURE_DIR, 'format2.sqlite'), path);
  });
  afterEach(async () => {
    await vault?.close().catch(() => undefined);
    vault = undefined;
    cleanup();
  });

  const open = async () => {
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS, clock: time });
    await vault.unlock(FORMAT2.passphrase);
    return vault;
  };

  it('adds the standing_appointments table in place, version 3, with no session row rewritten', async () => {
    const before = sessionCiphertexts(path);
    expect(inspect(path, (db) => db.pragma('user_version', { simple: true }))).toBe(2);
    const opened = await open();
    expect(opened.standingAppointments.listForClient(IDS.clients.tomas)).toEqual([]);
    opened.sessions.listForClient(IDS.clients.tomas);
    opened.sessions.listForClient(IDS.clients.june);
    await opened.close();
    vault = undefined;
    expect(inspect(path, (db) => db.pragma('user_version', { simple: true }))).toBe(FORMAT_VERSION);
    expect(
      inspect(path, (db) => db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'standing_appointments%' ORDER BY name").pluck().all()),
    ).toEqual(['standing_appointments', 'standing_appointments_by_client']);
    expect(sessionCiphertexts(path)).toEqual(before);
  });

  it('reads format-2 sessions with their default status: attended once over, scheduled before', async () => {
    const opened = await open();
    expect(opened.sessions.get(IDS.sessions.signed)).toMatchObject({ date: '2026-11-02', status: 'attended' });
    expect(opened.sessions.get(IDS.sessions.draft)).toMatchObject({ date: '2026-11-03', startTime: '14:00', status: 'scheduled' });
    time.advance(3 * 60 * 60 * 1000);
    expect(opened.sessions.get(IDS.sessions.draft).status).toBe('attended');
    const agenda = opened.agenda.range('2026-11-02', '2026-11-08');
    expect(agenda.map((entry) => [entry.clientName, entry.status, entry.note?.status])).toEqual([
      ['Tomás Álvarez', 'attended', 'signed'],
      ['June Okafor', 'attended', 'draft'],
    ]);
  });

  it('keeps the signed session immutable and lets the draft one be edited, storing its status', async () => {
    const opened = await open();
    const signed = opened.sessions.get(IDS.sessions.signed);
    const { clientId, date, startTime, endTime, modality } = signed;
    await expectCode(() => opened.sessions.update(signed.id, { clientId, date, startTime, endTime: '11:00', modality }), 'NOTE_SIGNED');
    const draft = opened.sessions.get(IDS.sessions.draft);
    const edited = opened.sessions.update(draft.id, {
      clientId: draft.clientId,
      date: draft.date,
      startTime: draft.startTime,
      endTime: draft.endTime,
      modality: draft.modality,
      status: 'no-show',
    });
    expect(edited.status).toBe('no-show');
    time.advance(24 * 60 * 60 * 1000);
    expect(opened.sessions.get(draft.id).status).toBe('no-show');
  });
});
