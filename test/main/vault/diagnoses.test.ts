import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../shared/domain/records';
import type { DiagnosisInput } from '../../../shared/domain/schemas';
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

const diagnoses = () => made.vault.diagnoses;
const newClient = (name = 'Diagnosis Client'): Client => made.vault.clients.create({ name });

describe('adding a diagnosis', () => {
  it('stores the code in its dotted form with the official description from the shipped catalog', () => {
    const client = newClient();
    const added = diagnoses().add({ clientId: client.id, code: 'f321', rank: 'primary', status: 'active', onsetDate: '2026-01-10' });
    expect(added).toMatchObject({
      clientId: client.id,
      code: 'F32.1',
      description: 'Major depressive disorder, single episode, moderate',
      rank: 'primary',
      status: 'active',
      onsetDate: '2026-01-10',
    });
    expect(added.history).toHaveLength(1);
    expect(added.history[0]).toMatchObject({ id: added.id, diagnosisId: added.id, version: 1 });
    expect(diagnoses().listForClient(client.id)).toEqual([added]);
    expect(diagnoses().get(added.id)).toEqual(added);
  });

  it('takes Z codes of the psychosocial range', () => {
    const client = newClient();
    expect(diagnoses().add({ clientId: client.id, code: 'Z63.0', rank: 'secondary', status: 'active' }).description).toMatch(
      /partner/i,
    );
  });

  it('refuses codes outside the catalog, headers that are not billable, and hostile input with INVALID_INPUT', async () => {
    const client = newClient();
    const bad: unknown[] = [
      { clientId: client.id, code: 'F32', rank: 'primary', status: 'active' },
      { clientId: client.id, code: 'E11.9', rank: 'primary', status: 'active' },
      { clientId: client.id, code: 'F99.9', rank: 'primary', status: 'active' },
      { clientId: client.id, code: 'F32.1', rank: 'tertiary', status: 'active' },
      { clientId: client.id, code: 'F32.1', rank: 'primary', status: 'gone' },
      { clientId: client.id, code: 'F32.1', rank: 'primary', status: 'active', onsetDate: '2026-02-30' },
      { clientId: client.id, code: 'F32.1', rank: 'primary', status: 'active', description: 'made up' },
      { clientId: 'not-an-id', code: 'F32.1', rank: 'primary', status: 'active' },
      { clientId: client.id, code: "F32.1'; DROP TABLE diagnoses; --", rank: 'primary', status: 'active' },
    ];
    for (const input of bad) await expectCode(() => diagnoses().add(input as DiagnosisInput), 'INVALID_INPUT');
    expect(diagnoses().listForClient(client.id)).toEqual([]);
  });

  it('refuses the same code twice while it is active, and an unknown client', async () => {
    const client = newClient();
    diagnoses().add({ clientId: client.id, code: 'F43.10', rank: 'primary', status: 'active' });
    await expectCode(() => diagnoses().add({ clientId: client.id, code: 'f43.10', rank: 'secondary', status: 'active' }), 'INVALID_INPUT');
    await expectCode(() => diagnoses().add({ clientId: 'a'.repeat(32), code: 'F43.10', rank: 'primary', status: 'active' }), 'NOT_FOUND');
  });
});

describe('changing a diagnosis', () => {
  it('writes a new version and keeps every earlier one', () => {
    const client = newClient();
    const added = diagnoses().add({ clientId: client.id, code: 'F41.1', rank: 'primary', status: 'active' });
    time.advance(60_000);
    diagnoses().change(added.id, { rank: 'primary', status: 'active', onsetDate: '2025-12-01' });
    time.advance(60_000);
    const resolved = diagnoses().change(added.id, { rank: 'primary', status: 'resolved', onsetDate: '2025-12-01' });
    expect(resolved).toMatchObject({ id: added.id, status: 'resolved', onsetDate: '2025-12-01', code: 'F41.1' });
    expect(resolved.history.map((version) => [version.version, version.status, version.onsetDate])).toEqual([
      [1, 'active', undefined],
      [2, 'active', '2025-12-01'],
      [3, 'resolved', '2025-12-01'],
    ]);
    expect(new Set(resolved.history.map((version) => version.id)).size).toBe(3);
    expect(resolved.history[0]!.recordedAt < resolved.history[2]!.recordedAt).toBe(true);
  });

  it('writes nothing when nothing changed', () => {
    const client = newClient();
    const added = diagnoses().add({ clientId: client.id, code: 'F40.10', rank: 'secondary', status: 'active' });
    expect(diagnoses().change(added.id, { rank: 'secondary', status: 'active' }).history).toHaveLength(1);
  });

  it('keeps one active primary: a new primary makes the previous one secondary, as a new version of it', () => {
    const client = newClient();
    const first = diagnoses().add({ clientId: client.id, code: 'F32.1', rank: 'primary', status: 'active' });
    const second = diagnoses().add({ clientId: client.id, code: 'F41.1', rank: 'primary', status: 'active' });
    const listed = diagnoses().listForClient(client.id);
    expect(listed.map((d) => [d.code, d.rank])).toEqual([
      ['F41.1', 'primary'],
      ['F32.1', 'secondary'],
    ]);
    expect(diagnoses().get(first.id).history.map((v) => v.rank)).toEqual(['primary', 'secondary']);
    expect(diagnoses().get(second.id).history).toHaveLength(1);
  });

  it('refuses a version id that is not the diagnosis id, unknown ids and hostile changes', async () => {
    const client = newClient();
    const added = diagnoses().add({ clientId: client.id, code: 'F42.2', rank: 'primary', status: 'active' });
    const changed = diagnoses().change(added.id, { rank: 'secondary', status: 'active' });
    await expectCode(() => diagnoses().change(changed.history[1]!.id, { rank: 'primary', status: 'active' }), 'NOT_FOUND');
    await expectCode(() => diagnoses().change('b'.repeat(32), { rank: 'primary', status: 'active' }), 'NOT_FOUND');
    await expectCode(
      () => diagnoses().change(added.id, { rank: 'primary', status: 'active', code: 'F20.9' } as never),
      'INVALID_INPUT',
    );
    expect(diagnoses().get(added.id).code).toBe('F42.2');
  });
});

describe('a locked vault', () => {
  it('answers LOCKED for every diagnosis call', async () => {
    const client = newClient();
    await made.vault.lock();
    await expectCode(() => diagnoses().listForClient(client.id), 'LOCKED');
    await expectCode(() => diagnoses().add({ clientId: client.id, code: 'F32.1', rank: 'primary', status: 'active' }), 'LOCKED');
    await made.vault.unlock('correct horse battery staple');
  });
});
