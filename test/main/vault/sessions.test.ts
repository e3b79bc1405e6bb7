import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../shared/domain/records';
import type { SessionInput } from '../../../shared/domain/schemas';
import { createdVault } from '../../helpers/tempVault';
import { expectCode } from './tamper';

let made: Awaited<ReturnType<typeof createdVault>>;
let client: Client;
let other: Client;

beforeAll(async () => {
  made = await createdVault();
  client = made.vault.clients.create({ name: 'Session Client' });
  other = made.vault.clients.create({ name: 'Other Client' });
});
afterAll(async () => {
  await made?.dispose();
});

const sessions = () => made.vault.sessions;
const base = (): SessionInput => ({
  clientId: client.id,
  date: '2026-04-14',
  startTime: '10:00',
  endTime: '10:50',
  modality: 'in-person',
});

describe('sessions', () => {
  it('are created for a client and read back as written', () => {
    const session = sessions().create({ ...base(), location: 'Room 2' });
    expect(session).toMatchObject({ ...base(), location: 'Room 2' });
    expect(session.id).toMatch(/^[0-9a-f]{32}$/);
    expect(sessions().get(session.id)).toEqual(session);
  });

  it('are listed per client, newest first by date then start time', () => {
    const mine = [
      { date: '2026-05-01', startTime: '09:00', endTime: '09:50' },
      { date: '2026-05-03', startTime: '08:00', endTime: '08:50' },
      { date: '2026-05-03', startTime: '15:00', endTime: '15:50' },
      { date: '2025-12-31', startTime: '11:00', endTime: '11:50' },
    ].map((times) => sessions().create({ ...base(), clientId: other.id, ...times }));
    const listed = sessions().listForClient(other.id);
    expect(listed.map((s) => s.id)).toEqual([mine[2]!.id, mine[1]!.id, mine[0]!.id, mine[3]!.id]);
    expect(sessions().listForClient(client.id).every((s) => s.clientId === client.id)).toBe(true);
  });

  it('are updated in place but never moved to another client', async () => {
    const session = sessions().create(base());
    const updated = sessions().update(session.id, { ...base(), modality: 'video', endTime: '11:00' });
    expect(updated).toEqual({ ...session, modality: 'video', endTime: '11:00' });
    expect(sessions().get(session.id)).toEqual(updated);
    await expectCode(() => sessions().update(session.id, { ...base(), clientId: other.id }), 'INVALID_INPUT');
    expect(sessions().get(session.id).clientId).toBe(client.id);
  });

  it('refuse invalid input with INVALID_INPUT', async () => {
    const bad: unknown[] = [
      { ...base(), endTime: '09:59' },
      { ...base(), endTime: '10:00' },
      { ...base(), date: '2026-13-01' },
      { ...base(), date: '14/04/2026' },
      { ...base(), startTime: '24:00' },
      { ...base(), modality: 'telepathy' },
      { ...base(), clientId: 'not-an-id' },
      { ...base(), extra: true },
    ];
    for (const input of bad) await expectCode(() => sessions().create(input as SessionInput), 'INVALID_INPUT');
  });

  it('need an existing client, and answer NOT_FOUND for unknown ids', async () => {
    await expectCode(() => sessions().create({ ...base(), clientId: 'f'.repeat(32) }), 'NOT_FOUND');
    await expectCode(() => sessions().get('f'.repeat(32)), 'NOT_FOUND');
    await expectCode(() => sessions().listForClient('f'.repeat(32)), 'NOT_FOUND');
  });
});
