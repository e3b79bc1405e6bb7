import type { SaveState } from '../../stores/sessionStore';

const TEXT: Readonly<Record<SaveState, string>> = {
  idle: '',
  pending: 'Unsaved changes',
  saving: 'Saving…',
  saved: 'Saved',
  error: 'Not saved',
};

/** The autosave state, announced politely as it changes. */
export function SaveStatus({ state, error }: { state: SaveState; error: string | null }) {
  return (
    <p className={`save-status save-${state}`} role="status">
      {TEXT[state]}
      {state === 'error' && error ? `: ${error}` : ''}
    </p>
  );
}
