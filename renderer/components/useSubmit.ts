// The state every form that calls main keeps: busy while the call runs, and
// the text of its failure. Main's refusals are shown in the therapist's terms
// by `describe`; validation messages go through `setFailure` directly.
import { useState } from 'react';
import { describeError } from '../api/errorText';

export interface Submit {
  busy: boolean;
  failure: string | null;
  setFailure(message: string | null): void;
  /** Runs the call with the form busy; true when it succeeded, otherwise the failure is shown. */
  run(call: () => Promise<unknown>): Promise<boolean>;
}

export function useSubmit(describe: (error: unknown) => string = describeError): Submit {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const run = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(null);
    try {
      await call();
      return true;
    } catch (error) {
      setFailure(describe(error));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { busy, failure, setFailure, run };
}
