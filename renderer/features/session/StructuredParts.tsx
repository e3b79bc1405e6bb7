// The structured parts of a draft note, each a disclosure that stays closed
// until used: its summary line says what it holds, so a closed part still
// reads at a glance.
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Ideation, IdeationLevel, NoteStructureInput, RiskAssessment, RiskKind } from '../../../shared/clinical/noteStructure';
import {
  BUILT_IN_INTERVENTIONS,
  ideationText,
  IDEATION_LEVELS,
  isSafetyPlanFilled,
  MSE_DOMAINS,
  MSE_LABELS,
  needsSafetyPlan,
  OBJECTIVE_PROGRESS,
  OBJECTIVE_PROGRESS_LABELS,
  RISK_KINDS,
  RISK_LABELS,
} from '../../../shared/clinical/noteStructure';
import type { ServiceCode } from '../../../shared/clinical/serviceCodes';
import { minutesBetween, SERVICE_CODES, SERVICE_LABELS, serviceCodeLine, serviceWarnings } from '../../../shared/clinical/serviceCodes';
import { bindValue, CheckboxField, SelectField, TextAreaField, TextField } from '../../components/Field';
import { useStores } from '../../stores/StoresContext';
import { DiagnosisChecks } from '../clinical/DiagnosisChecks';

type Edit = (change: (structure: NoteStructureInput) => NoteStructureInput) => void;

