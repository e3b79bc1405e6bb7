import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import type { AccessRequestView } from '../../../shared/domain/accessRequests';
import { ACCESS_DELIVERY_LABELS, ACCESS_FORM_LABELS, ACCESS_STATUS_LABELS, accessFirstDeadline } from '../../../shared/domain/accessRequests';
import { bindValue, TextAreaField, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { formatDate, todayIso } from '../../components/format';
import { useSubmit } from '../../components/useSubmit';
import { useStores } from '../../stores/StoresContext';
import { AccessRequestForm } from './AccessRequestForm';
import { RecordList, RecordSection, useOpenForm } from '../../components/RecordSection';
import { RunButton } from '../../components/RunButton';
import { TermList } from '../../components/TermList';
import type { Terms } from '../../components/TermList';

/** "Due in 3 days", "Due today", "Overdue by 2 days": how the deadline stands. */
export function dueText(daysLeft: number): string {
  if (daysLeft === 0) return 'Due today';
  const days = (count: number) => `${count} day${count === 1 ? '' : 's'}`;
  return daysLeft > 0 ? `Due in ${days(daysLeft)}` : `Overdue by ${days(-daysLeft)}`;
}

/** A dated step with its written reason: the extension given, or the denial. */
function ReasonForm({ title, dateLabel, reasonLabel, submitLabel, onRecord, onCancel }: {
  title: string;
  dateLabel: string;
  reasonLabel: string;
  submitLabel: string;
  onRecord(date: string, reason: string): Promise<void>;
  onCancel(): void;
}) {
  const [date, setDate] = useState(todayIso);
  const [reason, setReason] = useState('');
  const submit = useSubmit();
  const record = async (event: FormEvent) => {
    event.preventDefault();
    if (!date || !reason.trim()) {
      submit.setFailure('Enter the date and the reason as written to the client.');
      return;
    }
    await submit.run(() => onRecord(date, reason.trim()));
  };
  return (
    <form className="stack" onSubmit={record} noValidate aria-label={title}>
      <TextField label={dateLabel} type="date" autoFocus {...bindValue(date, setDate)} />
      <TextAreaField label={reasonLabel} rows={2} {...bindValue(reason, setReason)} />
      <FormError message={submit.failure} />
      <FormActions submit={submitLabel} busy={submit.busy} onCancel={onCancel} />
    </form>
  );
}

/** The two steps that close or delay a request with a reason written to the client. */
const REASON_FORMS = {
  extend: {
    title: 'Extend the deadline',
    dateLabel: 'Extension given on',
    reasonLabel: 'Reason for the delay, as written to the client',
    submitLabel: 'Record extension',
  },
  deny: {
    title: 'Deny the request',
    dateLabel: 'Denied on',
    reasonLabel: 'Basis for the denial, as written to the client',
    submitLabel: 'Record denial',
  },
} as const;

function Details({ request }: { request: AccessRequestView }) {
  const rows: Terms = [
    ['Received', `${formatDate(request.receivedOn)} from ${request.requestedBy}`],
    ['Requested', request.requested],
    ['Form', [ACCESS_FORM_LABELS[request.form], request.format].filter(Boolean).join(', ')],
    ['Delivery', [ACCESS_DELIVERY_LABELS[request.delivery], request.deliveryDetails].filter(Boolean).join(': ')],
    ['Due', formatDate(request.dueOn)],
  ];
  if (request.extension) rows.push(['Extended', `${formatDate(request.extension.extendedOn)}: ${request.extension.reason}`]);
  if (request.fulfilment) {
    const notes = `${request.fulfilment.noteCount} progress note${request.fulfilment.noteCount === 1 ? '' : 's'}`;
    rows.push(['Fulfilled', `${formatDate(request.fulfilment.fulfilledOn)}: record exported (${notes}), logged as a disclosure`]);
  }
  if (request.denial) rows.push(['Denied', `${formatDate(request.denial.deniedOn)}: ${request.denial.reason}`]);
  return <TermList terms={rows} className="details" />;
}

function RequestItem({ request }: { request: AccessRequestView }) {
  const { access } = useStores();
  const [action, setAction] = useState<'extend' | 'deny' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const fulfil = useSubmit();
  const open = request.status === 'open';
  const canExtend = open && !request.extension && todayIso() <= accessFirstDeadline(request.receivedOn);
  const badge = open ? (request.daysLeft < 0 ? 'badge badge-overdue' : 'badge badge-draft') : 'badge badge-muted';
  return (
    <li className="panel stack access-request">
      <div className="section-header">
        <h3>Request received {formatDate(request.receivedOn)}</h3>
        <span className={badge}>{open ? dueText(request.daysLeft) : ACCESS_STATUS_LABELS[request.status]}</span>
      </div>
      <Details request={request} />
      {action !== null ? (
        <ReasonForm
          {...REASON_FORMS[action]}
          onCancel={() => setAction(null)}
          onRecord={async (date, reason) => {
            await (action === 'extend'
              ? access.getState().extend(request.id, { extendedOn: date, reason })
              : access.getState().deny(request.id, { deniedOn: date, reason }));
            setAction(null);
          }}
        />
      ) : open ? (
        <div className="actions">
          <RunButton
            submit={fulfil}
            primary
            running="Exporting…"
            run={async () => {
              const outcome = await access.getState().fulfil(request.id);
              setNotice(outcome.saved ? null : 'Not saved; the request is still open.');
            }}
          >
            Export the record and close…
          </RunButton>
          {canExtend ? (
            <button type="button" className="button" onClick={() => setAction('extend')}>
              Extend 30 days…
            </button>
          ) : null}
          <button type="button" className="button" onClick={() => setAction('deny')}>
            Deny…
          </button>
        </div>
      ) : null}
      <FormError message={fulfil.failure} />
      {notice ? <p className="field-hint" role="status">{notice}</p> : null}
    </li>
  );
}

/** The client's records requests (45 CFR 164.524): recording one, its deadline, and how it ended. */
export function AccessRequestsSection({ clientId }: { clientId: string }) {
  const { access } = useStores();
  const requests = useStore(access, (state) => state.requests);
  const form = useOpenForm();
  useEffect(() => {
    void access.getState().open(clientId);
  }, [access, clientId]);
  return (
    <RecordSection id="access" title="Records requests" add="Record a request…" adding={form.open} onAdd={form.show}>
      <p className="field-hint">
        The export for a request holds signed progress notes, diagnoses and the treatment plan; psychotherapy notes are never
        part of it.
      </p>
      {form.open ? <AccessRequestForm onCancel={form.hide} onRecord={form.closeAfter(access.getState().record)} /> : null}
      <RecordList items={requests} label="Records requests" className="stack authorization-list" empty="No records requests recorded.">
        {(request) => <RequestItem key={request.id} request={request} />}
      </RecordList>
    </RecordSection>
  );
}
