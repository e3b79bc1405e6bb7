import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditLog } from '../../../main/vault/auditLog';
import { KeyRing } from '../../../main/vault/keyRing';
import { loadSodium } from '../../../main/vault/sodium';
import { createdVault } from '../../helpers/tempVault';
import { FakeTime } from './fakeTime';
import type { KeyedFile } from './tamper';
import { flipByte, reopenWithKeys, withRowChanged } from './tamper';

const time = new FakeTime();
const CLIENT_NAME = 'Imogen Auditlog-Reader';
let made: Awaited<ReturnType<typeof createdVault>>;
let ring: KeyRing;
let file: KeyedFile;
let clientId: string;
let otherClientId: string;
let sessionId: string;

beforeAll(async () => {
  ring = new KeyRing(await loadSodium());
  made = await createdVault({ clock: time, keyRing: ring });
  const { vault } = made;
  clientId = vault.clients.create({ name: CLIENT_NAME }).id;
  otherClientId = vault.clients.create({ name: 'Someone Else' }).id;
  sessionId = vault.sessions.create({ clientId, date: '2026-11-19', startTime: '09:00', endTime: '09:50', modality: 'video' }).id;
  const other = vault.sessions.create({ clientId: otherClientId, date: '2026-11-19', startTime: '11:00', endTime: '11:50', modality: 'video' });
  time.advance(24 * 3_600_000);
  vault.sessions.update(sessionId, { clientId, date: '2026-11-19', startTime: '09:00', endTime: '09:50', modality: 'video', status: 'attended' });
  vault.sessions.update(other.id, { clientId: otherClientId, date: '2026-11-19', startTime: '11:00', endTime: '11:50', modality: 'video', status: 'no-show' });
  vault.audit.record('export.created', { clientId, scope: 'record', basis: 'client-request', noteCount: 0, draftCount: 0, pageCount: 1 });
  file = await reopenWithKeys(vault, ring, made.path);
});
afterAll(async () => {
  file?.close();
  await made?.dispose();
});

describe('the audit log as the therapist reads it', () => {
  it('is verified whole when read and listed newest first', () => {
    const log = readAuditLog(file.ctx, {});
    expect(log.verification).toEqual({ intact: true, entries: log.entries.length });
    expect(log.entries.map((entry) => entry.seq)).toEqual([...log.entries.map((entry) => entry.seq)].sort((a, b) => b - a));
    expect(log.entries.every((entry) => entry.verified)).toBe(true);
    expect(JSON.stringify(log)).not.toContain(CLIENT_NAME);
  });

  it("filters to one client's entries by the row ids they name, and by event and local date", () => {
    const mine = readAuditLog(file.ctx, { clientId });
    expect(mine.entries.map((entry) => entry.event)).toEqual(['export.created', 'session.updated']);
    expect(mine.entries[1]!.detail).toMatchObject({ sessionId });
    expect(readAuditLog(file.ctx, { clientId: otherClientId }).entries.map((entry) => entry.event)).toEqual(['session.updated']);
    expect(readAuditLog(file.ctx, { events: ['vault.created'] }).entries).toHaveLength(1);
    expect(readAuditLog(file.ctx, { from: '2026-11-22' }).entries).toEqual([]);
    const firstDay = readAuditLog(file.ctx, { to: '2026-11-20' }).entries.map((entry) => entry.event);
    expect(firstDay).toContain('vault.created');
    expect(firstDay).not.toContain('export.created');
  });

  it('shows a tampered chain as broken at the first bad entry, and marks the entries from there on unverified', async () => {
    const at = (seq: number) => ({ column: 'seq', value: seq });
    const third = file.ctx.db.prepare('SELECT mac, ciphertext FROM audit_log WHERE seq = 3').get() as { mac: Buffer; ciphertext: Buffer };
    await withRowChanged(file.ctx.db, 'audit_log', at(3), { mac: flipByte(third.mac, 0) }, () => {
      const log = readAuditLog(file.ctx, {});
      expect(log.verification).toMatchObject({ intact: false, brokenAt: 3 });
      expect(log.entries.find((entry) => entry.seq === 2)!.verified).toBe(true);
      expect(log.entries.filter((entry) => entry.seq >= 3).every((entry) => !entry.verified)).toBe(true);
    });
    await withRowChanged(file.ctx.db, 'audit_log', at(3), { ciphertext: flipByte(third.ciphertext, 4) }, () => {
      const log = readAuditLog(file.ctx, { clientId: otherClientId });
      expect(log.verification).toMatchObject({ intact: false, brokenAt: 3 });
      expect(log.entries.map((entry) => entry.seq)).not.toContain(3);
    });
    file.ctx.db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(readAuditLog(file.ctx, {}).verification).toMatchObject({ intact: false, brokenAt: 3 });
  });
});
