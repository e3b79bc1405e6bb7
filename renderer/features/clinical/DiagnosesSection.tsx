import { useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import type { Icd10Code } from '../../../shared/clinical/icd10Search';
import type { Diagnosis } from '../../../shared/domain/records';
import type { DiagnosisChange, DiagnosisRank, DiagnosisStatus } from '../../../shared/domain/schemas';
import { bindValue, SelectField, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { formatDate, formatDateTime } from '../../components/format';
import { useSubmit } from '../../components/useSubmit';
import { useStores } from '../../stores/StoresContext';
import { DiagnosisPicker } from './DiagnosisPicker';
import { RecordList, RecordSection, useOpenForm } from '../../components/RecordSection';

function AddDiagnosisForm({ onDone }: { onDone(): void }) {
  const { clinical } = useStores();
  const [picked, setPicked] = useState<Icd10Code | null>(null);
  const [rank, setRank] = useState<DiagnosisRank>('primary');
  const [status, setStatus] = useState<DiagnosisStatus>('active');
  const [onsetDate, setOnsetDate] = useState('');
  const [pickError, setPickError] = useState<string | null>(null);
  const submit = useSubmit();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!picked) {
      setPickError('Pick a code from the list');
      return;
    }
    setPickError(null);
    const ok = await submit.run(() =>
      clinical.getState().addDiagnosis({ code: picked.code, rank, status, ...(onsetDate ? { onsetDate } : {}) }),
    );
    if (ok) onDone();
  };

  return (
    <form className="panel stack" aria-label="Add a diagnosis" onSubmit={(event) => void onSubmit(event)}>
      <DiagnosisPicker picked={picked} onPick={setPicked} error={pickError} />
      <div className="grid-3">
        <SelectField label="Rank" value={rank} onChange={(event) => setRank(event.target.value as DiagnosisRank)}>
          <option value="primary">Primary</option>
          <option value="secondary">Secondary</option>
        </SelectField>
        <TextField label="Onset" type="date" {...bindValue(onsetDate, setOnsetDate)} />
        <SelectField label="Status" value={status} onChange={(event) => setStatus(event.target.value as DiagnosisStatus)}>
          <option value="active">Active</option>
          <option value="resolved">Resolved</option>
        </SelectField>
      </div>
      <FormError message={submit.failure} />
      <FormActions submit="Add diagnosis" submitting="Adding…" busy={submit.busy} onCancel={onDone} />
    </form>
  );
}

function stateOf(diagnosis: Diagnosis): DiagnosisChange {
  return { rank: diagnosis.rank, status: diagnosis.status, ...(diagnosis.onsetDate ? { onsetDate: diagnosis.onsetDate } : {}) };
}

function DiagnosisHistory({ diagnosis }: { diagnosis: Diagnosis }) {
  if (diagnosis.history.length < 2) return null;
  return (
    <details className="history">
      <summary>History ({diagnosis.history.length} versions)</summary>
      <ol className="history-list">
        {diagnosis.history.map((version) => (
          <li key={version.id}>
            {formatDateTime(version.recordedAt)}: {version.rank}, {version.status}
            {version.onsetDate ? `, onset ${formatDate(version.onsetDate)}` : ''}
          </li>
        ))}
      </ol>
    </details>
  );
}

function DiagnosisRow({ diagnosis }: { diagnosis: Diagnosis }) {
  const { clinical } = useStores();
  const change = useSubmit();
  const apply = (next: Partial<DiagnosisChange>) =>
    void change.run(() => clinical.getState().changeDiagnosis(diagnosis.id, { ...stateOf(diagnosis), ...next }));
  const resolved = diagnosis.status === 'resolved';
  return (
    <li className={resolved ? 'diagnosis diagnosis-resolved' : 'diagnosis'}>
      <div className="diagnosis-main">
        <span className="diagnosis-code">{diagnosis.code}</span>
        <span>{diagnosis.description}</span>
      </div>
      <div className="diagnosis-meta">
        <span className={diagnosis.rank === 'primary' ? 'badge badge-signed' : 'badge badge-muted'}>
          {diagnosis.rank === 'primary' ? 'Primary' : 'Secondary'}
        </span>
        <span className={resolved ? 'badge badge-muted' : 'badge badge-draft'}>{resolved ? 'Resolved' : 'Active'}</span>
        {diagnosis.onsetDate ? <span>Onset {formatDate(diagnosis.onsetDate)}</span> : null}
        <span className="actions">
          {!resolved && diagnosis.rank === 'secondary' ? (
            <button type="button" className="button button-quiet" disabled={change.busy} onClick={() => apply({ rank: 'primary' })}>
              Make primary<span className="visually-hidden"> {diagnosis.code}</span>
            </button>
          ) : null}
          <button
            type="button"
            className="button button-quiet"
            disabled={change.busy}
            onClick={() => apply({ status: resolved ? 'active' : 'resolved' })}
          >
            {resolved ? 'Mark active' : 'Mark resolved'}
            <span className="visually-hidden"> {diagnosis.code}</span>
          </button>
        </span>
      </div>
      <DiagnosisHistory diagnosis={diagnosis} />
      <FormError message={change.failure} />
    </li>
  );
}

/** The client's diagnoses, current state first, each with its history; a new one is picked from ICD-10-CM. */
export function DiagnosesSection() {
  const { clinical } = useStores();
  const diagnoses = useStore(clinical, (state) => state.diagnoses);
  const form = useOpenForm();
  return (
    <RecordSection id="diagnoses" title="Diagnoses" add="Add diagnosis" primary adding={form.open} onAdd={form.show}>
      {form.open ? <AddDiagnosisForm onDone={form.hide} /> : null}
      <RecordList items={diagnoses} label="Diagnoses" className="diagnosis-list" empty="No diagnoses recorded." emptyClassName="empty-state">
        {(diagnosis) => <DiagnosisRow key={diagnosis.id} diagnosis={diagnosis} />}
      </RecordList>
    </RecordSection>
  );
}
