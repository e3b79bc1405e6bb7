import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { Difficulty, MeasureInstrument } from '../../../shared/clinical/measures';
import { DIFFICULTY_LABELS, DIFFICULTY_LEVELS, DIFFICULTY_QUESTION, maxScore, MEASURES, RESPONSE_LABELS, scoreMeasure } from '../../../shared/clinical/measures';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { useSubmit } from '../../components/useSubmit';

interface MeasureFormProps {
  instrument: MeasureInstrument;
  /** The answers being corrected, when editing. */
  initial?: readonly number[];
  initialDifficulty?: Difficulty;
  onSubmit(responses: number[], difficulty: Difficulty | undefined): Promise<unknown>;
  onCancel(): void;
}

/**
 * One questionnaire answered item by item: each item is a radio group on the
 * four-point scale, so it is reached and answered with the keyboard alone.
 * The running total is shown for reference; main scores what is saved.
 */
export function MeasureForm({ instrument, initial, initialDifficulty, onSubmit, onCancel }: MeasureFormProps) {
  const definition = MEASURES[instrument];
  const id = useId();
  const [answers, setAnswers] = useState<(number | null)[]>(() => definition.items.map((_, index) => initial?.[index] ?? null));
  const [difficulty, setDifficulty] = useState<Difficulty | undefined>(initialDifficulty);
  const submit = useSubmit();
  const unanswered = answers.filter((answer) => answer === null).length;
  const complete = answers.every((answer): answer is number => answer !== null) ? (answers as number[]) : null;
  const result = complete ? scoreMeasure(instrument, complete) : null;

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!complete) {
      submit.setFailure(`Answer every item: ${unanswered} ${unanswered === 1 ? 'item is' : 'items are'} still blank.`);
      return;
    }
    await submit.run(() => onSubmit(complete, definition.asksDifficulty ? difficulty : undefined));
  };

  return (
    <form className="panel stack measure-form" aria-label={`${definition.name} answers`} onSubmit={(event) => void send(event)}>
      <p className="measure-stem">
        <strong>
          {definition.name} · {definition.title}
        </strong>
        <br />
        {definition.stem}
      </p>
      <ol className="measure-items">
        {definition.items.map((item, index) => (
          <li key={index}>
            <fieldset className="measure-item">
              <legend>
                <span className="measure-item-number">{index + 1}.</span> {item}
              </legend>
              <div className="measure-scale">
                {RESPONSE_LABELS.map((label, value) => (
                  <label key={value} className="measure-choice">
                    <input
                      type="radio"
                      name={`${id}-item-${index}`}
                      value={value}
                      checked={answers[index] === value}
                      onChange={() => setAnswers((current) => current.map((answer, at) => (at === index ? value : answer)))}
                    />
                    <span>
                      {label} <span className="measure-choice-value">({value})</span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      {definition.asksDifficulty ? (
        <fieldset className="measure-item measure-difficulty">
          <legend>
            {DIFFICULTY_QUESTION} <span className="field-hint">(Not scored; optional.)</span>
          </legend>
          <div className="measure-scale">
            {[undefined, ...DIFFICULTY_LEVELS].map((level) => (
              <label key={level ?? 'unanswered'} className="measure-choice">
                <input
                  type="radio"
                  name={`${id}-difficulty`}
                  value={level ?? ''}
                  checked={difficulty === level}
                  onChange={() => setDifficulty(level)}
                />
                <span>{level ? DIFFICULTY_LABELS[level] : 'Not answered'}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <p className="measure-total" aria-live="polite">
        {result
          ? `Total ${result.score} of ${maxScore(instrument)}: ${result.band}.`
          : `${unanswered} of ${definition.items.length} items still to answer.`}
      </p>
      <FormError message={submit.failure} />
      <FormActions submit={initial ? 'Save answers' : `Save ${definition.name}`} submitting="Saving…" busy={submit.busy} onCancel={onCancel} />
    </form>
  );
}
