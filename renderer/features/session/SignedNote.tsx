import { useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { structureLines } from '../../../shared/clinical/structureText';
import { noteTemplate } from '../../../shared/templates';
import { bindValue, TextAreaField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { formatDateTime } from '../../components/format';
import { useSubmit } from '../../components/useSubmit';
import { useStores } from '../../stores/StoresContext';

/** A signed note, read-only, with its addenda and the form for a new one. Text is rendered as text. */
export function SignedNote() {
  const { session } = useStores();
  const note = useStore(session, (state) => state.note);
  const [addendum, setAddendum] = useState('');
  const submit = useSubmit();
  if (!note) return null;
  const template = noteTemplate(note);
  const parts = structureLines(note.structure);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!addendum.trim()) {
      submit.setFailure('Write the addendum first.');
      return;
    }
    if (await submit.run(() => session.getState().addAddendum(addendum))) setAddendum('');
  };

  return (
    <div className="stack">
      <p className="signature">
        <span className="badge badge-signed">Signed</span> {template.name} note signed by {note.signedBy}
        {note.signedAt ? ` on ${formatDateTime(note.signedAt)}` : ''}
      </p>
      {parts.length > 0 ? (
        <dl className="signed-parts">
          {parts.map((part) => (
            <div key={part.label} className="signed-part">
              <dt>{part.label}</dt>
              <dd>
                {part.lines.map((line) => (
                  <span key={line} className="signed-part-line">
                    {line}
                  </span>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      <dl className="signed-fields">
        {template.fields.map((field) => (
          <div key={field.id} className="signed-field">
            <dt>{field.label}</dt>
            <dd className="note-text" data-field={field.id} tabIndex={-1}>
              {note.fields[field.id] || '—'}
            </dd>
          </div>
        ))}
      </dl>

      <section className="addenda" aria-labelledby="addenda-heading">
        <h3 id="addenda-heading">Addenda</h3>
        {note.addenda.length === 0 ? <p className="field-hint">No addenda.</p> : null}
        <ol className="addendum-list">
          {note.addenda.map((entry) => (
            <li key={entry.id} className="addendum" data-addendum={entry.id} tabIndex={-1}>
              <p className="addendum-meta">
                {formatDateTime(entry.createdAt)} · {entry.author}
              </p>
              <p className="note-text">{entry.text}</p>
            </li>
          ))}
        </ol>
        <form className="stack" onSubmit={add} noValidate>
          <TextAreaField
            label="New addendum"
            hint="A dated correction or addition. It cannot be edited once added."
            rows={3}
            {...bindValue(addendum, setAddendum)}
            error={submit.failure}
          />
          <FormActions submit="Add addendum" busy={submit.busy} />
        </form>
      </section>
    </div>
  );
}
