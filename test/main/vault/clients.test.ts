import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientInput } from '../../../shared/domain/schemas';
import { createdVault } from '../../helpers/tempVault';
import { FakeTime } from './fakeTime';
import { expectCode } from './tamper';

const time = new FakeTime();
let made: Awaited<ReturnType<typeof createdVault>>;

beforeAll(async () => {
  made = await createdVault({ clock: time });
});
afterAll(async () => {
  await made?.dispose();
});

const clients = () => made.vault.clients;

describe('clients', () => {
  it('are created with a random id and timestamps, and read back as written', () => {
    const input: ClientInput = {
      name: '  Maëlle Okonkwo-Brandt  ',
      preferredName: 'Mae',
      dateOfBirth: '1988-02-29',
      chartNumber: 'C-0042',
      phone: '+1 555 0100',
      email: 'mae@example.test',
    };
    const client = clients().create(input);
    expect(client.id).toMatch(/^[0-9a-f]{32}$/);
    expect(client).toMatchObject({ ...input, name: 'Maëlle Okonkwo-Brandt', archived: false });
    expect(client.createdAt).toBe(new Date(time.now()).toISOString());
    expect(clients().get(client.id)).toEqual(client);
  });

  it('are updated in place, keeping id, creation time and archive state', () => {
    const client = clients().create({ name: 'Before Update', phone: '1' });
    time.advance(60_000);
    const updated = clients().update(client.id, { name: 'After Update' });
    expect(updated).toEqual({
      id: client.id,
      name: 'After Update',
      archived: false,
      createdAt: client.createdAt,
      updatedAt: new Date(time.now()).toISOString(),
    });
    expect(clients().get(client.id)).toEqual(updated);
  });

  it('are listed by family name (the "sort as" field, else the last word), accents and case aside, and archived ones only on request', () => {
    const names = ['Zed Last', 'adam lower', 'Émile Accent', 'Archived Person', 'María de la Cruz'];
    const created = names.map((name) => clients().create({ name, ...(name.startsWith('María') ? { sortAs: 'de la Cruz' } : {}) }));
    clients().setArchived(created[3]!.id, true);
    const listed = clients().list().map((client) => client.name);
    const mine = listed.filter((name) => names.includes(name));
    expect(mine).toEqual(['Émile Accent', 'María de la Cruz', 'Zed Last', 'adam lower']);
    expect(clients().list({ includeArchived: true }).map((client) => client.name)).toContain('Archived Person');
    expect(clients().setArchived(created[3]!.id, false).archived).toBe(false);
    expect(clients().list().map((client) => client.name)).toContain('Archived Person');
  });

  it('refuse invalid input with INVALID_INPUT and a message that does not echo it', async () => {
    const secret = 'Xanthippe-Secret-Value';
    const bad: unknown[] = [
      { name: '' },
      { name: '   ' },
      { name: secret.repeat(20) },
      { name: 'ok', dateOfBirth: secret },
      { name: 'ok', dateOfBirth: '1990-13-01' },
      { name: 'ok', [secret.toLowerCase().replace(/-/g, '')]: 'x' },
      { name: 'ok', email: 7 },
      null,
    ];
    for (const input of bad) {
      const error = await expectCode(() => clients().create(input as ClientInput), 'INVALID_INPUT');
      expect(error.message.toLowerCase()).not.toContain('xanthippe');
    }
  });

  it('answer NOT_FOUND for an unknown id and INVALID_INPUT for a malformed one', async () => {
    await expectCode(() => clients().get('0'.repeat(32)), 'NOT_FOUND');
    await expectCode(() => clients().update('0'.repeat(32), { name: 'x' }), 'NOT_FOUND');
    await expectCode(() => clients().get("' OR 1=1 --"), 'INVALID_INPUT');
  });
});
