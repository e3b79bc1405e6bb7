/*
 * Real vaults exchanging through a folder: SQLite files in temp dirs, real
 * libsodium, the same keys (each later device starts from a copy of the
 * first one's file, as a restored backup would, and takes its own device id).
 * Every device keeps its own copy of the folder and a sync tool between them
 * delivers late, half, twice and as `.sync-conflict-` copies; clocks are
 * hours apart. After the tool has finished, every vault holds the same rows
 * byte for byte, both texts of a draft edited on two devices survive, a
 * signature wins over a concurrent edit, and the folder holds no plaintext.
 */
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listDevices, nameThisDevice } from '../../../main/sync/devices';
import { exchange, receiveChanges, sendChanges } from '../../../main/sync/vaultFolderSync';
import { openRow } from '../../../main/vault/rowCipher';
import { compartmentOf, ROW_TABLES } from '../../../main/vault/tables';
import { expectCode } from '../vault/tamper';
import type { Delivery } from './syncTool';
import { syncTool } from './syncTool';
import type { Device } from './vaultDevices';
import { devices, HOUR, settle } from './vaultDevices';

const PROGRESS_CANARY = 'CANARY-PROGRESS-91bd4e';
const PSYCH_CANARY = 'CANARY-PSYCHOTHERAPY-0c7f2a';
const CLIENT_NAME = 'Ottoline Canary-Brightwater';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Every row of every table as stored, and the conflict copies: what must be equal on every device. */
function stored(device: Device) {
  const db = device.vault.syncContext().db;
  const rows = Object.fromEntries(
    ROW_TABLES.map((table) => [table, db.prepare(`SELECT id, key_version, hex(nonce) AS nonce, hex(ciphertext) AS ciphertext FROM ${table} ORDER BY id`).all()]),
  );
  const audit = [
    ...(db.prepare('SELECT id, hex(ciphertext) AS ciphertext FROM audit_log').all() as { id: string }[]),
    ...(db.prepare('SELECT id, hex(ciphertext) AS ciphertext FROM sync_audit').all() as { id: string }[]),
  ].sort((a, b) => a.id.localeCompare(b.id));
  const conflicts = db.prepare('SELECT table_name, row_id, hex(hlc) AS hlc, device_id, hex(ciphertext) AS ciphertext FROM sync_conflicts ORDER BY 1, 2, 3, 4').all();
  const versions = db.prepare('SELECT table_name, row_id, hex(hlc) AS hlc, device_id, flags FROM sync_versions ORDER BY 1, 2').all();
  return { rows, audit, conflicts, versions };
}

function copyText(device: Device, copy: { table: string; rowId: string; sealed: { keyVersion: number; nonce: Uint8Array; ciphertext: Uint8Array } | null }) {
  const ctx = device.vault.syncContext();
  const table = copy.table as (typeof ROW_TABLES)[number];
  return openRow<{ fields?: Record<string, string>; text?: string }>(ctx.sodium, ctx.keys.get(compartmentOf(table)), { vaultId: ctx.vaultId, table, rowId: copy.rowId }, copy.sealed!);
}

function folderFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((name) => join(root, name))
    .filter((path) => statSync(path).isFile());
}

