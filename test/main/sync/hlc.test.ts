import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Hlc, Stamp } from '../../../main/sync/hlc';
import { compareHlc, compareStamps, decodeHlc, encodeHlc, HybridClock, receive, tick } from '../../../main/sync/hlc';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);
const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

function manualClock(start: number) {
  let now = start;
  return { now: () => now, set: (value: number) => (now = value), advance: (ms: number) => (now += ms) };
}

describe('hybrid logical clock', () => {
  it('follows wall time when it moves forward', () => {
    const time = manualClock(T0);
    const clock = new HybridClock(A, time);
    expect(clock.now().hlc).toEqual({ wall: T0, logical: 0 });
    time.advance(5);
    expect(clock.now().hlc).toEqual({ wall: T0 + 5, logical: 0 });
  });

  it('counts within one millisecond and keeps going up when the wall clock is set back hours', () => {
    const time = manualClock(T0);
    const clock = new HybridClock(A, time);
    const first = clock.now();
    const second = clock.now();
    time.set(T0 - 3 * HOUR);
    const third = clock.now();
    expect(compareStamps(first, second)).toBeLessThan(0);
    expect(compareStamps(second, third)).toBeLessThan(0);
    expect(third.hlc.wall).toBe(T0);
  });

  it('a device hours behind stamps its next save above a stamp it received from a device hours ahead', () => {
    const ahead = new HybridClock(A, manualClock(T0 + 5 * HOUR));
    const behindTime = manualClock(T0);
    const behind = new HybridClock(B, behindTime);
    const remote = ahead.now();
    behind.observe(remote.hlc);
    const local = behind.now();
    expect(compareStamps(remote, local)).toBeLessThan(0);
    behindTime.set(T0 + 6 * HOUR);
    expect(behind.now().hlc).toEqual({ wall: T0 + 6 * HOUR, logical: 0 });
  });

  it('orders equal clocks by device id, so two devices never make equal stamps', () => {
    const hlc = { wall: T0, logical: 3 };
    const a: Stamp = { hlc, device: A };
    const b: Stamp = { hlc, device: B };
    expect(compareStamps(a, b)).toBeLessThan(0);
    expect(compareStamps(b, a)).toBeGreaterThan(0);
    expect(compareStamps(a, { hlc: { ...hlc }, device: A })).toBe(0);
  });

  it('moves to the next millisecond when the counter would overflow', () => {
    const time = manualClock(T0);
    expect(tick({ wall: T0, logical: 0xffff }, time)).toEqual({ wall: T0 + 1, logical: 0 });
    expect(receive({ wall: T0, logical: 2 }, { wall: T0, logical: 0xffff }, time)).toEqual({ wall: T0 + 1, logical: 0 });
  });

  it('stays strictly monotonic and above every received stamp under random skew of up to a day', () => {
    const arbitraryHlc = fc.record({ wall: fc.integer({ min: T0 - 24 * HOUR, max: T0 + 24 * HOUR }), logical: fc.integer({ min: 0, max: 0xffff }) });
    const step = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), now: fc.integer({ min: T0 - 24 * HOUR, max: T0 + 24 * HOUR }) }),
      fc.record({ kind: fc.constant('receive' as const), now: fc.integer({ min: T0 - 24 * HOUR, max: T0 + 24 * HOUR }), remote: arbitraryHlc }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let last: Hlc = { wall: 0, logical: 0 };
        for (const next of steps) {
          const clock = { now: () => next.now };
          const updated = next.kind === 'tick' ? tick(last, clock) : receive(last, next.remote, clock);
          expect(compareHlc(updated, last)).toBeGreaterThan(0);
          if (next.kind === 'receive') expect(compareHlc(updated, next.remote)).toBeGreaterThan(0);
          expect(updated.wall).toBeGreaterThanOrEqual(next.now);
          last = updated;
        }
      }),
    );
  });

  it('encodes as 8 bytes whose byte order is time order', () => {
    const arbitraryHlc = fc.record({ wall: fc.integer({ min: 0, max: 2 ** 48 - 1 }), logical: fc.integer({ min: 0, max: 0xffff }) });
    fc.assert(
      fc.property(arbitraryHlc, arbitraryHlc, (a, b) => {
        const ea = new Uint8Array(8);
        const eb = new Uint8Array(8);
        encodeHlc(a, ea, 0);
        encodeHlc(b, eb, 0);
        expect(decodeHlc(ea, 0)).toEqual(a);
        expect(Math.sign(Buffer.compare(ea, eb))).toBe(Math.sign(compareHlc(a, b)));
      }),
    );
  });
});
