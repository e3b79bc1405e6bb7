// The wait main asks for after repeated wrong passphrases (THROTTLED), shown
// as a countdown under a passphrase form rather than as a failure, with the
// form's submit held until it has run out. The unlock screen and joining a
// vault from a sync folder show it alike.
import { useState } from 'react';
import type { ReactElement } from 'react';
import { formatWait } from '../api/errorText';
import { isApiError } from '../api/vaultApi';
import { useNow } from './useNow';

export interface ThrottleWait {
  /** True while the wait runs: keep the submit disabled. */
  waiting: boolean;
  /** Notes a new attempt: the line saying one may be made again is the last attempt's, and goes. */
  attempting(): void;
  /** Notes a failed attempt: true when it was the throttle, which the countdown shows instead of a failure. */
  refusedBy(error: unknown): boolean;
  /** The countdown, then a line saying an attempt may be made again; nothing before any throttle. */
  status: ReactElement;
}

export function useThrottleWait(): ThrottleWait {
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const now = useNow(retryAt !== null);
  const secondsLeft = retryAt === null ? 0 : Math.ceil((retryAt - now) / 1000);
  const waiting = secondsLeft > 0;
  return {
    waiting,
    attempting() {
      if (!waiting) setRetryAt(null);
    },
    refusedBy(error) {
      const throttled = isApiError(error) && error.code === 'THROTTLED';
      setRetryAt(throttled ? Date.now() + (error.retryAfterMs ?? 1000) : null);
      return throttled;
    },
    status: (
      <div role="status" className="throttle-status">
        {waiting ? (
          <p className="form-warning">Too many attempts. Try again in {formatWait(secondsLeft)}.</p>
        ) : retryAt !== null ? (
          <p className="field-hint">You can try again now.</p>
        ) : null}
      </div>
    ),
  };
}
