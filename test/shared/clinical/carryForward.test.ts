import { describe, expect, it } from 'vitest';
import { carriedPartsOf, carryStructure, DEFAULT_CARRIED_PARTS } from '../../../shared/clinical/carryForward';
import type { NoteStructure, RiskAssessment } from '../../../shared/clinical/noteStructure';
import { emptyStructureInput } from '../../../shared/clinical/noteStructure';

const denied = { level: 'denied', plan: false, intent: false, means: false } as const;
const risk: RiskAssessment = {
  suicidal: { level: 'passive', plan: false, intent: false, means: false },
  homicidal: denied,
  selfHarm: denied,
  protectiveFactors: 'Sister nearby',
  safetyPlan: { reviewed: true, details: 'Call the sister' },
};

const previous: NoteStructure = {
  service: { code: '90837', start: '09:00', end: '09:55', interactiveComplexity: false, crisisUnits: 0, minutes: 55 },
  attendees: ['Client', 'Mother'],
  diagnoses: [
    { id: 'a'.repeat(32), code: 'F32.1', description: 'Major depressive disorder, single episode, moderate' },
    { id: 'b'.repeat(32), code: 'F41.1', description: 'Generalized anxiety disorder' },
  ],
  mentalStatus: { withinNormalLimits: true, findings: { mood: 'Low' } },
  risk,
  interventions: ['CBT', 'Mindfulness'],
  objectives: [{ planId: 'c'.repeat(32), problem: 0, goal: 0, objective: 0, statement: 'Sleep 7 hours', progress: 'progressing', comment: '' }],
};
const active = new Set(['a'.repeat(32)]);

describe('carrying structured parts forward', () => {
  it('carries attendees, active diagnoses and interventions by default, never the service or objective progress', () => {
    const { structure, carried } = carryStructure(emptyStructureInput(), previous, carriedPartsOf(undefined), active);
    expect(carried).toEqual(['attendees', 'diagnoses', 'interventions']);
    expect(structure).toEqual({ attendees: ['Client', 'Mother'], diagnosisIds: ['a'.repeat(32)], interventions: ['CBT', 'Mindfulness'], objectives: [] });
    expect(DEFAULT_CARRIED_PARTS).toEqual(['attendees', 'diagnoses', 'interventions']);
  });

  it('carries mental status and risk only when named, with the safety plan left unreviewed', () => {
    const { structure, carried } = carryStructure(emptyStructureInput(), previous, ['mentalStatus', 'risk'], active);
    expect(carried).toEqual(['mentalStatus', 'risk']);
    expect(structure.mentalStatus).toEqual({ withinNormalLimits: true, findings: { mood: 'Low' } });
    expect(structure.risk?.safetyPlan).toEqual({ reviewed: false, details: 'Call the sister' });
    expect(structure.risk?.suicidal.level).toBe('passive');
    expect(previous.risk?.safetyPlan.reviewed).toBe(true);
    expect(structure.service).toBeUndefined();
  });

  it('keeps what the draft already holds, and carries nothing from a note without parts or with no template ticks', () => {
    const draft = { ...emptyStructureInput(), attendees: ['Partner'] };
    const { structure, carried } = carryStructure(draft, previous, DEFAULT_CARRIED_PARTS, active);
    expect(structure.attendees).toEqual(['Partner']);
    expect(carried).toEqual(['diagnoses', 'interventions']);
    expect(carryStructure(emptyStructureInput(), undefined, DEFAULT_CARRIED_PARTS, active).carried).toEqual([]);
    expect(carryStructure(emptyStructureInput(), previous, [], active)).toEqual({ structure: emptyStructureInput(), carried: [] });
    expect(carryStructure(emptyStructureInput(), previous, ['diagnoses'], new Set()).carried).toEqual([]);
  });
});
