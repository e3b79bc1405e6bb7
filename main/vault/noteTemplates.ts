/*
 * Custom progress-note templates (note_templates). Editing a template writes
 * its next version over the row; notes never read this table again after
 * taking their copy (see progressNotes.ts), so neither an edit nor a delete
 * reaches a note already written.
 */
import type { CustomTemplate, CustomTemplateInput } from '../../shared/domain/noteTemplates';
import { customTemplateInputSchema } from '../../shared/domain/noteTemplates';
import { rowIdSchema } from '../../shared/domain/schemas';
import type { TemplateField, TemplateSnapshot } from '../../shared/templates';
import type { VaultContext } from './context';
import { isoNow } from './context';
import { newId } from './ids';
import { deleteRow, insertRow, readRows, replaceRow, requireRow } from './rows';
import { parseInput } from './validate';

type TemplatePayload = Omit<CustomTemplate, 'id'>;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** A new section's key: the letters of its label ("Risk review" -> "riskreview"), made unique with a letter suffix. */
function newFieldId(label: string, taken: Set<string>): string {
  const base = label.toLowerCase().replace(/[^a-z]/g, '').slice(0, 28) || 'section';
  if (!taken.has(base)) return base;
  for (const first of LETTERS) {
    for (const second of LETTERS) {
      const candidate = `${base}${first}${second}`;
      if (!taken.has(candidate)) return candidate;
    }
  }
  throw new Error('unreachable: at most 16 sections');
}

function withFieldIds(fields: CustomTemplateInput['fields']): TemplateField[] {
  const taken = new Set(fields.flatMap((field) => (field.id ? [field.id] : [])));
  return fields.map(({ id, label, prompt, rows, carryForward }) => {
    const fieldId = id ?? newFieldId(label, taken);
    taken.add(fieldId);
    return { id: fieldId, label, prompt, rows, ...(carryForward ? { carryForward: true } : {}) };
  });
}

export function listNoteTemplates(ctx: VaultContext): CustomTemplate[] {
  return readRows<TemplatePayload>(ctx, 'note_templates').sort(
    (a, b) => a.name.localeCompare(b.name) || a.createdAt.localeCompare(b.createdAt),
  );
}

export function getNoteTemplate(ctx: VaultContext, id: string): CustomTemplate {
  parseInput(rowIdSchema, id);
  return requireRow<TemplatePayload>(ctx, 'note_templates', id, 'Template');
}

export function createNoteTemplate(ctx: VaultContext, input: CustomTemplateInput): CustomTemplate {
  const fields = parseInput(customTemplateInputSchema, input);
  const now = isoNow(ctx);
  const template: CustomTemplate = {
    id: newId(ctx.sodium),
    name: fields.name,
    basedOn: fields.basedOn,
    fields: withFieldIds(fields.fields),
    ...(fields.carriedParts ? { carriedParts: fields.carriedParts } : {}),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  insertRow(ctx, 'note_templates', template.id, null, template);
  return template;
}

export function updateNoteTemplate(ctx: VaultContext, id: string, input: CustomTemplateInput): CustomTemplate {
  const fields = parseInput(customTemplateInputSchema, input);
  return ctx.db.transaction(() => {
    const current = getNoteTemplate(ctx, id);
    const { carriedParts: _old, ...kept } = current;
    const next: CustomTemplate = {
      ...kept,
      name: fields.name,
      basedOn: fields.basedOn,
      fields: withFieldIds(fields.fields),
      ...(fields.carriedParts ? { carriedParts: fields.carriedParts } : {}),
      version: current.version + 1,
      updatedAt: isoNow(ctx),
    };
    replaceRow(ctx, 'note_templates', id, next);
    return next;
  }).immediate();
}

export function deleteNoteTemplate(ctx: VaultContext, id: string): void {
  ctx.db.transaction(() => {
    getNoteTemplate(ctx, id);
    deleteRow(ctx, 'note_templates', id);
  }).immediate();
}

/** The copy a note keeps. */
export function snapshotOf(template: CustomTemplate): TemplateSnapshot {
  return { customId: template.id, version: template.version, name: template.name, fields: template.fields };
}
