// A form over a record of strings: the draft, each field's message, and the
// submit state. `field` binds a text control to one key with its message;
// `accept` shows the messages found and says whether the draft may be sent.
import { useState } from 'react';
import { bindKey } from './Field';
import { useSubmit } from './useSubmit';

export type DraftErrors<Draft> = Partial<Record<keyof Draft, string>>;

const SEE_MARKED = 'Some details are missing or do not fit; see the fields marked.';

export function useDraftForm<Draft extends Record<keyof Draft, string>>(initial: () => Draft) {
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<DraftErrors<Draft>>({});
  const submit = useSubmit();
  return {
    draft,
    setDraft,
    errors,
    submit,
    field: (key: keyof Draft) => ({ ...bindKey(draft, key, setDraft), error: errors[key] }),
    /** True when `found` is empty; otherwise the fields show their messages and the form says to look at them. */
    accept(found: DraftErrors<Draft>): boolean {
      setErrors(found);
      if (Object.keys(found).length === 0) return true;
      submit.setFailure(SEE_MARKED);
      return false;
    },
  };
}
