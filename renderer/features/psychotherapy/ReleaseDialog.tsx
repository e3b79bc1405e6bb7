import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { AUTHORIZATION_STATUS_LABELS } from '../../../shared/domain/authorizations';
import { ORDER_SIGNER_LABELS, ORDER_SIGNERS } from '../../../shared/domain/release';
import type { OrderSigner } from '../../../shared/domain/release';
import type { ClientPsychotherapyNote } from '../../../shared/domain/records';
import type { CourtOrder, PsychotherapyReleaseOutcome } from '../../../shared/ipc/contract';
import { bindValue, CheckboxField, Options, RadioField, SelectField, TextAreaField, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { formatDate, todayIso } from '../../components/format';
import { ModalDialog } from '../../components/ModalDialog';
import { useSubmit } from '../../components/useSubmit';
import { useStores } from '../../stores/StoresContext';

type BasisKind = 'authorization' | 'court-order';
const NEW_ORDER = 'new';

interface OrderDraft {
  court: string;
  judge: string;
  caseNumber: string;
  signedOn: string;
  signedBy: OrderSigner;
  namesPsychotherapyNotes: boolean;
}

const EMPTY_ORDER: OrderDraft = { court: '', judge: '', caseNumber: '', signedOn: '', signedBy: 'judge', namesPsychotherapyNotes: false };

/** The refusals main would give, said before the call so the therapist can fix the form. */
function orderProblems(order: OrderDraft): Partial<Record<keyof OrderDraft, string>> {
  const found: Partial<Record<keyof OrderDraft, string>> = {};
  if (!order.court.trim()) found.court = 'Enter the court that issued the order.';
  if (!order.judge.trim()) found.judge = "Enter the judge's name as signed.";
  if (!order.caseNumber.trim()) found.caseNumber = 'Enter the case number.';
  if (!order.signedOn) found.signedOn = 'Enter the date the order was signed.';
  else if (order.signedOn > todayIso()) found.signedOn = 'The date signed cannot be after today.';
  if (order.signedBy !== 'judge') {
    found.signedBy = 'A subpoena signed by an attorney or a clerk does not release psychotherapy notes. Only a court order signed by a judge does.';
  }
  if (!order.namesPsychotherapyNotes) {
    found.namesPsychotherapyNotes = 'Psychotherapy notes are released only under an order that names them specifically.';
  }
  return found;
}

function outcomeText(outcome: PsychotherapyReleaseOutcome): string {
  if (!outcome.saved) return 'Release canceled. Nothing was saved or recorded.';
  const notes = outcome.noteCount === 1 ? '1 psychotherapy note' : `${outcome.noteCount} psychotherapy notes`;
  const pages = outcome.pageCount === 1 ? '1 page' : `${outcome.pageCount} pages`;
  return `Released ${notes} (${pages}). The disclosure has been recorded.`;
}

function NoteChoices({ notes, chosen, onToggle, error }: { notes: ClientPsychotherapyNote[]; chosen: Set<string>; onToggle(id: string): void; error?: string }) {
  return (
    <fieldset className="subgroup" aria-describedby={error ? 'release-notes-error' : undefined}>
      <legend>Psychotherapy notes to release</legend>
      {error ? (
        <p id="release-notes-error" className="field-error">
          {error}
        </p>
      ) : null}
      {notes.length === 0 ? <p className="field-hint">This client has no psychotherapy notes.</p> : null}
      <ul className="release-note-choices">
        {notes.map((note) => (
          <li key={note.id}>
            <CheckboxField
              label={`Session on ${formatDate(note.sessionDate)}, ${note.sessionStartTime}`}
              hint={note.text.length > 90 ? `${note.text.slice(0, 90)}…` : note.text || 'Empty note'}
              checked={chosen.has(note.id)}
              onChange={() => onToggle(note.id)}
            />
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function CourtOrderFields({ order, errors, onChange }: { order: OrderDraft; errors: Partial<Record<keyof OrderDraft, string>>; onChange(next: OrderDraft): void }) {
  const set = <K extends keyof OrderDraft>(key: K) => (value: OrderDraft[K]) => onChange({ ...order, [key]: value });
  return (
    <fieldset className="subgroup">
      <legend>Court order</legend>
      <SelectField
        label="Signed by"
        hint="Read the signature on the document."
        value={order.signedBy}
        onChange={(event) => set('signedBy')(event.target.value as OrderSigner)}
        error={errors.signedBy}
      >
        <Options values={ORDER_SIGNERS} label={(signer) => ORDER_SIGNER_LABELS[signer]} />
      </SelectField>
      <TextField label="Court" autoComplete="off" {...bindValue(order.court, set('court'))} error={errors.court} required />
      <div className="grid-2">
        <TextField label="Judge's name" autoComplete="off" {...bindValue(order.judge, set('judge'))} error={errors.judge} required />
        <TextField label="Case number" autoComplete="off" {...bindValue(order.caseNumber, set('caseNumber'))} error={errors.caseNumber} required />
      </div>
      <TextField label="Date signed" type="date" {...bindValue(order.signedOn, set('signedOn'))} error={errors.signedOn} required />
      <CheckboxField
        label="The order names psychotherapy notes specifically"
        checked={order.namesPsychotherapyNotes}
        onChange={(event) => set('namesPsychotherapyNotes')(event.target.checked)}
        aria-invalid={errors.namesPsychotherapyNotes ? true : undefined}
        aria-describedby={errors.namesPsychotherapyNotes ? 'release-order-names-error' : undefined}
      />
      {errors.namesPsychotherapyNotes ? (
        <p id="release-order-names-error" className="field-error">
          {errors.namesPsychotherapyNotes}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * Releases chosen psychotherapy notes of one client in a PDF of their own,
 * against a psychotherapy-note authorization or a court order. Main checks
 * everything again; this form only says early what main would refuse.
 */
export function ReleaseDialog({ clientId, notes, onClose }: { clientId: string; notes: ClientPsychotherapyNote[]; onClose(): void }) {
  const { api, clientPage } = useStores();
  const authorizations = useStore(clientPage, (state) => state.authorizations).filter(
    (authorization) => authorization.clientId === clientId && authorization.kind === 'psychotherapy-notes',
  );
  const active = authorizations.filter((authorization) => authorization.status === 'active');
  const [orders, setOrders] = useState<CourtOrder[]>([]);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set());
  const [basisKind, setBasisKind] = useState<BasisKind>(active.length > 0 ? 'authorization' : 'court-order');
  const [authorizationId, setAuthorizationId] = useState(active[0]?.id ?? '');
  const [orderId, setOrderId] = useState(NEW_ORDER);
  const [order, setOrder] = useState<OrderDraft>(EMPTY_ORDER);
  const [recipient, setRecipient] = useState(active[0]?.recipient ?? '');
  const [purpose, setPurpose] = useState(active[0]?.purpose ?? '');
  const [passphrase, setPassphrase] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [orderErrors, setOrderErrors] = useState<Partial<Record<keyof OrderDraft, string>>>({});
  const [outcome, setOutcome] = useState<string | null>(null);
  const submit = useSubmit();

  useEffect(() => {
    let current = true;
    api
      .invoke('courtOrders.listForClient', { clientId })
      .then((list) => {
        if (!current) return;
        setOrders(list);
        if (list[0]) setOrderId(list[0].id);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [api, clientId]);

  /** A field's message goes as soon as the field is edited, so what stays on screen is still true. */
  const cleared =
    <T,>(name: string, set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setErrors(({ [name]: _gone, ...rest }) => rest);
    };

  const toggle = (id: string) => {
    setErrors(({ notes: _gone, ...rest }) => rest);
    setChosen((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  const release = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (chosen.size === 0) found.notes = 'Choose at least one psychotherapy note.';
    if (basisKind === 'authorization' && !authorizationId) found.authorization = 'Choose an active psychotherapy-note authorization.';
    if (!recipient.trim()) found.recipient = 'Enter who receives the notes.';
    if (!purpose.trim()) found.purpose = 'Enter the purpose of the disclosure.';
    if (!passphrase) found.passphrase = 'Enter the psychotherapy passphrase again to release.';
    const newOrder = basisKind === 'court-order' && orderId === NEW_ORDER;
    const problems = newOrder ? orderProblems(order) : {};
    setErrors(found);
    setOrderErrors(problems);
    if (Object.keys(found).length > 0 || Object.keys(problems).length > 0) return;
    setOutcome(null);
    const tried = passphrase;
    const done = await submit.run(async () => {
      let courtOrderId = orderId;
      if (newOrder) {
        const recorded = await api.invoke('courtOrders.record', { order: { ...order, clientId } });
        setOrders((list) => [recorded, ...list]);
        setOrderId(recorded.id);
        setOrder(EMPTY_ORDER);
        courtOrderId = recorded.id;
      }
      const basis =
        basisKind === 'authorization' ? { kind: 'authorization' as const, authorizationId } : { kind: 'court-order' as const, courtOrderId };
      const result = await api.invoke('release.psychotherapyNotes', {
        clientId,
        noteIds: notes.filter((note) => chosen.has(note.id)).map((note) => note.id),
        basis,
        recipient: recipient.trim(),
        purpose: purpose.trim(),
        passphrase: tried,
      });
      setOutcome(outcomeText(result));
    });
    setPassphrase('');
    if (done) setChosen(new Set());
  };

  return (
    <ModalDialog title="Release psychotherapy notes" onClose={onClose} className="release-dialog">
      <form className="stack" onSubmit={release} noValidate aria-label="Release psychotherapy notes">
        <p className="field-hint">
          The chosen notes go into a PDF of their own, with no progress notes. Psychotherapy notes are released only under the
          client&apos;s psychotherapy-note authorization or a court order signed by a judge that names them.
        </p>
        <NoteChoices notes={notes} chosen={chosen} onToggle={toggle} error={errors.notes} />
        <fieldset className="subgroup">
          <legend>Basis for the release</legend>
          <RadioField
            name="release-basis"
            value="authorization"
            chosen={basisKind}
            onChoose={setBasisKind}
            label="The client's psychotherapy-note authorization"
          />
          <RadioField name="release-basis" value="court-order" chosen={basisKind} onChoose={setBasisKind} label="A court order signed by a judge" />
          {basisKind === 'authorization' ? (
            <SelectField
              label="Authorization"
              hint={
                authorizations.length > active.length
                  ? 'Expired, revoked and records authorizations cannot release psychotherapy notes and are not listed.'
                  : 'Only active psychotherapy-note authorizations are listed.'
              }
              value={authorizationId}
              onChange={(event) => {
                const picked = active.find((authorization) => authorization.id === event.target.value);
                setAuthorizationId(event.target.value);
                if (picked && !recipient.trim()) setRecipient(picked.recipient);
                if (picked && !purpose.trim()) setPurpose(picked.purpose);
              }}
              error={errors.authorization ?? (active.length === 0 ? 'This client has no active psychotherapy-note authorization. Record one on the client page first.' : undefined)}
            >
              {active.length === 0 ? <option value="">None available</option> : null}
              {active.map((authorization) => (
                <option key={authorization.id} value={authorization.id}>
                  Signed {formatDate(authorization.signedOn)}, for {authorization.recipient} ({AUTHORIZATION_STATUS_LABELS[authorization.status]})
                </option>
              ))}
            </SelectField>
          ) : (
            <>
              {orders.length > 0 ? (
                <SelectField label="Court order" value={orderId} onChange={(event) => setOrderId(event.target.value)}>
                  {orders.map((recorded) => (
                    <option key={recorded.id} value={recorded.id}>
                      {recorded.court}, case {recorded.caseNumber}, signed {formatDate(recorded.signedOn)}
                    </option>
                  ))}
                  <option value={NEW_ORDER}>Record a new court order…</option>
                </SelectField>
              ) : null}
              {orderId === NEW_ORDER ? <CourtOrderFields
                  order={order}
                  errors={orderErrors}
                  onChange={(next) => {
                    setOrder(next);
                    setOrderErrors({});
                  }}
                /> : null}
            </>
          )}
        </fieldset>
        <TextField label="Recipient" autoComplete="off" {...bindValue(recipient, cleared('recipient', setRecipient))} error={errors.recipient} required />
        <TextAreaField label="Purpose" rows={2} {...bindValue(purpose, cleared('purpose', setPurpose))} error={errors.purpose} required />
        <TextField
          label="Psychotherapy passphrase"
          hint="Typed again for every release, even with the notes open."
          type="password"
          autoComplete="current-password"
          {...bindValue(passphrase, cleared('passphrase', setPassphrase))}
          error={errors.passphrase}
          required
        />
        <div role="status" className="export-status">
          {submit.busy ? <p>Releasing…</p> : null}
          {outcome ? <p className="form-success">{outcome}</p> : null}
        </div>
        <FormError message={submit.failure} />
        <FormActions submit="Choose where to save…" submitting="Releasing…" busy={submit.busy} psychotherapy onCancel={onClose} cancel="Close" />
      </form>
    </ModalDialog>
  );
}
