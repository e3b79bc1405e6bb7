import type { Clock } from '../../../main/vault/context';
import type { Timers } from '../../../main/vault/lockState';

interface Pending {
  at: number;
  callback: () => void;
}

/**
 * One injected clock and timer queue for the vault: time moves only when a
 * test calls advance(), so lock timeouts are proved without real waiting.
 * Methods are arrow properties because the vault passes `clock.now` unbound.
 */
export class FakeTime implements Clock, Timers {
  private current: number;
  private nextHandle = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(start = Date.UTC(2026, 10, 20, 9, 0, 0)) {
    this.current = start;
  }

  now = (): number => this.current;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const handle = this.nextHandle++;
    this.pending.set(handle, { at: this.current + ms, callback });
    return handle;
  };

  clearTimeout = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };

  /** Moves time forward, firing every timer that falls due, earliest first. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const due = [...this.pending.entries()]
        .filter(([, timer]) => timer.at <= end)
        .sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
      if (!due) break;
      const [handle, timer] = due;
      this.pending.delete(handle);
      this.current = Math.max(this.current, timer.at);
      timer.callback();
    }
    this.current = end;
  }

  pendingTimers(): number {
    return this.pending.size;
  }
}
