/*
 * The basis an export names (45 CFR 164.502(a)): checked against the
 * client's authorizations before anything is written, and printed on the
 * release page in words a recipient can check.
 */
import type { AuthorizationView } from '../../shared/domain/authorizations';
import { AUTHORIZATION_STATUS_LABELS } from '../../shared/domain/authorizations';
import type { ExportBasis, ReleaseBasis } from '../../shared/domain/export';
import { VaultError } from '../../shared/errors';

export interface BasisLine {
  label: string;
  value: string;
}

function signerText(authorization: AuthorizationView): string {
  const signer = authorization.signedBy;
  return signer.kind === 'client' ? 'the client' : `${signer.name}, personal representative (${signer.authority})`;
}

function expiryText(authorization: AuthorizationView): string {
  const { expiry } = authorization;
  return expiry.kind === 'date' ? `on ${expiry.date}` : `on this event: ${expiry.event}`;
}

/**
 * Only an active authorization of the records kind releases progress notes:
 * one that is expired, revoked or not yet in effect cannot be used, and a
 * psychotherapy-note authorization releases psychotherapy notes only, which
 * this exporter never reaches.
 */
export function resolveBasis(basis: ExportBasis, clientId: string, authorization: (id: string) => AuthorizationView): ReleaseBasis {
  if (basis.kind !== 'authorization') return basis;
  const found = authorization(basis.authorizationId);
  if (found.clientId !== clientId) {
    throw new VaultError('INVALID_INPUT', "That authorization is not this client's; nothing was exported");
  }
  if (found.kind === 'psychotherapy-notes') {
    throw new VaultError(
      'INVALID_INPUT',
      'A psychotherapy-note authorization releases psychotherapy notes only, never progress notes; nothing was exported',
    );
  }
  if (found.status !== 'active') {
    const status = AUTHORIZATION_STATUS_LABELS[found.status].toLowerCase();
    throw new VaultError('INVALID_INPUT', `That authorization is ${status} and cannot be used; nothing was exported`);
  }
  return authorizationSnapshot(found);
}

/** The authorization's elements as they stand today, kept in the disclosure record so it still reads right after a revocation. */
export function authorizationSnapshot(authorization: AuthorizationView): Extract<ReleaseBasis, { kind: 'authorization' }> {
  return {
    kind: 'authorization',
    authorizationId: authorization.id,
    signedOn: authorization.signedOn,
    signedBy: signerText(authorization),
    expires: expiryText(authorization),
    recipient: authorization.recipient,
    purpose: authorization.purpose,
  };
}

const TPO_WORDS = { treatment: 'Treatment', payment: 'Payment', operations: 'Health care operations' } as const;

/** The basis as the release page prints it, beside the recipient and purpose. */
export function basisLines(basis: ReleaseBasis): BasisLine[] {
  switch (basis.kind) {
    case 'authorization':
      return [
        { label: 'Basis', value: "The client's written authorization (45 CFR 164.508)" },
        { label: 'Authorization', value: `Signed ${basis.signedOn} by ${basis.signedBy}; expires ${basis.expires}` },
        { label: 'Authorized for', value: `${basis.recipient}; purpose: ${basis.purpose}` },
      ];
    case 'client-request':
      return [{ label: 'Basis', value: "The client's own request for access to their record (45 CFR 164.524)" }];
    case 'treatment-payment-operations':
      return [{ label: 'Basis', value: `${TPO_WORDS[basis.use]}, without authorization (45 CFR 164.506)` }];
    case 'required-by-law':
      return [
        { label: 'Basis', value: 'Required by law (45 CFR 164.512)' },
        {
          label: 'Order',
          value: `${basis.order.kind}, ${basis.order.issuedBy}, ${basis.order.reference}, dated ${basis.order.date}`,
        },
      ];
    case 'serious-threat':
      return [
        { label: 'Basis', value: 'To prevent or lessen a serious and imminent threat to health or safety (45 CFR 164.512(j))' },
        { label: 'Grounds', value: basis.explanation },
      ];
  }
}
