import { describe, expect, it } from 'vitest';
import type { Authorization, AuthorizationInput } from '../../../shared/domain/authorizations';
import { authorizationInputSchema, authorizationStatus } from '../../../shared/domain/authorizations';

const base: AuthorizationInput = {
  clientId: 'a'.repeat(32),
  kind: 'records',
  information: 'Progress notes from 2026',
  discloser: 'Dr. Maya Lindqvist',
  recipient: 'Bayview Health Plan',
  purpose: 'Claim review',
  expiry: { kind: 'date', date: '2026-06-30' },
  signedOn: '2026-03-01',
  signedBy: { kind: 'client' },
};

const stored = (extra: Partial<Authorization> = {}): Authorization => ({
  ...base,
  id: 'b'.repeat(32),
  createdAt: '2026-03-01T18:00:00.000Z',
  updatedAt: '2026-03-01T18:00:00.000Z',
  ...extra,
});

describe('authorizationStatus', () => {
  it('is active from the day signed through the expiry date, expired the day after', () => {
    expect(authorizationStatus(stored(), '2026-03-01')).toBe('active');
    expect(authorizationStatus(stored(), '2026-06-30')).toBe('active');
    expect(authorizationStatus(stored(), '2026-07-01')).toBe('expired');
  });

  it('is pending, never active, on a day before it was signed (a clock running behind)', () => {
    expect(authorizationStatus(stored(), '2026-02-28')).toBe('pending');
    expect(authorizationStatus(stored(), '1970-01-01')).toBe('pending');
  });

  it('is revoked from the day the revocation was received, even before its expiry, and stays revoked after it', () => {
    const revoked = stored({ revokedOn: '2026-04-15' });
    expect(authorizationStatus(revoked, '2026-04-14')).toBe('active');
    expect(authorizationStatus(revoked, '2026-04-15')).toBe('revoked');
    expect(authorizationStatus(revoked, '2027-01-01')).toBe('revoked');
  });

  it('stays active with an expiry event until the event is recorded, then is expired from its day', () => {
    const byEvent = stored({ expiry: { kind: 'event', event: 'End of the custody proceedings' } });
    expect(authorizationStatus(byEvent, '2030-01-01')).toBe('active');
    const ended = stored({ expiry: { kind: 'event', event: 'End of the custody proceedings', occurredOn: '2026-05-10' } });
    expect(authorizationStatus(ended, '2026-05-09')).toBe('active');
    expect(authorizationStatus(ended, '2026-05-10')).toBe('expired');
  });
});

describe('authorizationInputSchema', () => {
  it('accepts the 164.508(c) core elements, with a representative and their authority', () => {
    const representative = { ...base, signedBy: { kind: 'representative', name: 'Ana Reyes', authority: 'Parent of a minor client' } };
    expect(authorizationInputSchema.safeParse(representative).success).toBe(true);
    expect(authorizationInputSchema.safeParse({ ...base, kind: 'psychotherapy-notes', information: 'Psychotherapy notes of 2026' }).success).toBe(true);
  });

  it('refuses a missing element, a representative without authority, and an expiry before signing', () => {
    for (const key of ['information', 'discloser', 'recipient', 'purpose', 'expiry', 'signedOn', 'signedBy'] as const) {
      const { [key]: _dropped, ...missing } = base;
      expect(authorizationInputSchema.safeParse(missing).success, key).toBe(false);
    }
    expect(authorizationInputSchema.safeParse({ ...base, recipient: '   ' }).success).toBe(false);
    expect(authorizationInputSchema.safeParse({ ...base, signedBy: { kind: 'representative', name: 'Ana Reyes' } }).success).toBe(false);
    expect(authorizationInputSchema.safeParse({ ...base, expiry: { kind: 'date', date: '2026-02-28' } }).success).toBe(false);
  });

  it('keeps psychotherapy notes out of a records authorization and refuses combined kinds', () => {
    expect(authorizationInputSchema.safeParse({ ...base, information: 'Progress notes and psychotherapy notes' }).success).toBe(false);
    expect(authorizationInputSchema.safeParse({ ...base, kind: ['records', 'psychotherapy-notes'] }).success).toBe(false);
    expect(authorizationInputSchema.safeParse({ ...base, kinds: ['psychotherapy-notes'] }).success).toBe(false);
  });
});
