import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizationInput } from '../../../shared/domain/authorizations';
import { createdVault, PASSPHRASE } from '../../helpers/tempVault';
import { expectCode } from './tamper';

const DAY = 24 * 3_600_000;
/** Starts 2026-03-10, mid-morning local time; tests move it, and skew it back, by whole days. */
const time = { ms: new Date(2026, 2, 10, 10, 0).getTime(), now: () => time.ms, advance: (ms: number) => (time.ms += ms) };
let made: Awaited<ReturnType<typeof createdVault>>;
let clientId: string;
let otherClientId: string;

beforeAll(async () => {
  made = await createdVault({ clock: time });
  clientId = made.vault.clients.create({ name: 'Auth Client' }).id;
  otherClientId = made.vault.clients.create({ name: 'Other Client' }).id;
});
afterAll(() => made.dispose());

const input = (extra: Partial<AuthorizationInput> = {}): AuthorizationInput => ({
  clientId,
  kind: 'records',
  information: 'Progress notes from January 2026',
  discloser: 'Dr. Maya Lindqvist',
  recipient: 'Bayview Health Plan',
  purpose: 'Claim review',
  expiry: { kind: 'date', date: '2026-12-31' },
  signedOn: '2026-03-01',
  signedBy: { kind: 'client' },
  ...extra,
});

describe('authorizations', () => {
  it('are recorded with every element, read back with a status computed on the vault clock, newest first', () => {
    const older = made.vault.authorizations.create(input({ signedOn: '2026-02-01', expiry: { kind: 'date', date: '2026-03-09' } }));
    const newer = made.vault.authorizations.create(input({ signedBy: { kind: 'representative', name: 'Ana Reyes', authority: 'Legal guardian' } }));
    expect(older.status).toBe('expired');
    expect(newer).toMatchObject({ status: 'active', signedBy: { authority: 'Legal guardian' } });
    expect(made.vault.authorizations.listForClient(clientId).map((entry) => entry.id)).toEqual([newer.id, older.id]);
    expect(made.vault.authorizations.listForClient(otherClientId)).toEqual([]);
    expect(made.vault.authorizations.get(newer.id)).toEqual(newer);
  });

  it('recompute their status as the clock moves: expired the day after the expiry date', () => {
    const short = made.vault.authorizations.create(input({ expiry: { kind: 'date', date: '2026-03-11' } }));
    expect(made.vault.authorizations.get(short.id).status).toBe('active');
    time.advance(DAY);
    expect(made.vault.authorizations.get(short.id).status).toBe('active');
    time.advance(DAY);
    expect(made.vault.authorizations.get(short.id).status).toBe('expired');
    time.advance(-2 * DAY);
  });

  it('refuse a date signed after today, and show one signed today as pending when the clock is set back', async () => {
    await expectCode(() => made.vault.authorizations.create(input({ signedOn: '2026-03-11' })), 'INVALID_INPUT');
    const today = made.vault.authorizations.create(input({ signedOn: '2026-03-10' }));
    time.advance(-3 * DAY);
    try {
      expect(made.vault.authorizations.get(today.id).status).toBe('pending');
    } finally {
      time.advance(3 * DAY);
    }
  });

  it('are revoked once, from the day the revocation was received, never before signing or in the future', async () => {
    const authorization = made.vault.authorizations.create(input());
    await expectCode(() => made.vault.authorizations.revoke(authorization.id, '2026-02-28'), 'INVALID_INPUT');
    await expectCode(() => made.vault.authorizations.revoke(authorization.id, '2026-03-11'), 'INVALID_INPUT');
    expect(made.vault.authorizations.revoke(authorization.id, '2026-03-10')).toMatchObject({ status: 'revoked', revokedOn: '2026-03-10' });
    await expectCode(() => made.vault.authorizations.revoke(authorization.id, '2026-03-10'), 'INVALID_INPUT');
  });

  it('expire by event once the event is recorded, and only for an event-bound expiry', async () => {
    const byEvent = made.vault.authorizations.create(input({ expiry: { kind: 'event', event: 'End of the custody case' } }));
    expect(byEvent.status).toBe('active');
    expect(made.vault.authorizations.recordExpiryEvent(byEvent.id, '2026-03-09').status).toBe('expired');
    await expectCode(() => made.vault.authorizations.recordExpiryEvent(byEvent.id, '2026-03-10'), 'INVALID_INPUT');
    const byDate = made.vault.authorizations.create(input());
    await expectCode(() => made.vault.authorizations.recordExpiryEvent(byDate.id, '2026-03-10'), 'INVALID_INPUT');
  });

  it('refuse a records authorization that names psychotherapy notes, an unknown client and a hostile payload', async () => {
    await expectCode(() => made.vault.authorizations.create(input({ information: 'All psychotherapy notes' })), 'INVALID_INPUT');
    await expectCode(() => made.vault.authorizations.create(input({ clientId: 'f'.repeat(32) })), 'NOT_FOUND');
    await expectCode(() => made.vault.authorizations.create({ ...input(), status: 'active' } as AuthorizationInput), 'INVALID_INPUT');
    await expectCode(() => made.vault.authorizations.get('../etc'), 'INVALID_INPUT');
  });

  it('are refused while the vault is locked', async () => {
    const some = made.vault.authorizations.listForClient(clientId)[0]!;
    await made.vault.lock();
    try {
      await expectCode(() => made.vault.authorizations.get(some.id), 'LOCKED');
      await expectCode(() => made.vault.authorizations.create(input()), 'LOCKED');
    } finally {
      await made.vault.unlock(PASSPHRASE);
    }
  });
});
