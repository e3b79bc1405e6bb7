import { useState } from 'react';
import { useStore } from 'zustand';
import type { TemplateId } from '../../../shared/templates';
import { TEMPLATE_IDS, TEMPLATES } from '../../../shared/templates';
import { describeError } from '../../api/errorText';
import { isApiError } from '../../api/vaultApi';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectField, TextAreaField } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { selectHasText } from '../../stores/sessionStore';
import { useStores } from '../../stores/StoresContext';
import { SaveStatus } from './SaveStatus';

/** The draft progress note: one labelled field per template section, autosaved, then signed. */
export function ProgressNoteEditor() {
  const { session, navigation } = useStores();
  const templateId = useStore(session, (state) => state.templateId);
  const fields = useStore(session, (state) => state.fields);
  const note = useStore(session, (state) => state.note);
  const saveState = useStore(session, (state) => state.saveState);
  const saveError = useStore(session, (state) => state.saveError);
  const hasText = useStore(session, selectHasText);
  const [confirming, setConfirming] = useState(false);
  const [signing, setSigning] = useState(false);
  const [signError, setSignError] = useState<string | null>(null);
  const [needsName, setNeedsName] = useState(false);
  const [previousMessage, setPreviousMessage] = useState<string | null>(null);
  const template = TEMPLATES[templateId];

  const startFromPrevious = async () => {
    setPreviousMessage(null);
    try {
      const copied = await session.getState().startFromPrevious();
      setPreviousMessage(
        copied ? 'Copied the previous note. Review every field before signing.' : 'There is no earlier note for this client.',
      );
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
          value={templateId}
          disabled={hasText}
          hint={hasText ? 'Clear the fields to change the template.' : undefined}
          onChange={(event) => session.getState().chooseTemplate(event.target.value as TemplateId)}
        >
          {TEMPLATE_IDS.map((id) => (
            <option key={id} value={id}>
              {TEMPLATES[id].name}
            </option>
          ))}
        </SelectField>
        <button type="button" className="button" disabled={hasText} onClick={() => void startFromPrevious()}>
          Start from the previous note
        </button>
        <SaveStatus state={saveState} error={saveError} />
      </div>
      {previousMessage ? <p className="field-hint" role="status">{previousMessage}</p> : null}

      {template.fields.map((field) => (
        <TextAreaField
          key={`${templateId}-${field.id}`}
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

      <div className="actions sign-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={!hasText || !note}
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
          onCancel={() => setConfirming(false)}
          onConfirm={() => void sign()}
        >
          <p>A signed note becomes part of the clinical record and can no longer be edited. Corrections are added as dated addenda.</p>
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
