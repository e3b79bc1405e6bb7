/*
 * The basis of a psychotherapy-note release (45 CFR 164.508(a)(2)): an active
 * psychotherapy-note authorization of this client, or a court order of this
 * client signed by a judge that names psychotherapy notes. Checked in main
 * before anything is written, whatever the window sends.
 */
import { AUTHORIZATION_STATUS_LABELS } from '../../shared/domain/authorizations';
import type { PsychotherapyBasis, PsychotherapyReleaseBasis } from '../../shared/domain/release';
import { courtOrderRefusal } from '../../shared/domain/release';
import { VaultError } from '../../shared/errors';
import type { BasisLine } from '../export/exportBasis';
import { authorizationSnapshot } from '../export/exportBasis';
import type { ReleaseSource } from './releaseSource';

const NOTHING = '; nothing was released';

function authorizationBasis(source: ReleaseSource, id: string, clientId: string): PsychotherapyReleaseBasis {
  const found = source.getAuthorization(id);
  if (found.clientId !== clientId) throw new VaultError('INVALID_INPUT', `That authorization is not this client's${NOTHING}`);
  if (found.kind !== 'psychotherapy-notes') {
    throw new VaultError(
      'INVALID_INPUT',
      `Psychotherapy notes need an authorization of the psychotherapy-note kind; a records authorization does not release them${NOTHING}`,
    );
  }
  if (found.status !== 'active') {
    const status = AUTHORIZATION_STATUS_LABELS[found.status].toLowerCase();
    throw new VaultError('INVALID_INPUT', `That authorization is ${status} and cannot be used${NOTHING}`);
  }
  return authorizationSnapshot(found);
}

function courtOrderBasis(source: ReleaseSource, id: string, clientId: string): PsychotherapyReleaseBasis {
  const order = source.getCourtOrder(id);
  if (order.clientId !== clientId) throw new VaultError('INVALID_INPUT', `That court order is not this client's${NOTHING}`);
  const refusal = courtOrderRefusal(order);
  if (refusal) throw new VaultError('INVALID_INPUT', `${refusal}${NOTHING}`);
  return {
    kind: 'court-order',
    courtOrderId: order.id,
    court: order.court,
    judge: order.judge,
    caseNumber: order.caseNumber,
    signedOn: order.signedOn,
  };
}

export function resolvePsychotherapyBasis(source: ReleaseSource, basis: PsychotherapyBasis, clientId: string): PsychotherapyReleaseBasis {
  return basis.kind === 'authorization'
    ? authorizationBasis(source, basis.authorizationId, clientId)
    : courtOrderBasis(source, basis.courtOrderId, clientId);
}

/** The basis as the release page prints it. */
export function psychotherapyBasisLines(basis: PsychotherapyReleaseBasis): BasisLine[] {
  if (basis.kind === 'authorization') {
    return [
      { label: 'Basis', value: "The client's written authorization for psychotherapy notes (45 CFR 164.508(a)(2))" },
      { label: 'Authorization', value: `Signed ${basis.signedOn} by ${basis.signedBy}; expires ${basis.expires}` },
      { label: 'Authorized for', value: `${basis.recipient}; purpose: ${basis.purpose}` },
    ];
  }
  return [
    { label: 'Basis', value: 'Court order naming psychotherapy notes (45 CFR 164.508(a)(2)(ii), 164.512(e)(1)(i))' },
    { label: 'Order', value: `${basis.court}, case ${basis.caseNumber}; signed by the judge, ${basis.judge}, on ${basis.signedOn}` },
  ];
}
