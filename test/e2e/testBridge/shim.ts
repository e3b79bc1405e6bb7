import { CHANNELS } from '../../../shared/ipc/contract';
import { EVENT_NAMES } from '../../../shared/ipc/events';

export const SHIM_PATH = '/test-bridge.js';

/**
 * The page-side half of the test bridge: window.therapistVault with the same
 * shape the preload exposes (one function per contract channel, and `on`),
 * carried over same-origin fetch and an EventSource instead of Electron IPC.
 * It is a plain script file so the page's strict CSP (script-src 'self') allows it.
 */
export function shimSource(): string {
  return `(() => {
  'use strict';
  const channels = ${JSON.stringify(CHANNELS)};
  const events = ${JSON.stringify(EVENT_NAMES)};
  const listeners = new Map(events.map((name) => [name, new Set()]));
  const source = new EventSource('./events');
  for (const name of events) {
    source.addEventListener(name, (message) => {
      const payload = JSON.parse(message.data);
      for (const listener of [...listeners.get(name)]) listener(payload);
    });
  }
  const call = {};
  for (const channel of channels) {
    call[channel] = (request) =>
      fetch('./ipc/' + encodeURIComponent(channel), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request === undefined ? {} : request),
      }).then((response) => response.json());
  }
  const on = (event, listener) => {
    const set = listeners.get(event);
    if (!set) throw new TypeError('Unknown event');
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function');
    set.add(listener);
    return () => set.delete(listener);
  };
  Object.defineProperty(window, 'therapistVault', {
    value: Object.freeze({ call: Object.freeze(call), on }),
    enumerable: false,
    writable: false,
    configurable: false,
  });
})();
`;
}
