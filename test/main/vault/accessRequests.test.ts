import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessRequestInput } from '../../../shared/domain/accessRequests';
import { accessDueOn } from '../../../shared/domain/accessRequests';
import { createdVault } from '../../helpers/tempVault';
import { expectCode } from './tamper';

const DAY = 24 * 3_600_000;
/** 2026-03-10, mid-morning local time. */
const time = { ms: new Date(2026, 2, 10, 10, 0).getTime(), now: () => time.ms, advance: (ms: number) => (time.ms += ms) };
let made: Awaited<ReturnType<typeof createdVault>>;
let clientId: string;

beforeAll(async () => {
  made = await createdVault({ clock: time });
  clientId = made.vault.clients.create({ name: 'Access Client' }).id;
});
afterAll(() => made.dispose());

const input = (extra: Partial<AccessRequestInput> = {}): AccessRequestInput => ({
  clientId,
  receivedOn: '2026-03-02',
  requestedBy: 'The client',
  requested: 'My whole record',
  form: 'electronic-copy',
  format: 'PDF',
  delivery: 'email',
  deliveryDetails: 'client@example.org',
  ...extra,
});

describe('deadline arithmetic', () => {
  it('is 30 calendar days after receipt, 60 with the extension, across month and year ends', () => {
    expect(accessDueOn({ receivedOn: '2026-03-02' })).toBe('2026-04-01');
    expect(accessDueOn({ receivedOn: '2026-03-02', extension: { extendedOn: '2026-03-20', reason: 'r' } })).toBe('2026-05-01');
    expect(accessDueOn({ receivedOn: '2026-12-15' })).toBe('2027-01-14');
    expect(accessDueOn({ receivedOn: '2028-02-01' })).toBe('2028-03-02');
  });
});

describe('access requests', () => {
  it('are recorded with what, form and delivery, open, due in 30 days, and listed newest first', () => {
    const older = made.vault.accessRequests.create(input({ receivedOn: '2026-02-01' }));
    const newer = made.vault.accessRequests.create(input());
    expect(newer).toMatchObject({ status: 'open', dueOn: '2026-04-01', daysLeft: 22, requested: 'My whole record', delivery: 'email' });
    expect(older).toMatchObject({ dueOn: '2026-03-03', daysLeft: -7 });
    expect(made.vault.accessRequests.listForClient(clientId).map((request) => request.id)).toEqual([newer.id, older.id]);
    expect(made.vault.accessRequests.listOpen().map((request) => request.id)).toEqual([older.id, newer.id]);
  });

  it('refuse a receipt date after today and incomplete input', async () => {
    await expectCode(() => made.vault.accessRequests.create(input({ receivedOn: '2026-03-11' })), 'INVALID_INPUT');
    await expectCode(() => made.vault.accessRequests.create(input({ requested: '  ' })), 'INVALID_INPUT');
    await expectCode(() => made.vault.accessRequests.create({ ...input(), form: 'fax' } as never), 'INVALID_INPUT');
  });

  it('take one extension with its reason, which moves the due date 30 days; a second is refused', async () => {
    const request = made.vault.accessRequests.create(input());
    const extended = made.vault.accessRequests.extend(request.id, { extendedOn: '2026-03-10', reason: 'Records are in off-site storage' });
    expect(extended).toMatchObject({ dueOn: '2026-05-01', extension: { reason: 'Records are in off-site storage' } });
    await expectCode(() => made.vault.accessRequests.extend(request.id, { extendedOn: '2026-03-10', reason: 'Again' }), 'INVALID_INPUT');
    expect(made.vault.accessRequests.get(request.id).extension?.reason).toBe('Records are in off-site storage');
  });

  it('refuse an extension without a reason, or after the first 30 days have passed', async () => {
    const late = made.vault.accessRequests.create(input({ receivedOn: '2026-02-01' }));
    await expectCode(() => made.vault.accessRequests.extend(late.id, { extendedOn: '2026-03-10', reason: 'Too late' }), 'INVALID_INPUT');
    const fresh = made.vault.accessRequests.create(input());
    await expectCode(() => made.vault.accessRequests.extend(fresh.id, { extendedOn: '2026-03-10', reason: '' }), 'INVALID_INPUT');
    await expectCode(() => made.vault.accessRequests.extend(fresh.id, { extendedOn: '2026-03-01', reason: 'Before receipt' }), 'INVALID_INPUT');
  });

  it('close with a denial and its reason, or a fulfilment linked to its disclosure; a closed one takes nothing more', async () => {
    const denied = made.vault.accessRequests.deny(made.vault.accessRequests.create(input()).id, {
      deniedOn: '2026-03-10',
      reason: 'Reviewed by a licensed professional: access is reasonably likely to endanger the life of the client (164.524(a)(3)(i)).',
    });
    expect(denied.status).toBe('denied');
    await expectCode(() => made.vault.accessRequests.extend(denied.id, { extendedOn: '2026-03-10', reason: 'r' }), 'INVALID_INPUT');
    const fulfilled = made.vault.accessRequests.recordFulfilment(made.vault.accessRequests.create(input()).id, 'a'.repeat(32), 4);
    expect(fulfilled).toMatchObject({ status: 'fulfilled', fulfilment: { fulfilledOn: '2026-03-10', disclosureId: 'a'.repeat(32), noteCount: 4 } });
    await expectCode(() => made.vault.accessRequests.deny(fulfilled.id, { deniedOn: '2026-03-10', reason: 'r' }), 'INVALID_INPUT');
    await expectCode(() => made.vault.accessRequests.recordFulfilment(fulfilled.id, 'b'.repeat(32), 1), 'INVALID_INPUT');
    expect(made.vault.accessRequests.listOpen().map((request) => request.id)).not.toContain(fulfilled.id);
  });

  it('count days left from the moving clock and show on Today with the renderer day', () => {
    const request = made.vault.accessRequests.create(input({ receivedOn: '2026-03-10' }));
    time.advance(29 * DAY);
    try {
      expect(made.vault.accessRequests.get(request.id).daysLeft).toBe(1);
      const today = made.vault.today.summary({ date: '2026-04-08', time: '10:00' }, { folderChosen: true, automatic: true });
      const row = today.accessRequests.find((due) => due.requestId === request.id);
      expect(row).toEqual({
        requestId: request.id,
        clientId,
        clientName: 'Access Client',
        receivedOn: '2026-03-10',
        dueOn: '2026-04-09',
        daysLeft: 1,
        extended: false,
      });
      expect(JSON.stringify(today.accessRequests)).not.toContain('My whole record');
    } finally {
      time.advance(-29 * DAY);
    }
  });

});
