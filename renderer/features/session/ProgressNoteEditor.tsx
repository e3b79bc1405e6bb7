import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { CARRIED_PART_LABELS } from '../../../shared/clinical/carryForward';
import type { ProgressNote } from '../../../shared/domain/records';
import type { TemplateField } from '../../../shared/templates';
import { noteTemplate, TEMPLATE_IDS, TEMPLATES } from '../../../shared/templates';
import { describeError } from '../../api/errorText';
import { isApiError } from '../../api/vaultApi';
import { ClientHeader } from '../../components/ClientHeader';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectField, TextAreaField } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { formatDateTime } from '../../components/format';
import type { CarriedContent } from '../../stores/sessionStore';
import { selectHasText, selectTemplate } from '../../stores/sessionStore';
import { useStores } from '../../stores/StoresContext';
import { SaveStatus } from './SaveStatus';
import { StructuredParts } from './StructuredParts';
import { ariaKeys, isMacPlatform, SHORTCUTS, shortcutText } from '../shell/shortcuts';

const SIGN_SHORTCUT = SHORTCUTS.find((shortcut) => shortcut.command === 'signNote') ?? { key: 'Enter', label: 'Enter' };

function listed(labels: string[]): string {
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}` : (labels[0] ?? '');
}

function previousOutcome(copied: CarriedContent | null, fields: readonly TemplateField[]): string {
  if (copied === null) return 'There is no earlier note for this client.';
  const labels = [
    ...fields.filter((field) => copied.fields.includes(field.id)).map((field) => field.label),
    ...copied.parts.map((part) => CARRIED_PART_LABELS[part]),
  ];
  const shown = 'The previous note is shown beside the editor.';
  return labels.length > 0
    ? `Copied ${listed(labels)} from the previous note; write the rest for this session. ${shown}`
    : `The previous note has nothing that carries forward. ${shown}`;
}

/** The earlier note, read-only, to write this one against. */
function PreviousNote({ note }: { note: ProgressNote }) {
  const template = noteTemplate(note);
  return (
    <aside className="previous-note" aria-labelledby="previous-note-heading">
      <h3 id="previous-note-heading">Previous note</h3>
      <p className="field-hint">
        {template.name}, {note.status === 'signed' ? 'signed' : 'draft'}, last changed {formatDateTime(note.updatedAt)}
      </p>
      <dl>
        {template.fields.map((field) => (
          <div key={field.id}>
            <dt>{field.label}</dt>
            <dd className="note-text">{note.fields[field.id]?.trim() || '—'}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}

/** The draft progress note: one labelled field per template section, autosaved, then signed. */
export function ProgressNoteEditor({ focusFirstField = false }: { focusFirstField?: boolean }) {
  const { session, navigation, shell } = useStores();
  const client = useStore(session, (state) => state.client);
  const fieldsRef = useRef<HTMLDivElement>(null);
  const templateId = useStore(session, (state) => state.templateId);
  const customTemplateId = useStore(session, (state) => state.customTemplateId);
  const customTemplates = useStore(session, (state) => state.customTemplates);
  const template = useStore(session, selectTemplate);
  const fields = useStore(session, (state) => state.fields);
  const note = useStore(session, (state) => state.note);
  const previous = useStore(session, (state) => state.previous);
  const saveState = useStore(session, (state) => state.saveState);
  const saveError = useStore(session, (state) => state.saveError);
  const hasText = useStore(session, selectHasText);
  const [confirming, setConfirming] = useState(false);
  const [signing, setSigning] = useState(false);
  const [signError, setSignError] = useState<string | null>(null);
  const [needsName, setNeedsName] = useState(false);
  const [previousMessage, setPreviousMessage] = useState<string | null>(null);

  // Ctrl/Cmd+Enter: save what was typed, then ask to confirm the signature.
  useEffect(
    () =>
      shell.subscribe((state, previous) => {
        if (state.signRequests === previous.signRequests) return;
        void session
          .getState()
          .flush()
          .then(() => {
            const current = session.getState();
            if (current.note && selectHasText(current)) {
              setSignError(null);
              setConfirming(true);
            } else {
              setSignError('Write the note before signing it.');
            }
          });
      }),
    [shell, session],
  );

  // Runs after the page heading took focus: the therapist came here to write.
  useEffect(() => {
    if (focusFirstField) fieldsRef.current?.querySelector('textarea')?.focus();
  }, [focusFirstField]);

  const startFromPrevious = async () => {
    setPreviousMessage(null);
    try {
      const copied = await session.getState().startFromPrevious();
      setPreviousMessage(previousOutcome(copied, selectTemplate(session.getState()).fields));
    } catch (error) {
      setPreviousMessage(describeError(error));
    }
  };

  const sign = async () => {
    setSigning(true);
    setSignError(null);
    setNeedsName(false);
    try {
      await session.getState().sign();
      setConfirming(false);
    } catch (error) {
      setSignError(describeError(error));
      setNeedsName(isApiError(error) && error.code === 'SIGNER_NAME_MISSING');
    } finally {
      setSigning(false);
    }
  };

  return (
    <div className="stack">
      <div className="editor-toolbar">
        <SelectField
          label="Template"
          value={customTemplateId ?? templateId}
          disabled={hasText}
          hint={hasText ? 'Clear the fields to change the template.' : undefined}
          onChange={(event) => session.getState().chooseTemplate(event.target.value)}
        >
          <optgroup label="Built-in">
            {TEMPLATE_IDS.map((id) => (
              <option key={id} value={id}>
                {TEMPLATES[id].name}
              </option>
            ))}
          </optgroup>
          {customTemplates.length > 0 || customTemplateId ? (
            <optgroup label="Yours">
              {customTemplateId && !customTemplates.some((custom) => custom.id === customTemplateId) ? (
                <option value={customTemplateId}>{template.name}</option>
              ) : null}
              {customTemplates.map((custom) => (
                <option key={custom.id} value={custom.id}>
                  {custom.name}
                </option>
              ))}
            </optgroup>
          ) : null}
        </SelectField>
        <button type="button" className="button" disabled={hasText} onClick={() => void startFromPrevious()}>
          Start from the previous note
        </button>
        <SaveStatus state={saveState} error={saveError} />
      </div>
      {previousMessage ? <p className="field-hint" role="status">{previousMessage}</p> : null}

      <StructuredParts />

      <div className={previous ? 'note-with-previous' : undefined}>
        <div className="stack" ref={fieldsRef}>
          {template.fields.map((field) => (
            <TextAreaField
              key={`${customTemplateId ?? templateId}-${field.id}`}
              className="note-field"
              label={field.label}
              hint={field.prompt}
              rows={field.rows}
              data-field={field.id}
              value={fields[field.id] ?? ''}
              onChange={(event) => session.getState().editField(field.id, event.target.value)}
              onBlur={() => void session.getState().flush()}
            />
          ))}
        </div>
        {previous ? <PreviousNote note={previous} /> : null}
      </div>

      <div className="actions sign-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={!hasText || !note}
          aria-keyshortcuts={ariaKeys(SIGN_SHORTCUT, isMacPlatform(navigator.platform))}
          onClick={() => {
            setSignError(null);
            setConfirming(true);
          }}
        >
          Sign note…
        </button>
        {!note ? <p className="field-hint">Signing becomes available once the draft is saved.</p> : null}
      </div>
      <FormError message={confirming ? null : signError} />

      {confirming ? (
        <ConfirmDialog
          title="Sign this progress note?"
          confirmLabel={signing ? 'Signing…' : 'Sign note'}
          busy={signing}
          error={signError}
          confirmWithShortcut
          onCancel={() => setConfirming(false)}
          onConfirm={() => void sign()}
        >
          {client ? <ClientHeader client={client} /> : null}
          <p>A signed note becomes part of the clinical record and can no longer be edited. Corrections are added as dated addenda.</p>
          <p className="field-hint">
            {shortcutText(SIGN_SHORTCUT, isMacPlatform(navigator.platform))} signs, Esc goes back to the note.
          </p>
          {needsName ? (
            <p>
              <button
                type="button"
                className="link-button"
                onClick={() => navigation.getState().go({ screen: 'settings' })}
              >
                Open Settings
              </button>
            </p>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
