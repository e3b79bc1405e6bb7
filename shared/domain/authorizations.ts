/*
 * A client's written authorization to disclose (45 CFR 164.508), with the
 * core elements of 164.508(c)(1), and its status on a given day. Declared
 * here, below the vault, the exporter and the IPC contract, so all three
 * read one definition.
 */
import { z } from 'zod';
import { isoDateSchema, rowIdSchema } from './schemas';

/**
 * An authorization for psychotherapy notes is its own kind: it may not be
 * combined with an authorization for anything else (164.508(b)(3)(ii)), and
 * it never releases progress notes.
 */
export const AUTHORIZATION_KINDS = ['records', 'psychotherapy-notes'] as const;
export type AuthorizationKind = (typeof AUTHORIZATION_KINDS)[number];

const requiredText = (max: number) => z.string().trim().min(1).max(max);

export const authorizationExpirySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('date'), date: isoDateSchema }),
  /** An event (e.g. "end of the custody proceedings"); expired from the day the therapist records that it happened. */
  z.strictObject({ kind: z.literal('event'), event: requiredText(500), occurredOn: isoDateSchema.optional() }),
]);
export type AuthorizationExpiry = z.infer<typeof authorizationExpirySchema>;

export const authorizationSignerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('client') }),
  /** 164.508(c)(1)(vi): a representative's signature carries a description of their authority to act. */
  z.strictObject({ kind: z.literal('representative'), name: requiredText(200), authority: requiredText(500) }),
]);
export type AuthorizationSigner = z.infer<typeof authorizationSignerSchema>;

/** Words that would make a records authorization a compound one that also reaches psychotherapy notes. */
const PSYCHOTHERAPY_NOTES = /psycho\s*therapy\s+notes?/i;

export const authorizationInputSchema = z
  .strictObject({
    clientId: rowIdSchema,
    kind: z.enum(AUTHORIZATION_KINDS),
    /** 164.508(c)(1)(i): a specific and meaningful description of the information. */
    information: requiredText(1000),
    /** 164.508(c)(1)(ii): the persons or class of persons authorized to disclose. */
    discloser: requiredText(300),
    /** 164.508(c)(1)(iii): to whom. */
    recipient: requiredText(300),
    /** 164.508(c)(1)(iv): why ("at the request of the individual" is enough when the client initiates it). */
    purpose: requiredText(500),
    expiry: authorizationExpirySchema,
    signedOn: isoDateSchema,
    signedBy: authorizationSignerSchema,
  })
  .superRefine((value, issues) => {
    if (value.kind === 'records' && PSYCHOTHERAPY_NOTES.test(value.information)) {
      issues.addIssue({
        code: 'custom',
        path: ['information'],
        message: 'psychotherapy notes need their own authorization, of the psychotherapy-note kind',
      });
    }
    if (value.expiry.kind === 'date' && value.expiry.date < value.signedOn) {
      issues.addIssue({ code: 'custom', path: ['expiry', 'date'], message: 'the expiry date is before the date signed' });
    }
    if (value.expiry.kind === 'event' && value.expiry.occurredOn !== undefined) {
      issues.addIssue({ code: 'custom', path: ['expiry', 'occurredOn'], message: 'record the expiry event after it happens' });
    }
  });
export type AuthorizationInput = z.infer<typeof authorizationInputSchema>;

export interface Authorization extends AuthorizationInput {
  id: string;
  /** The day the client's written revocation was received (164.508(b)(5)). */
  revokedOn?: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * pending: signed on a day still to come (a skewed clock, or a date typed
 * ahead); active: usable; expired: past its date or event; revoked: from
 * the day the revocation was received.
 */
export type AuthorizationStatus = 'pending' | 'active' | 'expired' | 'revoked';

export interface AuthorizationView extends Authorization {
  status: AuthorizationStatus;
}

/**
 * The status on `today` (YYYY-MM-DD, the therapist's local calendar day).
 * An expiry date is the last day the authorization can be used. Revocation
 * wins over expiry: it is what the record must show.
 */
export function authorizationStatus(authorization: Authorization, today: string): AuthorizationStatus {
  if (authorization.revokedOn !== undefined && authorization.revokedOn <= today) return 'revoked';
  if (authorization.signedOn > today) return 'pending';
  const { expiry } = authorization;
  if (expiry.kind === 'date' && expiry.date < today) return 'expired';
  if (expiry.kind === 'event' && expiry.occurredOn !== undefined && expiry.occurredOn <= today) return 'expired';
  return 'active';
}

export const AUTHORIZATION_STATUS_LABELS: Readonly<Record<AuthorizationStatus, string>> = {
  pending: 'Not yet in effect',
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
};

export const AUTHORIZATION_KIND_LABELS: Readonly<Record<AuthorizationKind, string>> = {
  records: 'Records (progress notes and other records)',
  'psychotherapy-notes': 'Psychotherapy notes only',
};
