import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import type { AuthorizationView } from '../../../shared/domain/authorizations';
import { AUTHORIZATION_KIND_LABELS, AUTHORIZATION_STATUS_LABELS } from '../../../shared/domain/authorizations';
import { bindValue, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { formatDate, todayIso } from '../../components/format';
import { useSubmit } from '../../components/useSubmit';
import { useStores } from '../../stores/StoresContext';
import { AuthorizationForm } from './AuthorizationForm';
import { RecordList, RecordSection, useOpenForm } from '../../components/RecordSection';

function expiryText(authorization: AuthorizationView): string {
  const { expiry } = authorization;
  if (expiry.kind === 'date') return `Expires ${formatDate(expiry.date)}`;
  return expiry.occurredOn ? `Ended by “${expiry.event}” on ${formatDate(expiry.occurredOn)}` : `Expires on: ${expiry.event}`;
}

function signerText(authorization: AuthorizationView): string {
  const signer = authorization.signedBy;
  return signer.kind === 'client' ? 'the client' : `${signer.name} (${signer.authority})`;
}

/** A dated step on one authorization: the revocation received, or the expiry event that happened. */
function DatedAction({ label, submitLabel, onRecord, onCancel }: { label: string; submitLabel: string; onRecord(date: string): Promise<void>; onCancel(): void }) {
  const [date, setDate] = useState(todayIso);
  const submit = useSubmit();
  const record = async (event: FormEvent) => {
    event.preventDefault();
    if (!date) {
      submit.setFailure('Enter the date.');
      return;
    }
    await submit.run(() => onRecord(date));
  };
  return (
    <form className="stack" onSubmit={record} noValidate aria-label={submitLabel}>
      <TextField label={label} type="date" autoFocus {...bindValue(date, setDate)} />
      <FormError message={submit.failure} />
      <FormActions submit={submitLabel} busy={submit.busy} onCancel={onCancel} />
    </form>
  );
}

function AuthorizationItem({ authorization }: { authorization: AuthorizationView }) {
  const { clientPage } = useStores();
  const [action, setAction] = useState<'revoke' | 'event' | null>(null);
  const usable = authorization.status === 'active' || authorization.status === 'pending';
  return (
    <li className="panel stack authorization">
      <div className="section-header">
        <h3>
          {AUTHORIZATION_KIND_LABELS[authorization.kind]} to {authorization.recipient}
        </h3>
        <span className={`badge badge-authorization-${authorization.status}`}>{AUTHORIZATION_STATUS_LABELS[authorization.status]}</span>
      </div>
      <dl className="details">
        <div>
          <dt>Information</dt>
          <dd>{authorization.information}</dd>
        </div>
        <div>
          <dt>Purpose</dt>
          <dd>{authorization.purpose}</dd>
        </div>
        <div>
          <dt>Who may disclose</dt>
          <dd>{authorization.discloser}</dd>
        </div>
        <div>
          <dt>Signed</dt>
          <dd>
            {formatDate(authorization.signedOn)} by {signerText(authorization)}
          </dd>
        </div>
        <div>
          <dt>Expiry</dt>
          <dd>{expiryText(authorization)}</dd>
        </div>
        {authorization.revokedOn ? (
          <div>
            <dt>Revoked</dt>
            <dd>{formatDate(authorization.revokedOn)}</dd>
          </div>
        ) : null}
      </dl>
      {action === 'revoke' ? (
        <DatedAction
          label="Revocation received on"
          submitLabel="Record revocation"
          onCancel={() => setAction(null)}
          onRecord={(date) => clientPage.getState().revokeAuthorization(authorization.id, date)}
        />
      ) : action === 'event' ? (
        <DatedAction
          label="Expiry event happened on"
          submitLabel="Record expiry event"
          onCancel={() => setAction(null)}
          onRecord={(date) => clientPage.getState().recordExpiryEvent(authorization.id, date)}
        />
      ) : usable ? (
        <div className="actions">
          <button type="button" className="button" onClick={() => setAction('revoke')}>
            Record revocation…
          </button>
          {authorization.expiry.kind === 'event' ? (
            <button type="button" className="button" onClick={() => setAction('event')}>
              Record expiry event…
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

/** The client's authorizations, newest first, with their status today, and recording a new one. */
export function AuthorizationsSection() {
  const { clientPage, settings } = useStores();
  const authorizations = useStore(clientPage, (state) => state.authorizations);
  const clinician = useStore(settings, (state) => state.settings?.clinicianName ?? '');
  const form = useOpenForm();
  const settingsLoaded = useStore(settings, (state) => state.settings !== null);
  useEffect(() => {
    if (!settingsLoaded) void settings.getState().load();
  }, [settings, settingsLoaded]);
  return (
    <RecordSection id="authorizations" title="Authorizations" add="Record an authorization…" adding={form.open} onAdd={form.show}>
      {form.open ? (
        <AuthorizationForm clinician={clinician} onCancel={form.hide} onRecord={form.closeAfter(clientPage.getState().recordAuthorization)} />
      ) : null}
      <RecordList items={authorizations} label="Authorizations" className="stack authorization-list" empty="No authorizations recorded.">
        {(authorization) => <AuthorizationItem key={authorization.id} authorization={authorization} />}
      </RecordList>
    </RecordSection>
  );
}
