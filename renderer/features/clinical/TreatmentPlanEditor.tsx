import { useState } from 'react';
import type { Diagnosis } from '../../../shared/domain/records';
import type { TreatmentPlanContent } from '../../../shared/domain/schemas';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextAreaField, TextField } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { useSubmit } from '../../components/useSubmit';
import { useStores } from '../../stores/StoresContext';
import type { PlanGoal, PlanProblem } from './planContent';
import { blankGoal, blankIntervention, blankObjective, blankProblem, missingForSignature, removeAt, replaceAt } from './planContent';
import { DiagnosisChecks } from './DiagnosisChecks';

interface ProblemEditorProps {
  problem: PlanProblem;
  number: number;
  diagnoses: Diagnosis[];
  onChange(problem: PlanProblem): void;
  onRemove(): void;
}

/** A goal's or problem's own buttons: add the next item inside it, remove it. */
function AddRemoveActions({ add, onAdd, remove, onRemove }: { add: string; onAdd(): void; remove: string; onRemove(): void }) {
  return (
    <div className="actions">
      <button type="button" className="button" onClick={onAdd}>
        {add}
      </button>
      <button type="button" className="button button-quiet" onClick={onRemove}>
        {remove}
      </button>
    </div>
  );
}

function GoalEditor({ goal, label, onChange, onRemove }: { goal: PlanGoal; label: string; onChange(goal: PlanGoal): void; onRemove(): void }) {
  return (
    <fieldset className="plan-goal">
      <legend>Goal {label}</legend>
      <TextField label={`Goal ${label}`} value={goal.statement} onChange={(event) => onChange({ ...goal, statement: event.target.value })} />
      {goal.objectives.map((objective, o) => {
        const objectiveLabel = `${label}.${o + 1}`;
        const setObjective = (next: typeof objective) => onChange({ ...goal, objectives: replaceAt(goal.objectives, o, next) });
        return (
          <div key={o} className="plan-objective">
            <TextField
              label={`Objective ${objectiveLabel}`}
              hint={o === 0 ? 'Measurable: what will be seen, how often, how much.' : undefined}
              value={objective.statement}
              onChange={(event) => setObjective({ ...objective, statement: event.target.value })}
            />
            <TextField
              label={`Target date for objective ${objectiveLabel}`}
              type="date"
              value={objective.targetDate ?? ''}
              onChange={(event) => {
                const { targetDate: _old, ...rest } = objective;
                setObjective(event.target.value ? { ...rest, targetDate: event.target.value } : rest);
              }}
            />
            <button
              type="button"
              className="button button-quiet"
              onClick={() => onChange({ ...goal, objectives: removeAt(goal.objectives, o) })}
            >
              Remove objective {objectiveLabel}
            </button>
          </div>
        );
      })}
      <AddRemoveActions
        add={`Add objective to goal ${label}`}
        onAdd={() => onChange({ ...goal, objectives: [...goal.objectives, blankObjective()] })}
        remove={`Remove goal ${label}`}
        onRemove={onRemove}
      />
    </fieldset>
  );
}

function ProblemEditor({ problem, number, diagnoses, onChange, onRemove }: ProblemEditorProps) {
  const toggle = (id: string, on: boolean) =>
    onChange({ ...problem, diagnosisIds: on ? [...problem.diagnosisIds, id] : problem.diagnosisIds.filter((other) => other !== id) });
  return (
    <fieldset className="plan-problem panel">
      <legend>Problem {number}</legend>
      <TextAreaField
        label={`Problem ${number}`}
        rows={2}
        value={problem.statement}
        onChange={(event) => onChange({ ...problem, statement: event.target.value })}
      />
      {diagnoses.length > 0 ? (
        <fieldset className="plan-diagnosis-links">
          <legend>Diagnoses for problem {number}</legend>
          <DiagnosisChecks diagnoses={diagnoses} chosen={problem.diagnosisIds} onToggle={toggle} />
        </fieldset>
      ) : null}
      {problem.goals.map((goal, g) => (
        <GoalEditor
          key={g}
          goal={goal}
          label={`${number}.${g + 1}`}
          onChange={(next) => onChange({ ...problem, goals: replaceAt(problem.goals, g, next) })}
          onRemove={() => onChange({ ...problem, goals: removeAt(problem.goals, g) })}
        />
      ))}
      <AddRemoveActions
        add={`Add goal to problem ${number}`}
        onAdd={() => onChange({ ...problem, goals: [...problem.goals, blankGoal()] })}
        remove={`Remove problem ${number}`}
        onRemove={onRemove}
      />
    </fieldset>
  );
}

interface TreatmentPlanEditorProps {
  initial: TreatmentPlanContent;
  /** The stored version of the draft `initial` came from; null when it came from no draft. */
  initialVersion: string | null;
  diagnoses: Diagnosis[];
  /** A revision of a signed plan, rather than the first plan. */
  revising: boolean;
  hasDraft: boolean;
  onClose(): void;
}

