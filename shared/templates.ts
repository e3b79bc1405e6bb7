/*
 * Progress-note templates as data: the editor renders one field per section
 * and the PDF export prints the same labels, so both stay in step.
 */

export interface TemplateField {
  readonly id: string;
  readonly label: string;
  readonly prompt: string;
}

export interface NoteTemplate {
  readonly id: TemplateId;
  readonly name: string;
  readonly fields: readonly TemplateField[];
}

export const TEMPLATE_IDS = ['SOAP', 'DAP', 'BIRP', 'DARP', 'GIRP', 'NARRATIVE'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

const subjective: TemplateField = {
  id: 'subjective',
  label: 'Subjective',
  prompt: "The client's own account: reported symptoms, mood, concerns, quotes.",
};
const objective: TemplateField = {
  id: 'objective',
  label: 'Objective',
  prompt: 'What you observed: affect, appearance, behaviour, mental status, measures.',
};
const data: TemplateField = {
  id: 'data',
  label: 'Data',
  prompt: 'Subjective and objective information from the session.',
};
const assessment: TemplateField = {
  id: 'assessment',
  label: 'Assessment',
  prompt: 'Your clinical interpretation: progress toward goals, risk, diagnosis.',
};
const plan: TemplateField = {
  id: 'plan',
  label: 'Plan',
  prompt: 'Next steps: interventions, homework, next session, referrals.',
};
const response: TemplateField = {
  id: 'response',
  label: 'Response',
  prompt: "The client's response to the interventions.",
};
const intervention: TemplateField = {
  id: 'intervention',
  label: 'Intervention',
  prompt: 'What you did: techniques and modalities used this session.',
};

export const TEMPLATES: Readonly<Record<TemplateId, NoteTemplate>> = {
  SOAP: { id: 'SOAP', name: 'SOAP', fields: [subjective, objective, assessment, plan] },
  DAP: { id: 'DAP', name: 'DAP', fields: [data, assessment, plan] },
  BIRP: {
    id: 'BIRP',
    name: 'BIRP',
    fields: [
      {
        id: 'behavior',
        label: 'Behavior',
        prompt: "The client's presentation, statements and observed behaviour.",
      },
      intervention,
      response,
      plan,
    ],
  },
  DARP: { id: 'DARP', name: 'DARP', fields: [data, assessment, response, plan] },
  GIRP: {
    id: 'GIRP',
    name: 'GIRP',
    fields: [
      { id: 'goals', label: 'Goals', prompt: 'Treatment-plan goals addressed this session.' },
      intervention,
      response,
      plan,
    ],
  },
  NARRATIVE: {
    id: 'NARRATIVE',
    name: 'Narrative',
    fields: [{ id: 'narrative', label: 'Note', prompt: 'A narrative account of the session.' }],
  },
};

export function templateFieldIds(id: TemplateId): string[] {
  return TEMPLATES[id].fields.map((field) => field.id);
}
