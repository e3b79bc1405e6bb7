import type { AuthorizationView, ExportBasis } from '../../../shared/ipc/contract';
import type { ExportBasisKind, LegalOrder } from '../../../shared/domain/export';
import { TPO_USES } from '../../../shared/domain/export';
import { bindValue, Options, RadioField, SelectField, TextAreaField, TextField } from '../../components/Field';
import { formatDate } from '../../components/format';

export interface BasisDraft {
  kind: ExportBasisKind;
  authorizationId: string;
  use: (typeof TPO_USES)[number];
  order: LegalOrder;
  explanation: string;
}

export type BasisErrors = Partial<Record<'authorizationId' | 'order' | 'explanation', string>>;

export function emptyBasisDraft(authorizations: readonly AuthorizationView[]): BasisDraft {
  const usable = usableAuthorizations(authorizations);
  return {
    kind: usable.length > 0 ? 'authorization' : 'client-request',
    authorizationId: usable[0]?.id ?? '',
    use: 'treatment',
    order: { kind: '', issuedBy: '', reference: '', date: '' },
    explanation: '',
  };
}

/** Only an active records authorization can release progress notes; main checks it again. */
export function usableAuthorizations(authorizations: readonly AuthorizationView[]): AuthorizationView[] {
  return authorizations.filter((authorization) => authorization.kind === 'records' && authorization.status === 'active');
}

/** The basis the draft names, or the errors that keep it from naming one. */
export function basisOf(draft: BasisDraft): { basis: ExportBasis } | { errors: BasisErrors } {
  switch (draft.kind) {
    case 'authorization':
      return draft.authorizationId
        ? { basis: { kind: 'authorization', authorizationId: draft.authorizationId } }
        : { errors: { authorizationId: 'Choose an active authorization, or another basis.' } };
    case 'client-request':
      return { basis: { kind: 'client-request' } };
    case 'treatment-payment-operations':
      return { basis: { kind: 'treatment-payment-operations', use: draft.use } };
    case 'required-by-law': {
      const order = {
        kind: draft.order.kind.trim(),
        issuedBy: draft.order.issuedBy.trim(),
        reference: draft.order.reference.trim(),
        date: draft.order.date,
      };
      return Object.values(order).every(Boolean)
        ? { basis: { kind: 'required-by-law', order } }
        : { errors: { order: 'Enter what the order is, who issued it, its reference and its date.' } };
    }
    case 'serious-threat':
      return draft.explanation.trim()
        ? { basis: { kind: 'serious-threat', explanation: draft.explanation.trim() } }
        : { errors: { explanation: 'Describe the threat and why the disclosure can prevent or lessen it.' } };
  }
}

const CHOICES: readonly { kind: ExportBasisKind; label: string }[] = [
  { kind: 'authorization', label: "The client's written authorization" },
  { kind: 'client-request', label: "The client's own request for their record (right of access)" },
  { kind: 'treatment-payment-operations', label: 'Treatment, payment or health care operations' },
  { kind: 'required-by-law', label: 'Required by law (court order, subpoena or statute)' },
  { kind: 'serious-threat', label: 'A serious and imminent threat to health or safety' },
];

const USE_LABELS = { treatment: 'Treatment', payment: 'Payment', operations: 'Health care operations' } as const;

interface BasisFieldsProps {
  draft: BasisDraft;
  errors: BasisErrors;
  authorizations: readonly AuthorizationView[];
  onChange(draft: BasisDraft): void;
}

/** Why this disclosure is lawful: printed on the release page and kept in the disclosure record. */
export function BasisFields({ draft, errors, authorizations, onChange }: BasisFieldsProps) {
  const usable = usableAuthorizations(authorizations);
  const order = (key: keyof LegalOrder) => bindValue(draft.order[key], (value) => onChange({ ...draft, order: { ...draft.order, [key]: value } }));
  return (
    <fieldset className="subgroup">
      <legend>Basis for the disclosure</legend>
      {CHOICES.map((choice) => (
        <RadioField
          key={choice.kind}
          name="export-basis"
          value={choice.kind}
          chosen={draft.kind}
          onChoose={(kind) => onChange({ ...draft, kind })}
          label={choice.label}
        />
      ))}
      {draft.kind === 'authorization' ? (
        usable.length > 0 ? (
          <SelectField
            label="Authorization"
            hint="Only active authorizations for records are listed."
            error={errors.authorizationId}
            {...bindValue(draft.authorizationId, (authorizationId) => onChange({ ...draft, authorizationId }))}
          >
            {usable.map((authorization) => (
              <option key={authorization.id} value={authorization.id}>
                {`To ${authorization.recipient}, signed ${formatDate(authorization.signedOn)}`}
              </option>
            ))}
          </SelectField>
        ) : (
          <p className="field-error" role="alert">
            No active authorization for records is on file for this client. Record one under Authorizations, or choose
            another basis.
          </p>
        )
      ) : null}
      {draft.kind === 'treatment-payment-operations' ? (
        <SelectField label="Use" {...bindValue(draft.use, (use) => onChange({ ...draft, use: use as BasisDraft['use'] }))}>
          <Options values={TPO_USES} label={(use) => USE_LABELS[use]} />
        </SelectField>
      ) : null}
      {draft.kind === 'required-by-law' ? (
        <div className="grid-2">
          <TextField label="What it is" hint="For example: Court order signed by a judge" autoComplete="off" error={errors.order} {...order('kind')} />
          <TextField label="Issued by" hint="The court, agency or law" autoComplete="off" {...order('issuedBy')} />
          <TextField label="Reference" hint="Case or docket number, or the statute" autoComplete="off" {...order('reference')} />
          <TextField label="Date of the order" type="date" {...order('date')} />
        </div>
      ) : null}
      {draft.kind === 'serious-threat' ? (
        <TextAreaField
          label="Grounds"
          hint="The threat, and why this disclosure can prevent or lessen it."
          rows={2}
          error={errors.explanation}
          {...bindValue(draft.explanation, (explanation) => onChange({ ...draft, explanation }))}
        />
      ) : null}
    </fieldset>
  );
}
