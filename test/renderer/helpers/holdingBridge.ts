/*
 * A real bridge whose conflict reads can be held: the tests of a reread
 * overtaken by a save or by a later reread release the replies in the order
 * they need.
 */
import type { Bridge, BridgeCalls } from '../../../shared/ipc/bridge';

/** The real bridge, with the conflict reads' replies held, once armed, until the test releases them. */
export function holdingConflictReads(bridge: Bridge) {
  const gate = { armed: false, held: [] as (() => void)[] };
  const conflicts = bridge.call['sync.conflicts'];
  const call = {
    ...bridge.call,
    'sync.conflicts': async (request: Record<string, never>) => {
      const reply = await conflicts(request);
      if (gate.armed) await new Promise<void>((release) => gate.held.push(release));
      return reply;
    },
  } as BridgeCalls;
  return { bridge: { ...bridge, call }, gate };
}

/** Resolves once `condition` holds, checking every few milliseconds. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((settle) => setTimeout(settle, 5));
}
