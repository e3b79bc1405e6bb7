import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { MeasureInstrument } from '../../../shared/clinical/measures';
import { DIFFICULTY_LABELS, MEASURE_INSTRUMENTS, MEASURES, maxScore } from '../../../shared/clinical/measures';
import type { OutcomeMeasure } from '../../../shared/domain/measures';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormError } from '../../components/FormError';
import { useSubmit } from '../../components/useSubmit';
import { selectSessionMeasures } from '../../stores/measuresStore';
import { useStores } from '../../stores/StoresContext';
import { MeasureForm } from './MeasureForm';
import { riskText } from './measureText';

type Editing = { kind: 'new'; instrument: MeasureInstrument } | { kind: 'edit'; measure: OutcomeMeasure } | null;

function MeasureRow({ measure, locked, onEdit }: { measure: OutcomeMeasure; locked: boolean; onEdit(): void }) {
  const { measures } = useStores();
  const remove = useSubmit();
  const [confirming, setConfirming] = useState(false);
  const name = MEASURES[measure.instrument].name;
  return (
    <li className="measure-row" data-measure={measure.id} tabIndex={-1}>
      <span className="measure-name">{name}</span>
      <span className="measure-score">
        {measure.score} / {maxScore(measure.instrument)}
      </span>
      <span className={`badge measure-band measure-band-${measure.band.replace(' ', '-')}`}>{measure.band}</span>
      {measure.risk ? <span className="badge badge-overdue">Item 9 flagged</span> : null}
      {measure.difficulty ? <span className="field-hint">{DIFFICULTY_LABELS[measure.difficulty]}</span> : null}
      {!locked ? (
        <span className="actions">
          <button type="button" className="button button-quiet" onClick={onEdit}>
            Edit answers<span className="visually-hidden"> {name}</span>
          </button>
          <button type="button" className="button button-quiet" onClick={() => setConfirming(true)} disabled={remove.busy}>
            Remove<span className="visually-hidden"> {name}</span>
          </button>
        </span>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={`Remove this ${name}?`}
          confirmLabel="Remove"
          danger
          busy={remove.busy}
          error={remove.failure}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void remove.run(() => measures.getState().remove(measure.id))}
        >
          The answers and score are deleted from the vault.
        </ConfirmDialog>
      ) : null}
    </li>
  );
}

/**
 * The session's outcome measures, above its progress note: given item by
 * item, scored, and flagged when PHQ-9 item 9 is above 0. They can change
 * until the note is signed.
 */
export function SessionMeasures({ clientId, sessionId, locked }: { clientId: string; sessionId: string; locked: boolean }) {
  const { measures } = useStores();
  const list = useStore(measures, useShallow((state) => selectSessionMeasures(state, sessionId)));
  const loadError = useStore(measures, (state) => state.loadError);
  const [editing, setEditing] = useState<Editing>(null);

  useEffect(() => {
    void measures.getState().open(clientId);
  }, [measures, clientId]);

  const flagged = list.filter((measure) => measure.risk);
  return (
    <section className="section" aria-labelledby="session-measures-heading">
      <div className="section-header">
        <h2 id="session-measures-heading">Outcome measures</h2>
        {!locked && editing === null ? (
          <span className="actions">
            {MEASURE_INSTRUMENTS.map((instrument) => (
              <button key={instrument} type="button" className="button" onClick={() => setEditing({ kind: 'new', instrument })}>
                Add {MEASURES[instrument].name}
              </button>
            ))}
          </span>
        ) : null}
      </div>
      {flagged.map((measure) => (
        <p key={measure.id} className="risk-flag" role="note" aria-label="Risk flag">
          <strong>Risk flag.</strong> {riskText(measure)}
        </p>
      ))}
      <FormError message={loadError} />
      {list.length > 0 ? (
        <ul className="measure-list" aria-label="Measures given this session">
          {list.map((measure) => (
            <MeasureRow key={measure.id} measure={measure} locked={locked} onEdit={() => setEditing({ kind: 'edit', measure })} />
          ))}
        </ul>
      ) : editing === null ? (
        <p className="empty-state">{locked ? 'No measures were given this session.' : 'No measures yet. Add a PHQ-9 or GAD-7 the client answered.'}</p>
      ) : null}
      {editing?.kind === 'new' ? (
        <MeasureForm
          key={`new-${editing.instrument}`}
          instrument={editing.instrument}
          onCancel={() => setEditing(null)}
          onSubmit={async (responses, difficulty) => {
            await measures.getState().record(sessionId, editing.instrument, responses, difficulty);
            setEditing(null);
          }}
        />
      ) : null}
      {editing?.kind === 'edit' ? (
        <MeasureForm
          key={editing.measure.id}
          instrument={editing.measure.instrument}
          initial={editing.measure.responses}
          initialDifficulty={editing.measure.difficulty}
          onCancel={() => setEditing(null)}
          onSubmit={async (responses, difficulty) => {
            await measures.getState().update(editing.measure.id, responses, difficulty);
            setEditing(null);
          }}
        />
      ) : null}
    </section>
  );
}
