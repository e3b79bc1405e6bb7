export const ACTIVITY_INTERVAL_MS = 15_000;

export interface ActivityReporter {
  /** Call on every keydown or pointerdown; sends at most once per interval unless `urgent`. */
  seen(urgent: boolean): void;
}

/**
 * Tells main the therapist is still here, so the idle lock waits. Input is
 * frequent and the message is not, so reports are throttled; while the idle
 * warning is up the next input is reported at once.
 */
export function createActivityReporter(send: () => void, now: () => number, intervalMs = ACTIVITY_INTERVAL_MS): ActivityReporter {
  let lastSent = Number.NEGATIVE_INFINITY;
  return {
    seen(urgent) {
      const current = now();
      if (!urgent && current - lastSent < intervalMs) return;
      lastSent = current;
      send();
    },
  };
}
