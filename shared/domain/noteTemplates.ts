/*
 * Custom progress-note templates: data the clinician shapes from a built-in
 * template (name, sections, hints, which sections carry forward), stored
 * encrypted in the progress compartment (note_templates).
 */
import { z } from 'zod';
import type { CarriedPart } from '../clinical/carryForward';
import { carriedPartsSchema } from '../clinical/carryForward';
import type { TemplateField, TemplateId } from '../templates';
import { templateIdSchema } from './schemas';

/** The note payload's field keys: lowercase letters, as in the built-in templates. */
export const templateFieldIdSchema = z.string().regex(/^[a-z]{1,32}$/, 'expected lowercase letters');

export const MAX_TEMPLATE_FIELDS = 16;

export const templateFieldInputSchema = z.strictObject({
  /** Absent for a new section: main names it. */
  id: templateFieldIdSchema.optional(),
  label: z.string().trim().min(1).max(60),
  prompt: z.string().max(300),
  rows: z.number().int().min(2).max(20),
  carryForward: z.boolean(),
});

export const customTemplateInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  /** The built-in template it was made from; a note written with it is filed under that one too. */
  basedOn: templateIdSchema,
  fields: z
    .array(templateFieldInputSchema)
    .min(1)
    .max(MAX_TEMPLATE_FIELDS)
    .refine((fields) => {
      const ids = fields.flatMap((field) => (field.id ? [field.id] : []));
      return new Set(ids).size === ids.length;
    }, 'a section id is used twice'),
  /** The structured parts "Start from the previous note" copies; absent, the defaults (carryForward.ts). */
  carriedParts: carriedPartsSchema.optional(),
});
export type CustomTemplateInput = z.infer<typeof customTemplateInputSchema>;

export interface CustomTemplate {
  id: string;
  name: string;
  basedOn: TemplateId;
  fields: TemplateField[];
  /** Absent in templates saved before it existed: they carry the defaults. */
  carriedParts?: CarriedPart[];
  /** 1 when made, one more on each edit; a note records the version it took. */
  version: number;
  createdAt: string;
  updatedAt: string;
}