function Part({ id, title, summary, used, children }: { id: string; title: string; summary: string; used: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(used);
  // A part filled from outside (Start from the previous note) opens to show what came in.
  useEffect(() => {
    if (used) setOpen(true);
  }, [used]);
  return (
    <details className="note-part" data-part={id} open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        <span className="note-part-title">{title}</span>
        <span className="note-part-summary">{summary}</span>
      </summary>
      <div className="note-part-body">{children}</div>
    </details>
  );
}

const IDEATION_LEVEL_LABELS: Readonly<Record<IdeationLevel, string>> = {
  'not-assessed': 'Not assessed',
  denied: 'Denied',
  passive: 'Passive',
  active: 'Active',
};

function ServicePart({ structure, edit, scheduled }: { structure: NoteStructureInput; edit: Edit; scheduled: { start: string; end: string } }) {
  const service = structure.service;
  const minutes = service ? minutesBetween(service.start, service.end) : null;
  const warnings = service && minutes !== null ? serviceWarnings({ ...service, minutes }) : [];
  const set = (next: NoteStructureInput['service']) => edit((current) => {
    const { service: _old, ...rest } = current;
    return next ? { ...rest, service: next } : rest;
  });
  const summary = service ? `${serviceCodeLine(service)}, ${service.start}–${service.end}${minutes !== null ? `, ${minutes} min` : ''}` : 'Not recorded';
  return (
    <Part id="service" title="Service" summary={summary} used={service !== undefined}>
      <div className="part-row">
        <SelectField
          label="Service code"
          value={service?.code ?? ''}
          onChange={(event) => {
            const code = event.target.value as ServiceCode | '';
            if (!code) return set(undefined);
            set({ code, start: service?.start ?? scheduled.start, end: service?.end ?? scheduled.end, interactiveComplexity: service?.interactiveComplexity ?? false, crisisUnits: service?.crisisUnits ?? 0 });
          }}
        >
          <option value="">None</option>
          {SERVICE_CODES.map((code) => (
            <option key={code} value={code}>
              {code} · {SERVICE_LABELS[code]}
            </option>
          ))}
        </SelectField>
        {service ? (
          <>
            <TextField label="Started" type="time" value={service.start} onChange={(event) => event.target.value && set({ ...service, start: event.target.value })} />
            <TextField label="Ended" type="time" value={service.end} onChange={(event) => event.target.value && set({ ...service, end: event.target.value })} />
            <p className="part-minutes" aria-live="polite">{minutes === null ? 'Ends before it starts' : `${minutes} min`}</p>
          </>
        ) : null}
      </div>
      {service ? (
        <div className="part-row">
          <CheckboxField label="+90785 interactive complexity" checked={service.interactiveComplexity} onChange={(event) => set({ ...service, interactiveComplexity: event.target.checked })} />
          {service.code === '90839' ? (
            <TextField
              label="+90840 units"
              type="number"
              min={0}
              max={8}
              value={String(service.crisisUnits)}
              onChange={(event) => set({ ...service, crisisUnits: Math.max(0, Math.min(8, Math.trunc(Number(event.target.value) || 0))) })}
            />
          ) : null}
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <div role="status">
          <ul className="part-warnings">
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </Part>
  );
}

function AttendeesPart({ structure, edit }: { structure: NoteStructureInput; edit: Edit }) {
  const text = structure.attendees.join(', ');
  const [draft, setDraft] = useState(text);
  // The stored list changes on blur (the same names, tidied) or when carried forward; the field shows it.
  useEffect(() => setDraft(text), [text]);
  return (
    <Part id="attendees" title="Attendees" summary={text || 'Not recorded'} used={structure.attendees.length > 0}>
      <TextField
        label="Who took part"
        hint="Separate names or roles with commas: Client, Mother."
        {...bindValue(draft, setDraft)}
        onBlur={() =>
          edit((current) => ({ ...current, attendees: draft.split(',').map((name) => name.trim()).filter(Boolean).slice(0, 12) }))
        }
      />
    </Part>
  );
}

function DiagnosesPart({ structure, edit }: { structure: NoteStructureInput; edit: Edit }) {
  const { session } = useStores();
  const diagnoses = useStore(session, (state) => state.diagnoses);
  const offered = diagnoses.filter((diagnosis) => diagnosis.status === 'active' || structure.diagnosisIds.includes(diagnosis.id));
  const chosen = offered.filter((diagnosis) => structure.diagnosisIds.includes(diagnosis.id));
  const toggle = (id: string, on: boolean) =>
    edit((current) => ({ ...current, diagnosisIds: on ? [...current.diagnosisIds, id] : current.diagnosisIds.filter((other) => other !== id) }));
  return (
    <Part id="diagnoses" title="Diagnoses addressed" summary={chosen.map((d) => d.code).join(', ') || 'None'} used={chosen.length > 0}>
      {offered.length === 0 ? <p className="field-hint">The client has no active diagnosis. Add one on the client page.</p> : null}
      <fieldset className="part-checklist">
        <legend className="visually-hidden">Diagnoses addressed</legend>
        <DiagnosisChecks diagnoses={offered} chosen={structure.diagnosisIds} onToggle={toggle} />
      </fieldset>
    </Part>
  );
}

function MentalStatusPart({ structure, edit }: { structure: NoteStructureInput; edit: Edit }) {
  const mse = structure.mentalStatus;
  const deviations = MSE_DOMAINS.filter((domain) => mse?.findings[domain]?.trim());
  const summary = !mse ? 'Not recorded' : mse.withinNormalLimits ? (deviations.length > 0 ? `WNL except ${deviations.map((d) => MSE_LABELS[d].toLowerCase()).join(', ')}` : 'Within normal limits') : `${deviations.length} finding(s)`;
  const setFinding = (domain: (typeof MSE_DOMAINS)[number], text: string) =>
    edit((current) => {
      const base = current.mentalStatus ?? { withinNormalLimits: false, findings: {} };
      const findings = { ...base.findings, [domain]: text };
      if (!text) delete findings[domain];
      return { ...current, mentalStatus: { ...base, findings } };
    });
  return (
    <Part id="mentalStatus" title="Mental status" summary={summary} used={mse !== undefined}>
      <div className="part-row">
        <button
          type="button"
          className="button"
          aria-pressed={mse?.withinNormalLimits ?? false}
          onClick={() => edit((current) => ({ ...current, mentalStatus: { withinNormalLimits: !(current.mentalStatus?.withinNormalLimits ?? false), findings: current.mentalStatus?.findings ?? {} } }))}
        >
          Within normal limits
        </button>
        <p className="field-hint">Then note only what deviates.</p>
      </div>
      <div className="part-grid">
        {MSE_DOMAINS.map((domain) => (
          <TextField key={domain} label={<>{MSE_LABELS[domain]}<span className="visually-hidden"> (mental status)</span></>} value={mse?.findings[domain] ?? ''} placeholder={mse?.withinNormalLimits ? 'WNL' : ''} onChange={(event) => setFinding(domain, event.target.value)} />
        ))}
      </div>
    </Part>
  );
}

const NO_IDEATION: Ideation = { level: 'not-assessed', plan: false, intent: false, means: false };

function blankRisk(): RiskAssessment {
  return { suicidal: NO_IDEATION, homicidal: NO_IDEATION, selfHarm: NO_IDEATION, protectiveFactors: '', safetyPlan: { reviewed: false, details: '' } };
}

function RiskPart({ structure, edit }: { structure: NoteStructureInput; edit: Edit }) {
  const risk = structure.risk;
  const setRisk = (change: (risk: RiskAssessment) => RiskAssessment) => edit((current) => ({ ...current, risk: change(current.risk ?? blankRisk()) }));
  const setIdeation = (kind: RiskKind, ideation: Ideation) => setRisk((current) => ({ ...current, [kind]: ideation }));
  const required = needsSafetyPlan(risk);
  const summary = risk ? RISK_KINDS.map((kind) => `${RISK_LABELS[kind].split(' ')[0]}: ${ideationText(risk[kind]).toLowerCase()}`).join('; ') : 'Not assessed';
  const shown = risk ?? blankRisk();
  return (
    <Part id="risk" title="Risk assessment" summary={summary} used={risk !== undefined}>
      {RISK_KINDS.map((kind) => {
        const ideation = shown[kind];
        const present = ideation.level === 'passive' || ideation.level === 'active';
        return (
          <div key={kind} className="part-row risk-row">
            <SelectField label={RISK_LABELS[kind]} value={ideation.level} onChange={(event) => setIdeation(kind, { ...NO_IDEATION, level: event.target.value as IdeationLevel })}>
              {IDEATION_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {IDEATION_LEVEL_LABELS[level]}
                </option>
              ))}
            </SelectField>
            {present
              ? (['plan', 'intent', 'means'] as const).map((part) => (
                  <CheckboxField key={part} label={<>{part[0]!.toUpperCase() + part.slice(1)}<span className="visually-hidden"> ({RISK_LABELS[kind].toLowerCase()})</span></>} checked={ideation[part]} onChange={(event) => setIdeation(kind, { ...ideation, [part]: event.target.checked })} />
                ))
              : null}
          </div>
        );
      })}
      <TextAreaField label="Protective factors" rows={2} value={shown.protectiveFactors} onChange={(event) => setRisk((current) => ({ ...current, protectiveFactors: event.target.value }))} />
      <fieldset className={required && !isSafetyPlanFilled(shown) ? 'safety-plan safety-plan-required' : 'safety-plan'}>
        <legend>Safety plan</legend>
        {required && !isSafetyPlanFilled(shown) ? (
          <p className="field-error" role="status">Active ideation with intent: review the safety plan and describe it before signing.</p>
        ) : null}
        <CheckboxField label="Safety plan reviewed" checked={shown.safetyPlan.reviewed} onChange={(event) => setRisk((current) => ({ ...current, safetyPlan: { ...current.safetyPlan, reviewed: event.target.checked } }))} />
        <TextAreaField
          label="Safety plan"
          hint="Warning signs, coping steps, people and crisis lines to call, means restriction."
          rows={3}
          value={shown.safetyPlan.details}
          onChange={(event) => setRisk((current) => ({ ...current, safetyPlan: { ...current.safetyPlan, details: event.target.value } }))}
        />
      </fieldset>
    </Part>
  );
}

function InterventionsPart({ structure, edit }: { structure: NoteStructureInput; edit: Edit }) {
  const { session } = useStores();
  const own = useStore(session, (state) => state.ownInterventions);
  const [added, setAdded] = useState('');
  const options = [...new Set([...BUILT_IN_INTERVENTIONS, ...own, ...structure.interventions])];
  const toggle = (name: string, on: boolean) =>
    edit((current) => ({ ...current, interventions: on ? [...current.interventions, name] : current.interventions.filter((other) => other !== name) }));
  const add = () => {
    const name = added.trim().slice(0, 60);
    if (name && !structure.interventions.includes(name)) toggle(name, true);
    setAdded('');
  };
  return (
    <Part id="interventions" title="Interventions" summary={structure.interventions.join(', ') || 'None'} used={structure.interventions.length > 0}>
      <fieldset className="part-checklist part-columns">
        <legend className="visually-hidden">Interventions used</legend>
        {options.map((name) => (
          <CheckboxField key={name} label={name} checked={structure.interventions.includes(name)} onChange={(event) => toggle(name, event.target.checked)} />
        ))}
      </fieldset>
      <div className="part-row">
        <TextField
          label="Another intervention"
          hint="Add your own for good in Settings, Note templates."
          {...bindValue(added, setAdded)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="button" onClick={add}>
          Add
        </button>
      </div>
    </Part>
  );
}

function ObjectivesPart({ structure, edit }: { structure: NoteStructureInput; edit: Edit }) {
  const { session } = useStores();
  const plan = useStore(session, (state) => state.plan);
  const objectives = plan
    ? plan.content.problems.flatMap((problem, p) =>
        problem.goals.flatMap((goal, g) => goal.objectives.map((objective, o) => ({ p, g, o, statement: objective.statement }))),
      )
    : [];
  const entryOf = (p: number, g: number, o: number) =>
    structure.objectives.find((entry) => entry.planId === plan?.id && entry.problem === p && entry.goal === g && entry.objective === o);
  const setEntry = (p: number, g: number, o: number, change: { progress?: string; comment?: string }) =>
    edit((current) => {
      const others = current.objectives.filter((entry) => !(entry.planId === plan!.id && entry.problem === p && entry.goal === g && entry.objective === o));
      const existing = entryOf(p, g, o);
      const progress = (change.progress ?? existing?.progress ?? '') as (typeof OBJECTIVE_PROGRESS)[number] | '';
      if (!progress) return { ...current, objectives: others };
      return { ...current, objectives: [...others, { planId: plan!.id, problem: p, goal: g, objective: o, progress, comment: change.comment ?? existing?.comment ?? '' }] };
    });
  return (
    <Part id="objectives" title="Treatment-plan progress" summary={structure.objectives.length > 0 ? `${structure.objectives.length} objective(s)` : plan ? 'None addressed' : 'No signed plan'} used={structure.objectives.length > 0}>
      {!plan ? <p className="field-hint">The client has no signed treatment plan.</p> : null}
      {objectives.map(({ p, g, o, statement }) => {
        const entry = entryOf(p, g, o);
        return (
          <div key={`${p}.${g}.${o}`} className="part-row objective-row">
            <SelectField label={`${p + 1}.${g + 1}.${o + 1} ${statement}`} value={entry?.progress ?? ''} onChange={(event) => setEntry(p, g, o, { progress: event.target.value })}>
              <option value="">Not addressed</option>
              {OBJECTIVE_PROGRESS.map((progress) => (
                <option key={progress} value={progress}>
                  {OBJECTIVE_PROGRESS_LABELS[progress]}
                </option>
              ))}
            </SelectField>
            {entry ? <TextField label={<>Comment<span className="visually-hidden"> on objective {p + 1}.{g + 1}.{o + 1}</span></>} value={entry.comment} onChange={(event) => setEntry(p, g, o, { comment: event.target.value })} /> : null}
          </div>
        );
      })}
    </Part>
  );
}

/** Every structured part of the draft, compact and collapsed until used. */
export function StructuredParts() {
  const { session } = useStores();
  const structure = useStore(session, (state) => state.structure);
  const current = useStore(session, (state) => state.session);
  const edit: Edit = (change) => session.getState().editStructure(change);
  const scheduled = { start: current?.startTime ?? '09:00', end: current?.endTime ?? '09:50' };
  return (
    <section className="note-parts" aria-label="Structured parts">
      <ServicePart structure={structure} edit={edit} scheduled={scheduled} />
      <AttendeesPart structure={structure} edit={edit} />
      <DiagnosesPart structure={structure} edit={edit} />
      <MentalStatusPart structure={structure} edit={edit} />
      <RiskPart structure={structure} edit={edit} />
      <InterventionsPart structure={structure} edit={edit} />
      <ObjectivesPart structure={structure} edit={edit} />
    </section>
  );
}