/** Writing a plan: saved as a draft until signed; signing makes it the plan in force and it can no longer change. */
export function TreatmentPlanEditor({ initial, initialVersion, diagnoses, revising, hasDraft, onClose }: TreatmentPlanEditorProps) {
  const { clinical } = useStores();
  const [content, setContent] = useState(initial);
  // What the next save is based on: an import while the editor is open does not change it, so main keeps that import as a conflict.
  const [basedOn, setBasedOn] = useState(initialVersion);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState(false);
  const save = useSubmit();
  const sign = useSubmit();
  const missing = missingForSignature(content);
  const update = (next: TreatmentPlanContent) => {
    setContent(next);
    setSaved(false);
  };

  return (
    <form
      className="stack plan-editor"
      aria-label={revising ? 'Revise the treatment plan' : 'Write the treatment plan'}
      onSubmit={(event) => {
        event.preventDefault();
        void save.run(async () => {
          const draft = await clinical.getState().savePlanDraft(content, basedOn);
          setBasedOn(draft.storedVersion ?? null);
          setSaved(true);
        });
      }}
    >
      {content.problems.map((problem, p) => (
        <ProblemEditor
          key={p}
          problem={problem}
          number={p + 1}
          diagnoses={diagnoses}
          onChange={(next) => update({ ...content, problems: replaceAt(content.problems, p, next) })}
          onRemove={() => update({ ...content, problems: removeAt(content.problems, p) })}
        />
      ))}
      <div className="actions">
        <button type="button" className="button" onClick={() => update({ ...content, problems: [...content.problems, blankProblem()] })}>
          Add problem
        </button>
      </div>

      <fieldset className="panel">
        <legend>Interventions</legend>
        {content.interventions.map((intervention, i) => {
          const set = (next: typeof intervention) => update({ ...content, interventions: replaceAt(content.interventions, i, next) });
          return (
            <div key={i} className="grid-3 plan-intervention">
              <TextField
                label={`Intervention ${i + 1}`}
                value={intervention.description}
                onChange={(event) => set({ ...intervention, description: event.target.value })}
              />
              <TextField
                label={`Frequency of intervention ${i + 1}`}
                placeholder="weekly, 50 minutes"
                value={intervention.frequency}
                onChange={(event) => set({ ...intervention, frequency: event.target.value })}
              />
              <TextField
                label={`Modality of intervention ${i + 1}`}
                placeholder="individual, in person"
                value={intervention.modality}
                onChange={(event) => set({ ...intervention, modality: event.target.value })}
              />
              <button
                type="button"
                className="button button-quiet"
                onClick={() => update({ ...content, interventions: removeAt(content.interventions, i) })}
              >
                Remove intervention {i + 1}
              </button>
            </div>
          );
        })}
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={() => update({ ...content, interventions: [...content.interventions, blankIntervention()] })}
          >
            Add intervention
          </button>
        </div>
      </fieldset>

      <TextField
        label="Review date"
        hint="Leave empty to review 90 days after signing."
        type="date"
        value={content.reviewDate ?? ''}
        onChange={(event) => {
          const { reviewDate: _old, ...rest } = content;
          update(event.target.value ? { ...rest, reviewDate: event.target.value } : rest);
        }}
      />

      <FormError message={save.failure} />
      {saved ? (
        <p className="form-success" role="status">
          Draft saved.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button" disabled={save.busy}>
          {save.busy ? 'Saving…' : 'Save draft'}
        </button>
        <button type="button" className="button button-primary" disabled={missing.length > 0} onClick={() => setConfirming(true)}>
          Sign plan…
        </button>
        {hasDraft ? (
          <button
            type="button"
            className="button button-danger"
            onClick={() => void save.run(async () => {
              await clinical.getState().discardPlanDraft();
              onClose();
            })}
          >
            Discard draft
          </button>
        ) : null}
        <button type="button" className="button button-quiet" onClick={onClose}>
          Close
        </button>
      </div>
      {missing.length > 0 ? (
        <p className="field-hint">Before signing, add: {missing.slice(0, 3).join('; ')}{missing.length > 3 ? '; …' : ''}.</p>
      ) : null}

      {confirming ? (
        <ConfirmDialog
          title={revising ? 'Sign this revision?' : 'Sign this treatment plan?'}
          confirmLabel={sign.busy ? 'Signing…' : 'Sign plan'}
          busy={sign.busy}
          error={sign.failure}
          onCancel={() => setConfirming(false)}
          onConfirm={() =>
            void sign.run(async () => {
              await clinical.getState().signPlan(content, basedOn);
              setConfirming(false);
              onClose();
            })
          }
        >
          <p>
            A signed plan can no longer be edited. {revising ? 'This revision replaces the plan in force, which stays in the history.' : ''}{' '}
            It is signed with your name from Settings.
          </p>
        </ConfirmDialog>
      ) : null}
    </form>
  );
}
