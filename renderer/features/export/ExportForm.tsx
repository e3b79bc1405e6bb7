import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { FormEvent } from 'react';
import type { ExportOutcome, ExportRequest } from '../../../shared/ipc/contract';
import { bindChecked, bindValue, CheckboxField, RadioField, TextAreaField, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { todayIso } from '../../components/format';
import { useSubmit } from '../../components/useSubmit';
import { useStores } from '../../stores/StoresContext';
import type { BasisDraft, BasisErrors } from './BasisFields';
import { basisOf, BasisFields, emptyBasisDraft } from './BasisFields';

interface Progress {
  exportId: string;
  done: number;
  total: number;
}

function outcomeText(outcome: ExportOutcome): string {
  if (!outcome.saved) return 'Export canceled. Nothing was saved.';
  const notes = outcome.noteCount === 1 ? '1 note' : `${outcome.noteCount} notes`;
  const pages = outcome.pageCount === 1 ? '1 page' : `${outcome.pageCount} pages`;
  return `Exported ${notes} (${pages}). The disclosure has been recorded.`;
}

/**
 * Who the notes go to and why (recorded as a disclosure). Main asks where to
 * save with its own dialog; this form never names a path.
 */
export function ExportForm({ clientId, onClose }: { clientId: string; onClose(): void }) {
  const { api, clientPage } = useStores();
  const authorizations = useStore(clientPage, (state) => state.authorizations);
  const [basis, setBasis] = useState<BasisDraft>(() => emptyBasisDraft(authorizations));
  const [basisErrors, setBasisErrors] = useState<BasisErrors>({});
  const [scope, setScope] = useState<'record' | 'range'>('record');
  const [from, setFrom] = useState(() => `${todayIso().slice(0, 4)}-01-01`);
  const [to, setTo] = useState(todayIso);
  const [includeDrafts, setIncludeDrafts] = useState(false);
  const [includeTreatmentPlan, setIncludeTreatmentPlan] = useState(false);
  const chosen = authorizations.find((authorization) => authorization.id === basis.authorizationId);
  const [recipient, setRecipient] = useState(() => (basis.kind === 'authorization' ? (chosen?.recipient ?? '') : ''));
  const [purpose, setPurpose] = useState(() => (basis.kind === 'authorization' ? (chosen?.purpose ?? '') : ''));
  const [pdfPassword, setPdfPassword] = useState('');
  const [errors, setErrors] = useState<{ recipient?: string; purpose?: string; range?: string }>({});
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const submit = useSubmit();

  useEffect(() => api.on('export.progress', (payload) => setProgress(payload)), [api]);

  const exportNotes = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!recipient.trim()) found.recipient = 'Enter who receives the notes.';
    if (!purpose.trim()) found.purpose = 'Enter the purpose of the disclosure.';
    if (scope === 'range' && (!from || !to || from > to)) found.range = 'Choose a start date on or before the end date.';
    const named = basisOf(basis);
    setErrors(found);
    setBasisErrors('errors' in named ? named.errors : {});
    if (Object.keys(found).length > 0 || 'errors' in named) return;
    const request: ExportRequest = {
      scope: scope === 'record' ? { kind: 'record', clientId } : { kind: 'range', clientId, from, to },
      basis: named.basis,
      includeDrafts,
      includeTreatmentPlan,
      recipient: recipient.trim(),
      purpose: purpose.trim(),
      ...(pdfPassword ? { pdfPassword } : {}),
    };
    setOutcome(null);
    setProgress(null);
    await submit.run(async () => setOutcome(outcomeText(await api.invoke('export.progressNotes', request))));
    setProgress(null);
    setPdfPassword('');
  };

  const cancel = () => {
    if (progress) api.invoke('export.cancel', { exportId: progress.exportId }).catch(() => undefined);
  };

  return (
    <form className="panel stack" onSubmit={exportNotes} noValidate aria-label="Export progress notes">
      <fieldset className="subgroup">
        <legend>What to export</legend>
        <RadioField name="export-scope" value="record" chosen={scope} onChoose={setScope} label="The whole record" autoFocus />
        <RadioField name="export-scope" value="range" chosen={scope} onChoose={setScope} label="Sessions in a date range" />
        {scope === 'range' ? (
          <div className="grid-2">
            <TextField label="From" type="date" {...bindValue(from, setFrom)} error={errors.range} />
            <TextField label="To" type="date" {...bindValue(to, setTo)} />
          </div>
        ) : null}
        <CheckboxField
          label="Include unsigned drafts"
          {...bindChecked(includeDrafts, setIncludeDrafts)}
        />
        <CheckboxField
          label="Include the signed treatment plan"
          hint="The diagnoses are always included."
          {...bindChecked(includeTreatmentPlan, setIncludeTreatmentPlan)}
        />
      </fieldset>
      <BasisFields
        draft={basis}
        errors={basisErrors}
        authorizations={authorizations}
        onChange={(next) => {
          const picked = authorizations.find((authorization) => authorization.id === next.authorizationId);
          if (next.kind === 'authorization' && picked) {
            if (!recipient.trim()) setRecipient(picked.recipient);
            if (!purpose.trim()) setPurpose(picked.purpose);
          }
          setBasis(next);
        }}
      />
      <div className="grid-2">
        <TextField
          label="Recipient"
          hint="The person or organization receiving the notes."
          autoComplete="off"
          {...bindValue(recipient, setRecipient)}
          error={errors.recipient}
          required
        />
        <TextField
          label="PDF password (optional)"
          hint="Encrypts the PDF; send the password separately."
          type="password"
          autoComplete="new-password"
          {...bindValue(pdfPassword, setPdfPassword)}
        />
      </div>
      <TextAreaField
        label="Purpose"
        hint="Why the notes are disclosed, e.g. a records request or an insurer's review."
        rows={2}
        {...bindValue(purpose, setPurpose)}
        error={errors.purpose}
        required
      />
      <div role="status" className="export-status">
        {submit.busy ? <p>{progress ? `Exporting: ${progress.done} of ${progress.total} notes…` : 'Exporting…'}</p> : null}
        {outcome ? <p className="form-success">{outcome}</p> : null}
      </div>
      <FormError message={submit.failure} />
      <FormActions submit="Choose where to save…" busy={submit.busy}>
        {submit.busy && progress ? (
          <button type="button" className="button" onClick={cancel}>
            Cancel export
          </button>
        ) : (
          <button type="button" className="button" onClick={onClose} disabled={submit.busy}>
            Close
          </button>
        )}
      </FormActions>
    </form>
  );
}
