import type { FormEvent } from 'react';
import type { AccessRequestInput } from '../../../shared/domain/accessRequests';
import { ACCESS_DELIVERIES, ACCESS_DELIVERY_LABELS, ACCESS_FORM_LABELS, ACCESS_FORMS } from '../../../shared/domain/accessRequests';
import { ChoiceField, TextAreaField, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { todayIso } from '../../components/format';
import { useDraftForm } from '../../components/useDraftForm';
import type { DraftErrors } from '../../components/useDraftForm';

type Draft = Omit<AccessRequestInput, 'clientId'>;
type Errors = DraftErrors<Draft>;

function errorsOf(draft: Draft, today: string): Errors {
  const errors: Errors = {};
  if (!draft.receivedOn) errors.receivedOn = 'Enter the date the request was received.';
  else if (draft.receivedOn > today) errors.receivedOn = 'The date received cannot be after today.';
  if (!draft.requestedBy.trim()) errors.requestedBy = 'Name who made the request.';
  if (!draft.requested.trim()) errors.requested = 'Describe what was requested.';
  return errors;
}

interface AccessRequestFormProps {
  onRecord(input: Draft): Promise<unknown>;
  onCancel(): void;
}

/** A request for access to the record (45 CFR 164.524), as the client made it. */
export function AccessRequestForm({ onRecord, onCancel }: AccessRequestFormProps) {
  const { draft, submit, field, accept } = useDraftForm<Draft>(() => ({
    receivedOn: todayIso(),
    requestedBy: 'The client',
    requested: '',
    form: 'electronic-copy',
    format: 'PDF',
    delivery: 'email',
    deliveryDetails: '',
  }));

  const record = async (event: FormEvent) => {
    event.preventDefault();
    if (!accept(errorsOf(draft, todayIso()))) return;
    await submit.run(() => onRecord({ ...draft, requestedBy: draft.requestedBy.trim(), requested: draft.requested.trim() }));
  };

  return (
    <form className="panel stack" onSubmit={record} noValidate aria-label="Record a records request">
      <h3>Record a records request</h3>
      <p className="field-hint">The response is due 30 days after the day you received the request.</p>
      <div className="grid-2">
        <TextField label="Date received" type="date" autoFocus {...field('receivedOn')} />
        <TextField label="Requested by" hint="The client, or a personal representative and their authority." autoComplete="off" {...field('requestedBy')} />
      </div>
      <TextAreaField label="What is requested" hint='In the client&apos;s words, e.g. "my notes from 2024".' rows={2} {...field('requested')} />
      <div className="grid-2">
        <ChoiceField label="Form" values={ACCESS_FORMS} labels={ACCESS_FORM_LABELS} {...field('form')} />
        <TextField label="Format" hint="For example: PDF, printed copy." autoComplete="off" {...field('format')} />
      </div>
      <div className="grid-2">
        <ChoiceField label="Delivery" values={ACCESS_DELIVERIES} labels={ACCESS_DELIVERY_LABELS} {...field('delivery')} />
        <TextField label="Delivery details" hint="Address, email, or the person the copy goes to." autoComplete="off" {...field('deliveryDetails')} />
      </div>
      <FormError message={submit.failure} />
      <FormActions submit="Record request" busy={submit.busy} onCancel={onCancel} />
    </form>
  );
}
