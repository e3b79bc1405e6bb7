import { useEffect } from 'react';
import { useStore } from 'zustand';
import { DIFFICULTY_LABELS, MEASURE_INSTRUMENTS, MEASURES, maxScore } from '../../../shared/clinical/measures';
import { formatDate } from '../../components/format';
import { FormError } from '../../components/FormError';
import { useStores } from '../../stores/StoresContext';
import { MeasuresChart } from './MeasuresChart';
import { TableHead } from '../../components/TableHead';

// One empty list for every render: a selector answering a fresh [] each time makes React re-render without end.
const NO_MEASURES: readonly never[] = [];

/** The client's PHQ-9 and GAD-7 scores over time: a chart per instrument, and every reading in a table. */
export function MeasuresSection({ clientId }: { clientId: string }) {
  const { measures } = useStores();
  const list = useStore(measures, (state) => (state.clientId === clientId ? state.measures : NO_MEASURES));
  const loadError = useStore(measures, (state) => state.loadError);

  useEffect(() => {
    void measures.getState().open(clientId);
  }, [measures, clientId]);

  const given = MEASURE_INSTRUMENTS.filter((instrument) => list.some((measure) => measure.instrument === instrument));
  // PHQ-9's unscored closing question gets a column once any reading answers it.
  const withDifficulty = list.some((measure) => measure.difficulty !== undefined);
  return (
    <section className="section" aria-labelledby="measures-heading">
      <div className="section-header">
        <h2 id="measures-heading">Outcome measures</h2>
      </div>
      <FormError message={loadError} />
      {list.length === 0 ? (
        <p className="empty-state">No PHQ-9 or GAD-7 yet. Add one from a session.</p>
      ) : (
        <>
          <div className="measure-charts">
            {given.map((instrument) => (
              <MeasuresChart key={instrument} instrument={instrument} measures={list.filter((measure) => measure.instrument === instrument)} />
            ))}
          </div>
          <table className="measure-table">
            <caption>Scores by session, oldest first</caption>
            <TableHead
              columns={[
                'Session',
                'Measure',
                'Score',
                'Severity',
                'Item 9',
                ...(withDifficulty ? ['Difficulty (PHQ-9)'] : []),
              ]}
            />
            <tbody>
              {list.map((measure) => (
                <tr key={measure.id}>
                  <td>{formatDate(measure.date)}</td>
                  <td>{MEASURES[measure.instrument].name}</td>
                  <td>
                    {measure.score} / {maxScore(measure.instrument)}
                  </td>
                  <td>{measure.band}</td>
                  <td>{measure.instrument !== 'phq9' ? '—' : measure.risk ? <strong className="risk-text">Flagged</strong> : 'Not at all'}</td>
                  {withDifficulty ? <td>{measure.difficulty ? DIFFICULTY_LABELS[measure.difficulty] : '—'}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
