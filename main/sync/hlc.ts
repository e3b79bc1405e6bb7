/*
 * Hybrid logical clock (docs/SYNC.md section 4). Stamps follow wall time
 * when clocks agree and stay ordered when they do not: a device whose clock
 * is hours behind still stamps every save above every stamp it has seen.
 */
import type { Clock } from '../vault/context';

/** 48 bits of milliseconds and a 16-bit counter; 8 bytes on disk. */
export interface Hlc {
  wall: number;
  logical: number;
}

/** An HLC and the device that made it: the total order every merge uses. */
export interface Stamp {
  hlc: Hlc;
  device: string;
}

export const HLC_BYTES = 8;
const MAX_WALL = 2 ** 48 - 1;
const MAX_LOGICAL = 0xffff;

const ZERO_HLC: Hlc = { wall: 0, logical: 0 };

export function compareHlc(a: Hlc, b: Hlc): number {
  return a.wall - b.wall || a.logical - b.logical;
}

/** Devices tie-break by id; ids are equal-length lowercase hex, so string order is byte order. */
export function compareStamps(a: Stamp, b: Stamp): number {
  const byClock = compareHlc(a.hlc, b.hlc);
  if (byClock !== 0) return byClock;
  return a.device < b.device ? -1 : a.device > b.device ? 1 : 0;
}

function bounded(hlc: Hlc): Hlc {
  if (hlc.logical <= MAX_LOGICAL) return hlc;
  return { wall: hlc.wall + 1, logical: 0 };
}

function physical(clock: Clock): number {
  return Math.min(MAX_WALL, Math.max(0, Math.floor(clock.now())));
}

/** The next stamp for a local save. */
export function tick(last: Hlc, clock: Clock): Hlc {
  const now = physical(clock);
  if (now > last.wall) return { wall: now, logical: 0 };
  return bounded({ wall: last.wall, logical: last.logical + 1 });
}

/** The clock after seeing a remote stamp: above both it and everything before. */
export function receive(last: Hlc, remote: Hlc, clock: Clock): Hlc {
  const now = physical(clock);
  const wall = Math.max(last.wall, remote.wall, now);
  if (wall === last.wall && wall === remote.wall) {
    return bounded({ wall, logical: Math.max(last.logical, remote.logical) + 1 });
  }
  if (wall === last.wall) return bounded({ wall, logical: last.logical + 1 });
  if (wall === remote.wall) return bounded({ wall, logical: remote.logical + 1 });
  return { wall, logical: 0 };
}

/** A device's clock: the last HLC it issued or saw, moved only forward. */
export class HybridClock {
  private last: Hlc;

  constructor(
    readonly device: string,
    private readonly clock: Clock,
    start: Hlc = ZERO_HLC,
  ) {
    this.last = start;
  }

  now(): Stamp {
    this.last = tick(this.last, this.clock);
    return { hlc: this.last, device: this.device };
  }

  observe(remote: Hlc): void {
    this.last = receive(this.last, remote, this.clock);
  }
}

export function encodeHlc(hlc: Hlc, out: Uint8Array, offset: number): void {
  if (!isValidHlc(hlc)) throw new RangeError('HLC out of range');
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint16(offset, Math.floor(hlc.wall / 2 ** 32));
  view.setUint32(offset + 2, hlc.wall % 2 ** 32);
  view.setUint16(offset + 6, hlc.logical);
}

export function decodeHlc(bytes: Uint8Array, offset: number): Hlc {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    wall: view.getUint16(offset) * 2 ** 32 + view.getUint32(offset + 2),
    logical: view.getUint16(offset + 6),
  };
}

export function isValidHlc(hlc: Hlc): boolean {
  return (
    Number.isInteger(hlc.wall) &&
    hlc.wall >= 0 &&
    hlc.wall <= MAX_WALL &&
    Number.isInteger(hlc.logical) &&
    hlc.logical >= 0 &&
    hlc.logical <= MAX_LOGICAL
  );
}
