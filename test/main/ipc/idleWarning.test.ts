import { describe, expect, it } from 'vitest';
import { createIdleWarning, IDLE_WARNING_MS } from '../../../main/ipc/idleWarning';
import { FakeTime } from '../vault/fakeTime';

function setup(initialDeadline: number | null) {
  const time = new FakeTime();
  let deadline = initialDeadline === null ? null : time.now() + initialDeadline;
  const warnings: { at: number; secondsLeft: number }[] = [];
  const warning = createIdleWarning({
    deadline: () => deadline,
    now: time.now,
    timers: time,
    warn: (secondsLeft) => warnings.push({ at: time.now(), secondsLeft }),
  });
  return {
    time,
    warning,
    warnings,
    setDeadline: (ms: number | null) => {
      deadline = ms === null ? null : time.now() + ms;
    },
  };
}

describe('idle warning', () => {
  it('warns once, 60 seconds before the idle lock', () => {
    const { time, warning, warnings } = setup(10 * 60_000);
    const started = time.now();
    warning.reschedule();
    time.advance(9 * 60_000 - 1);
    expect(warnings).toEqual([]);
    time.advance(1);
    expect(warnings).toEqual([{ at: started + 9 * 60_000, secondsLeft: 60 }]);
    time.advance(59_000);
    expect(warnings).toHaveLength(1);
  });

  it('does not warn while activity keeps moving the deadline, and warns for the new one', () => {
    const { time, warning, warnings, setDeadline } = setup(10 * 60_000);
    warning.reschedule();
    time.advance(8 * 60_000);
    setDeadline(10 * 60_000);
    time.advance(5 * 60_000);
    expect(warnings).toEqual([]);
    time.advance(4 * 60_000);
    expect(warnings.map((w) => w.secondsLeft)).toEqual([60]);
  });

  it('warns again for a later deadline when activity follows a warning', () => {
    const { time, warning, warnings, setDeadline } = setup(2 * 60_000);
    warning.reschedule();
    time.advance(IDLE_WARNING_MS);
    expect(warnings).toHaveLength(1);
    time.advance(30_000);
    setDeadline(2 * 60_000);
    time.advance(60_000);
    expect(warnings).toHaveLength(2);
  });

  it('warns at once with the seconds left when less than a minute remains', () => {
    const { warning, warnings } = setup(20_500);
    warning.reschedule();
    expect(warnings.map((w) => w.secondsLeft)).toEqual([21]);
  });

  it('stays silent and holds no timer when no lock is pending or after stop', () => {
    const locked = setup(null);
    locked.warning.reschedule();
    expect(locked.time.pendingTimers()).toBe(0);
    const stopped = setup(10 * 60_000);
    stopped.warning.reschedule();
    stopped.warning.stop();
    stopped.time.advance(20 * 60_000);
    expect(stopped.warnings).toEqual([]);
    expect(stopped.time.pendingTimers()).toBe(0);
  });

  it('keeps no timer once the deadline has passed without a lock-state change', () => {
    const { time, warning } = setup(10 * 60_000);
    warning.reschedule();
    time.advance(11 * 60_000);
    expect(time.pendingTimers()).toBe(0);
  });
});
