import type { Handlers } from '../handlerTypes';

/** Each change is audited in the transaction that makes it; the audit names the row, never its content. */
export const authorizationHandlers: Handlers<
  'authorizations.listForClient' | 'authorizations.create' | 'authorizations.revoke' | 'authorizations.recordExpiryEvent'
> = {
  'authorizations.listForClient': ({ vault }, { clientId }) => vault.authorizations.listForClient(clientId),
  'authorizations.create': ({ vault }, { authorization }) =>
    vault.transaction(() => {
      const created = vault.authorizations.create(authorization);
      vault.audit.record('authorization.recorded', { authorizationId: created.id, kind: created.kind });
      return created;
    }),
  'authorizations.revoke': ({ vault }, { id, revokedOn }) =>
    vault.transaction(() => {
      const revoked = vault.authorizations.revoke(id, revokedOn);
      vault.audit.record('authorization.revoked', { authorizationId: id });
      return revoked;
    }),
  'authorizations.recordExpiryEvent': ({ vault }, { id, occurredOn }) =>
    vault.transaction(() => {
      const ended = vault.authorizations.recordExpiryEvent(id, occurredOn);
      vault.audit.record('authorization.expiryEventRecorded', { authorizationId: id });
      return ended;
    }),
};