describe('real vaults syncing through a folder', () => {
  it('stamp every save in the transaction that stores it, unsent until a batch carries it', async () => {
    const [a] = await devices([0], cleanups);
    const client = a!.vault.clients.create({ name: 'Stamped Client' });
    const db = a!.vault.syncContext().db;
    const entry = db.prepare("SELECT device_id, exported, flags FROM sync_versions WHERE table_name = 'clients' AND row_id = ?").get(client.id);
    expect(entry).toEqual({ device_id: a!.id, exported: 0, flags: 0 });
    const sent = await sendChanges(a!.vault.syncContext(), a!.chosen);
    expect(sent).toEqual([1]);
    expect(a!.replica.unsentCount()).toBe(0);
    expect(await sendChanges(a!.vault.syncContext(), a!.chosen)).toEqual([]);
  });

  it('carry every record of both compartments to a second vault, byte for byte, with no plaintext in the folder', async () => {
    const [a, b] = await devices([0, -5 * HOUR], cleanups);
    const client = a!.vault.clients.create({ name: CLIENT_NAME });
    const session = a!.vault.sessions.create({ clientId: client.id, date: '2026-12-01', startTime: '09:00', endTime: '09:50', modality: 'video' });
    const note = a!.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: `Reported ${PROGRESS_CANARY}` } });
    a!.vault.progressNotes.sign(note.id, 'Dr Sync');
    const psych = a!.vault.psychotherapyNotes.create({ sessionId: session.id, text: `Process ${PSYCH_CANARY}` });
    await exchange(a!.vault.syncContext(), a!.chosen);
    syncTool([a!, b!], () => 'whole');
    await exchange(b!.vault.syncContext(), b!.chosen);

    expect(b!.vault.clients.get(client.id).name).toBe(CLIENT_NAME);
    expect(b!.vault.progressNotes.get(note.id).status).toBe('signed');
    expect(b!.vault.psychotherapyNotes.get(psych.id).text).toBe(`Process ${PSYCH_CANARY}`);
    syncTool([a!, b!], () => 'whole');
    await exchange(a!.vault.syncContext(), a!.chosen);
    expect(stored(b!)).toEqual(stored(a!));

    for (const root of [a!.root, b!.root]) {
      const files = folderFiles(root);
      expect(files.length).toBeGreaterThan(1);
      for (const path of files) {
        const bytes = readFileSync(path);
        for (const canary of [PROGRESS_CANARY, PSYCH_CANARY, CLIENT_NAME, 'Dr Sync', 'NARRATIVE']) {
          expect(bytes.includes(Buffer.from(canary))).toBe(false);
          expect(bytes.includes(Buffer.from(canary, 'utf16le'))).toBe(false);
        }
      }
    }
  });

  it('keep both texts of a draft edited offline on two devices, the later one as the draft and the other as a conflict on both', async () => {
    const [a, b] = await devices([0, 3 * HOUR], cleanups);
    const client = a!.vault.clients.create({ name: 'Draft Client' });
    const session = a!.vault.sessions.create({ clientId: client.id, date: '2026-12-01', startTime: '10:00', endTime: '10:50', modality: 'in-person' });
    const note = a!.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: 'first' } });
    await settle([a!, b!]);
    a!.later(60_000);
    b!.later(120_000);
    a!.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: 'laptop text' } });
    b!.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: 'desktop text' } });
    await settle([a!, b!]);

    for (const device of [a!, b!]) {
      expect(device.vault.progressNotes.get(note.id).fields).toEqual({ narrative: 'desktop text' });
      const conflicts = device.replica.conflicts();
      expect(conflicts).toEqual([{ table: 'progress_notes', rowId: note.id, device: a!.id, savedAt: expect.any(Number), suggestion: false }]);
      const [copy] = device.replica.store.conflictsOf('progress_notes', note.id);
      expect(copyText(device, copy!).fields).toEqual({ narrative: 'laptop text' });
    }
    expect(stored(b!)).toEqual(stored(a!));
  });

  it('let a signature win over a concurrent edit, which stays as an addendum suggestion', async () => {
    const [a, b] = await devices([0, 2 * HOUR], cleanups);
    const client = a!.vault.clients.create({ name: 'Sign Client' });
    const session = a!.vault.sessions.create({ clientId: client.id, date: '2026-12-01', startTime: '11:00', endTime: '11:50', modality: 'video' });
    const note = a!.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: 'before' } });
    await settle([a!, b!]);
    a!.later(60_000);
    b!.later(10 * 60_000);
    a!.vault.progressNotes.sign(note.id, 'Dr Sign');
    b!.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: 'edited later elsewhere' } });
    await settle([a!, b!]);

    for (const device of [a!, b!]) {
      const held = device.vault.progressNotes.get(note.id);
      expect(held.status).toBe('signed');
      expect(held.fields).toEqual({ narrative: 'before' });
      expect(device.replica.conflicts()).toEqual([expect.objectContaining({ rowId: note.id, device: b!.id, suggestion: true })]);
    }
  });

  it('remove a psychotherapy note deleted on one device and keep a concurrent edit of it as a conflict', async () => {
    const [a, b] = await devices([0, -1 * HOUR], cleanups);
    const client = a!.vault.clients.create({ name: 'Tombstone Client' });
    const session = a!.vault.sessions.create({ clientId: client.id, date: '2026-12-01', startTime: '12:00', endTime: '12:50', modality: 'video' });
    const psych = a!.vault.psychotherapyNotes.create({ sessionId: session.id, text: 'to be deleted' });
    await settle([a!, b!]);
    b!.later(60_000);
    a!.later(2 * HOUR);
    b!.vault.psychotherapyNotes.update(psych.id, 'edited before the deletion');
    a!.vault.psychotherapyNotes.remove(psych.id);
    await settle([a!, b!]);

    for (const device of [a!, b!]) {
      expect(device.vault.psychotherapyNotes.listForSession(session.id)).toEqual([]);
      const [copy] = device.replica.store.conflictsOf('psychotherapy_notes', psych.id);
      expect(copyText(device, copy!).text).toBe('edited before the deletion');
    }
    expect(stored(b!)).toEqual(stored(a!));
  });

  it('converge three vaults hours apart through a sync tool that delivers late, half, twice and as conflict copies', async () => {
    const all = await devices([0, -4 * HOUR, 6 * HOUR], cleanups);
    const [a, b, c] = all as [Device, Device, Device];
    const client = a.vault.clients.create({ name: CLIENT_NAME });
    const session = a.vault.sessions.create({ clientId: client.id, date: '2026-12-01', startTime: '13:00', endTime: '13:50', modality: 'video' });
    const note = a.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: 'a1' } });
    await sendChanges(a.vault.syncContext(), a.chosen);
    const order: Delivery[] = ['half', 'conflictCopy', 'late', 'twice', 'whole'];
    let next = 0;
    const tool = () => syncTool(all, () => order[next++ % order.length]!);
    for (let round = 0; round < 3; round += 1) {
      tool();
      for (const device of all) await exchange(device.vault.syncContext(), device.chosen);
    }
    await settle(all);

    b.later(5 * 60_000);
    c.later(7 * 60_000);
    const bSession = b.vault.sessions.create({ clientId: client.id, date: '2026-12-08', startTime: '13:00', endTime: '13:50', modality: 'video' });
    c.vault.clients.update(client.id, { name: `${CLIENT_NAME} Jr` });
    a.vault.psychotherapyNotes.create({ sessionId: session.id, text: `three ${PSYCH_CANARY}` });
    b.vault.progressNotes.saveDraft({ sessionId: bSession.id, templateId: 'NARRATIVE', fields: { narrative: 'b note' } });
    for (let round = 0; round < 3; round += 1) {
      for (const device of all) await sendChanges(device.vault.syncContext(), device.chosen);
      tool();
      for (const device of all) await receiveChanges(device.vault.syncContext(), device.chosen);
    }
    await settle(all);

    for (const device of all) {
      expect(stored(device)).toEqual(stored(a));
      expect(device.vault.clients.get(client.id).name).toBe(`${CLIENT_NAME} Jr`);
      expect(device.vault.progressNotes.get(note.id).fields).toEqual({ narrative: 'a1' });
      expect(device.vault.progressNotes.getForSession(bSession.id)?.fields).toEqual({ narrative: 'b note' });
    }
    for (const device of all) {
      for (const path of folderFiles(device.root)) {
        const bytes = readFileSync(path);
        expect(bytes.includes(Buffer.from(PSYCH_CANARY))).toBe(false);
        expect(bytes.includes(Buffer.from(CLIENT_NAME))).toBe(false);
      }
    }
  });

  it('hold a row whose parent has not arrived and store it once the parent comes, and carry device names', async () => {
    const all = await devices([0, HOUR, -HOUR], cleanups);
    const [a, b, c] = all as [Device, Device, Device];
    nameThisDevice(a.vault.syncContext(), 'Office desktop');
    const client = a.vault.clients.create({ name: 'Parent Client' });
    await exchange(a.vault.syncContext(), a.chosen);
    cpSync(join(a.root, 'devices', a.id), join(b.root, 'devices', a.id), { recursive: true });
    await exchange(b.vault.syncContext(), b.chosen);
    const session = b.vault.sessions.create({ clientId: client.id, date: '2026-12-03', startTime: '08:00', endTime: '08:50', modality: 'video' });
    nameThisDevice(b.vault.syncContext(), 'Laptop');
    await exchange(b.vault.syncContext(), b.chosen);

    cpSync(join(b.root, 'devices', b.id), join(c.root, 'devices', b.id), { recursive: true });
    await exchange(c.vault.syncContext(), c.chosen);
    expect(c.replica.store.heldCount()).toBeGreaterThan(0);
    await expectCode(() => c.vault.sessions.get(session.id), 'NOT_FOUND');

    cpSync(join(a.root, 'devices', a.id), join(c.root, 'devices', a.id), { recursive: true });
    await exchange(c.vault.syncContext(), c.chosen);
    expect(c.replica.store.heldCount()).toBe(0);
    expect(c.vault.sessions.get(session.id).clientId).toBe(client.id);
    expect(listDevices(c.vault.syncContext()).map((device) => [device.id, device.name])).toEqual([
      [a.id, 'Office desktop'],
      [b.id, 'Laptop'],
    ]);
  });
});
