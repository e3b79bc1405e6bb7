/*
 * A real bridge whose replies on one channel can be held: the tests of a
 * request overtaken by another (a reread by a save or a later reread, a
 * reply by a push) release the replies in the order they need.
 */
import type { Channel } from '../../../shared/ipc/contract';
import type { Bridge, BridgeCalls } from '../../../shared/ipc/bridge';

/**
 * The real bridge, with `channel`'s replies held while `gate.armed` (from the
 * start unless told otherwise): each held reply, main's answer already in,
 * waits in `gate.held` until the test calls it.
 */
export function holdingReplies(bridge: Bridge, channel: Channel, armed = true) {
  const gate = { armed, held: [] as (() => void)[] };
  const original = bridge.call[channel] as (request: unknown) => Promise<unknown>;
  const call = {
    ...bridge.call,
    [channel]: async (request: unknown) => {
      const reply = await original(request);
      if (gate.armed) await new Promise<void>((release) => gate.held.push(release));
      return reply;
    },
  } as BridgeCalls;
  return { bridge: { ...bridge, call }, gate };
}

/** The real bridge, with the conflict reads' replies held once armed. */
export function holdingConflictReads(bridge: Bridge) {
  return holdingReplies(bridge, 'sync.conflicts', false);
}

/** Resolves once `condition` holds, checking every few milliseconds. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((settle) => setTimeout(settle, 5));
}
