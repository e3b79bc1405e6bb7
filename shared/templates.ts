// Progress-note templates as data: the editor renders one field per section
// and the PDF export prints the same labels, so both stay in step.

export interface TemplateField {
  readonly id: string;
  readonly label: string;
  readonly prompt: string;
  /** Lines of text the editor shows before the field scrolls: a section is a paragraph, a narrative the whole note. */
  readonly rows: number;
  /**
   * Copied by "Start from the previous note". Only sections that stay true
   * from one session to the next (the plan, the goals); what was said and
   * seen is written fresh each time, since a cloned note is an audit risk.
   */
  readonly carryForward?: boolean;
}

export interface NoteTemplate {
  readonly id: TemplateId;
  readonly name: string;
  readonly fields: readonly TemplateField[];
}

export const TEMPLATE_IDS = ['SOAP', 'DAP', 'BIRP', 'DARP', 'GIRP', 'NARRATIVE'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

const SECTION_ROWS = 5;

const subjective: TemplateField = {
  id: 'subjective',
  label: 'Subjective',
  prompt: "The client's own account: reported symptoms, mood, concerns, quotes.",
  rows: SECTION_ROWS,
};
const objective: TemplateField = {
  id: 'objective',
  label: 'Objective',
  prompt: 'What you observed: affect, appearance, behavior, mental status, measures.',
  rows: SECTION_ROWS,
};
const data: TemplateField = {
  id: 'data',
  label: 'Data',
  prompt: 'Subjective and objective information from the session.',
  rows: SECTION_ROWS,
};
const assessment: TemplateField = {
  id: 'assessment',
  label: 'Assessment',
  prompt: 'Your clinical interpretation: progress toward goals, risk, diagnosis.',
  rows: SECTION_ROWS,
};
const plan: TemplateField = {
  id: 'plan',
  label: 'Plan',
  prompt: 'Next steps: interventions, homework, next session, referrals.',
  rows: SECTION_ROWS,
  carryForward: true,
};
const response: TemplateField = {
  id: 'response',
  label: 'Response',
  prompt: "The client's response to the interventions.",
  rows: SECTION_ROWS,
};
const intervention: TemplateField = {
  id: 'intervention',
  label: 'Intervention',
  prompt: 'What you did: techniques and modalities used this session.',
  rows: SECTION_ROWS,
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
        prompt: "The client's presentation, statements and observed behavior.",
        rows: SECTION_ROWS,
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
      {
        id: 'goals',
        label: 'Goals',
        prompt: 'Treatment-plan goals addressed this session.',
        rows: SECTION_ROWS,
        carryForward: true,
      },
      intervention,
      response,
      plan,
    ],
  },
  NARRATIVE: {
    id: 'NARRATIVE',
    name: 'Narrative',
    fields: [{ id: 'narrative', label: 'Note', prompt: 'A narrative account of the session.', rows: 14 }],
  },
};

export function templateFieldIds(id: TemplateId): string[] {
  return TEMPLATES[id].fields.map((field) => field.id);
}

/** The sections of a template that "Start from the previous note" copies. */
export function carriedFieldIds(id: TemplateId): string[] {
  return TEMPLATES[id].fields.filter((field) => field.carryForward).map((field) => field.id);
}

/**
 * A template the clinician shaped from a built-in one, as a note keeps it:
 * the note stores this copy, so editing or deleting the template later never
 * changes a note written with it.
 */
export interface TemplateSnapshot {
  /** The custom template's row id. */
  readonly customId: string;
  /** Its version when the note took it; each edit of the template adds one. */
  readonly version: number;
  readonly name: string;
  readonly fields: readonly TemplateField[];
}

/** The sections a note is written in: its own template copy when it has one, else its built-in template. */
export function noteTemplate(note: { templateId: TemplateId; template?: TemplateSnapshot }): { name: string; fields: readonly TemplateField[] } {
  return note.template ?? TEMPLATES[note.templateId];
}

/** The name a list shows for a note: its custom template's, else its built-in template's. */
export function templateNameOf(note: { templateId: TemplateId; templateName?: string }): string {
  return note.templateName ?? TEMPLATES[note.templateId].name;
}
