// The template manager: custom note templates made from a built-in one, and
// the clinician's own interventions for the note checklist. A note keeps the
// template it was written with, so nothing here changes a note.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import type { CarriedPart } from '../../../shared/clinical/carryForward';
import { CARRIED_PART_LABELS, CARRIED_PARTS, carriedPartsOf, DEFAULT_CARRIED_PARTS } from '../../../shared/clinical/carryForward';
import { BUILT_IN_INTERVENTIONS } from '../../../shared/clinical/noteStructure';
import type { CustomTemplate, CustomTemplateInput } from '../../../shared/domain/noteTemplates';
import { MAX_TEMPLATE_FIELDS } from '../../../shared/domain/noteTemplates';
import type { TemplateId } from '../../../shared/templates';
import { TEMPLATE_IDS, TEMPLATES } from '../../../shared/templates';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { bindValue, CheckboxField, Options, SelectField, TextAreaField, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { useSubmit } from '../../components/useSubmit';
import { selectSettings } from '../../stores/settingsStore';
import { useStores } from '../../stores/StoresContext';

type FieldDraft = CustomTemplateInput['fields'][number] & { key: number };

let nextKey = 0;
const keyed = (field: CustomTemplateInput['fields'][number]): FieldDraft => ({ ...field, key: (nextKey += 1) });

interface TemplateDraft {
  name: string;
  basedOn: TemplateId;
  fields: FieldDraft[];
  carriedParts: readonly CarriedPart[];
}

function fromBuiltIn(id: TemplateId): TemplateDraft {
  const template = TEMPLATES[id];
  return {
    name: `${template.name} (mine)`,
    basedOn: id,
    carriedParts: DEFAULT_CARRIED_PARTS,
    fields: template.fields.map((field) =>
      keyed({ id: field.id, label: field.label, prompt: field.prompt, rows: field.rows, carryForward: field.carryForward ?? false }),
    ),
  };
}

function fromCustom(template: CustomTemplate): TemplateDraft {
  return {
    name: template.name,
    basedOn: template.basedOn,
    carriedParts: carriedPartsOf(template),
    fields: template.fields.map((field) =>
      keyed({ id: field.id, label: field.label, prompt: field.prompt, rows: field.rows, carryForward: field.carryForward ?? false }),
    ),
  };
}

function TemplateEditor({ initial, id, onDone }: { initial: TemplateDraft; id?: string; onDone(): void }) {
  const { templates } = useStores();
  const [name, setName] = useState(initial.name);
  const [fields, setFields] = useState(initial.fields);
  const [carried, setCarried] = useState<ReadonlySet<CarriedPart>>(new Set(initial.carriedParts));
  const toggleCarried = (part: CarriedPart, on: boolean) => {
    const next = new Set(carried);
    if (on) next.add(part);
    else next.delete(part);
    setCarried(next);
  };
  const submit = useSubmit();
  const change = (key: number, patch: Partial<FieldDraft>) => setFields(fields.map((field) => (field.key === key ? { ...field, ...patch } : field)));
  const move = (index: number, by: number) => {
    const next = [...fields];
    const [field] = next.splice(index, 1);
    next.splice(index + by, 0, field!);
    setFields(next);
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (fields.some((field) => !field.label.trim())) {
      submit.setFailure('Give every section a label.');
      return;
    }
    const input: CustomTemplateInput = {
      name,
      basedOn: initial.basedOn,
      fields: fields.map(({ key: _key, ...field }) => field),
      carriedParts: CARRIED_PARTS.filter((part) => carried.has(part)),
    };
    if (await submit.run(() => templates.getState().save(input, id))) onDone();
  };
  return (
    <form className="stack subgroup" onSubmit={save} noValidate aria-label={id ? 'Edit template' : 'New template'}>
      <h3>{id ? `Edit ${initial.name}` : `New template from ${TEMPLATES[initial.basedOn].name}`}</h3>
      <TextField label="Template name" maxLength={80} {...bindValue(name, setName)} />
      {fields.map((field, index) => (
        <fieldset key={field.key} className="template-field">
          <legend>Section {index + 1}</legend>
          <TextField label="Label" maxLength={60} value={field.label} onChange={(event) => change(field.key, { label: event.target.value })} />
          <TextField label="Hint" maxLength={300} value={field.prompt} onChange={(event) => change(field.key, { prompt: event.target.value })} />
          <TextField
            label="Lines"
            type="number"
            min={2}
            max={20}
            value={String(field.rows)}
            onChange={(event) => change(field.key, { rows: Math.max(2, Math.min(20, Math.trunc(Number(event.target.value) || 2))) })}
          />
          <CheckboxField
            label="Carries forward"
            hint="Copied by Start from the previous note."
            checked={field.carryForward}
            onChange={(event) => change(field.key, { carryForward: event.target.checked })}
          />
          <div className="template-field-actions">
            <button type="button" className="button" disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move section ${index + 1} up`}>
              Up
            </button>
            <button type="button" className="button" disabled={index === fields.length - 1} onClick={() => move(index, 1)} aria-label={`Move section ${index + 1} down`}>
              Down
            </button>
            <button type="button" className="button" disabled={fields.length === 1} onClick={() => setFields(fields.filter((other) => other.key !== field.key))} aria-label={`Remove section ${index + 1}`}>
              Remove
            </button>
          </div>
        </fieldset>
      ))}
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={fields.length >= MAX_TEMPLATE_FIELDS}
          onClick={() => setFields([...fields, keyed({ label: '', prompt: '', rows: 4, carryForward: false })])}
        >
          Add a section
        </button>
      </div>
      <fieldset className="template-field">
        <legend>Structured parts that carry forward</legend>
        <p className="field-hint">
          Copied by Start from the previous note. The service code and times never carry, and a copied risk assessment
          leaves Safety plan reviewed unticked.
        </p>
        {CARRIED_PARTS.map((part) => (
          <CheckboxField
            key={part}
            label={CARRIED_PART_LABELS[part]}
            checked={carried.has(part)}
            onChange={(event) => toggleCarried(part, event.target.checked)}
          />
        ))}
      </fieldset>
      <FormError message={submit.failure} />
      <FormActions submit="Save template" busy={submit.busy} onCancel={onDone} />
    </form>
  );
}

function InterventionsEditor() {
  const { settings } = useStores();
  const current = useStore(settings, selectSettings);
  const [text, setText] = useState((current?.interventions ?? []).join('\n'));
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  if (!current) return null;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const names = [...new Set(text.split('\n').map((line) => line.trim()).filter(Boolean))];
    if (await submit.run(() => settings.getState().save({ ...current, interventions: names }))) setSaved(true);
  };
  return (
    <form className="stack subgroup" onSubmit={save} noValidate>
      <h3>Your interventions</h3>
      <TextAreaField
        label="Interventions you add to the checklist"
        hint={`One a line, up to 60 characters. Every note already offers: ${BUILT_IN_INTERVENTIONS.join(', ')}.`}
        rows={4}
        {...bindValue(text, setText)}
        error={submit.failure}
      />
      <FormActions submit="Save interventions" busy={submit.busy} />
      {saved ? <p role="status">Saved.</p> : null}
    </form>
  );
}

/** Settings, Note templates: make, edit and delete custom templates; extend the interventions checklist. */
export function TemplatesSection() {
  const { templates } = useStores();
  const list = useStore(templates, (state) => state.templates);
  const loadError = useStore(templates, (state) => state.loadError);
  const [base, setBase] = useState<TemplateId>('SOAP');
  const [editing, setEditing] = useState<{ initial: TemplateDraft; id?: string } | null>(null);
  const [deleting, setDeleting] = useState<CustomTemplate | null>(null);
  const removal = useSubmit();

  useEffect(() => {
    void templates.getState().load();
  }, [templates]);

  return (
    <section className="section stack" aria-labelledby="templates-heading">
      <h2 id="templates-heading">Note templates</h2>
      <p className="field-hint">
        Shape your own template from a built-in one. A note keeps the template it was written with: editing or deleting a
        template never changes a note.
      </p>
      <FormError message={loadError} />
      {list.length === 0 ? <p className="field-hint">No templates of your own yet.</p> : null}
      <ul className="template-list" aria-label="Your templates">
        {list.map((template) => (
          <li key={template.id}>
            <span>
              <strong>{template.name}</strong>{' '}
              <span className="field-hint">
                from {TEMPLATES[template.basedOn].name}, {template.fields.length} section{template.fields.length === 1 ? '' : 's'}
              </span>
            </span>
            <span className="actions">
              <button type="button" className="button" onClick={() => setEditing({ initial: fromCustom(template), id: template.id })}>
                Edit<span className="visually-hidden"> {template.name}</span>
              </button>
              <button type="button" className="button" onClick={() => setDeleting(template)}>
                Delete<span className="visually-hidden"> {template.name}</span>
              </button>
            </span>
          </li>
        ))}
      </ul>
      {editing ? (
        <TemplateEditor key={editing.id ?? `new-${editing.initial.basedOn}`} initial={editing.initial} id={editing.id} onDone={() => setEditing(null)} />
      ) : (
        <div className="part-row">
          <SelectField label="Start from" value={base} onChange={(event) => setBase(event.target.value as TemplateId)}>
            <Options values={TEMPLATE_IDS} label={(id) => TEMPLATES[id].name} />
          </SelectField>
          <button type="button" className="button button-primary" onClick={() => setEditing({ initial: fromBuiltIn(base) })}>
            New template
          </button>
        </div>
      )}
      <InterventionsEditor />
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete template"
          busy={removal.busy}
          error={removal.failure}
          onCancel={() => setDeleting(null)}
          onConfirm={() => void removal.run(() => templates.getState().remove(deleting.id)).then((done) => done && setDeleting(null))}
        >
          <p>Notes written with it keep it as it was. New notes can no longer use it.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
