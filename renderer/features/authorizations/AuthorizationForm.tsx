import type { FormEvent } from 'react';
import type { AuthorizationInput, AuthorizationKind } from '../../../shared/domain/authorizations';
import { AUTHORIZATION_KIND_LABELS, AUTHORIZATION_KINDS } from '../../../shared/domain/authorizations';
import { RadioField, TextAreaField, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { todayIso } from '../../components/format';
import { useDraftForm } from '../../components/useDraftForm';
import type { DraftErrors } from '../../components/useDraftForm';

type Draft = {
  kind: AuthorizationKind;
  information: string;
  discloser: string;
  recipient: string;
  purpose: string;
  expiryKind: 'date' | 'event';
  expiryDate: string;
  expiryEvent: string;
  signedOn: string;
  signer: 'client' | 'representative';
  representativeName: string;
  representativeAuthority: string;
};

type Errors = DraftErrors<Draft>;

const REQUIRED: readonly [keyof Draft, string][] = [
  ['information', 'Describe the information to be disclosed.'],
  ['discloser', 'Name who may disclose it.'],
  ['recipient', 'Name who receives it.'],
  ['purpose', 'Enter the purpose.'],
  ['signedOn', 'Enter the date it was signed.'],
];

/** The draft as the vault's input, or the errors that keep it from being one. */
function inputOf(draft: Draft, today: string): { input: Omit<AuthorizationInput, 'clientId'> } | { errors: Errors } {
  const errors: Errors = {};
  for (const [key, message] of REQUIRED) if (!draft[key].trim()) errors[key] = message;
  if (draft.signedOn > today) errors.signedOn = 'The date signed cannot be after today.';
  if (draft.expiryKind === 'date' && !draft.expiryDate) errors.expiryDate = 'Enter the expiry date.';
  if (draft.expiryKind === 'date' && draft.expiryDate && draft.signedOn && draft.expiryDate < draft.signedOn) {
    errors.expiryDate = 'The expiry date is before the date signed.';
  }
  if (draft.expiryKind === 'event' && !draft.expiryEvent.trim()) errors.expiryEvent = 'Describe the expiry event.';
  if (draft.signer === 'representative') {
    if (!draft.representativeName.trim()) errors.representativeName = "Enter the representative's name.";
    if (!draft.representativeAuthority.trim()) errors.representativeAuthority = 'Describe their authority to act for the client.';
  }
  if (draft.kind === 'records' && /psycho\s*therapy\s+notes?/i.test(draft.information)) {
    errors.information = 'Psychotherapy notes need their own authorization: choose "Psychotherapy notes only" and record the rest separately.';
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    input: {
      kind: draft.kind,
      information: draft.information.trim(),
      discloser: draft.discloser.trim(),
      recipient: draft.recipient.trim(),
      purpose: draft.purpose.trim(),
      expiry: draft.expiryKind === 'date' ? { kind: 'date', date: draft.expiryDate } : { kind: 'event', event: draft.expiryEvent.trim() },
      signedOn: draft.signedOn,
      signedBy:
        draft.signer === 'client'
          ? { kind: 'client' }
          : { kind: 'representative', name: draft.representativeName.trim(), authority: draft.representativeAuthority.trim() },
    },
  };
}

interface AuthorizationFormProps {
  /** Prefills "who may disclose": the clinician in Settings. */
  clinician: string;
  onRecord(input: Omit<AuthorizationInput, 'clientId'>): Promise<unknown>;
  onCancel(): void;
}

/** The core elements of a valid authorization (45 CFR 164.508(c)), as written on the signed form. */
export function AuthorizationForm({ clinician, onRecord, onCancel }: AuthorizationFormProps) {
  const { draft, setDraft, submit, field, accept } = useDraftForm<Draft>(() => ({
    kind: 'records',
    information: '',
    discloser: clinician,
    recipient: '',
    purpose: '',
    expiryKind: 'date',
    expiryDate: '',
    expiryEvent: '',
    signedOn: todayIso(),
    signer: 'client',
    representativeName: '',
    representativeAuthority: '',
  }));

  const record = async (event: FormEvent) => {
    event.preventDefault();
    const result = inputOf(draft, todayIso());
    if (!accept('errors' in result ? result.errors : {}) || 'errors' in result) return;
    await submit.run(() => onRecord(result.input));
  };

  const radio = <K extends 'kind' | 'expiryKind' | 'signer'>(key: K, value: Draft[K], label: string, autoFocus = false) => (
    <RadioField
      key={`${key}-${value}`}
      name={`authorization-${key}`}
      value={value}
      chosen={draft[key]}
      onChoose={(chosen) => setDraft({ ...draft, [key]: chosen })}
      label={label}
      autoFocus={autoFocus}
    />
  );

  return (
    <form className="panel stack" onSubmit={record} noValidate aria-label="Record an authorization">
      <h3>Record an authorization</h3>
      <p className="field-hint">Copy each element from the form the client signed. A psychotherapy-note authorization is recorded on its own.</p>
      <fieldset className="subgroup">
        <legend>What it covers</legend>
        {AUTHORIZATION_KINDS.map((kind, index) => radio('kind', kind, AUTHORIZATION_KIND_LABELS[kind], index === 0))}
      </fieldset>
      <TextAreaField label="Information to be disclosed" hint="As specific as the form: which records, which dates." rows={2} {...field('information')} />
      <div className="grid-2">
        <TextField label="Who may disclose" autoComplete="off" {...field('discloser')} />
        <TextField label="Recipient" hint="The person or organization named on the form." autoComplete="off" {...field('recipient')} />
      </div>
      <TextAreaField label="Purpose" hint='For example: "Coordination of care" or "At the request of the client".' rows={2} {...field('purpose')} />
      <fieldset className="subgroup">
        <legend>Expires</legend>
        {radio('expiryKind', 'date', 'On a date')}
        {radio('expiryKind', 'event', 'On an event')}
        {draft.expiryKind === 'date' ? (
          <TextField label="Expiry date" hint="The last day it may be used." type="date" {...field('expiryDate')} />
        ) : (
          <TextField label="Expiry event" hint="For example: the end of the court case." autoComplete="off" {...field('expiryEvent')} />
        )}
      </fieldset>
      <fieldset className="subgroup">
        <legend>Signed</legend>
        <TextField label="Date signed" type="date" {...field('signedOn')} />
        {radio('signer', 'client', 'By the client')}
        {radio('signer', 'representative', 'By a personal representative')}
        {draft.signer === 'representative' ? (
          <div className="grid-2">
            <TextField label="Representative's name" autoComplete="off" {...field('representativeName')} />
            <TextField
              label="Authority to act"
              hint="For example: parent of a minor, legal guardian, health care power of attorney."
              autoComplete="off"
              {...field('representativeAuthority')}
            />
          </div>
        ) : null}
      </fieldset>
      <FormError message={submit.failure} />
      <FormActions submit="Record authorization" busy={submit.busy} onCancel={onCancel} />
    </form>
  );
}
