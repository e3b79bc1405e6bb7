import type { Page } from 'playwright-core';

/**
 * Where, in the page, any of the canary strings can still be found: the DOM
 * (markup and live form values), web storage, and every global's value.
 */
export async function canaryPlacesInPage(page: Page, canaries: readonly string[]): Promise<string[]> {
  return page.evaluate((needles) => {
    const found: string[] = [];
    const check = (place: string, text: string) => {
      for (const needle of needles) if (text.includes(needle)) found.push(`${place}: ${needle}`);
    };
    check('DOM', document.documentElement.outerHTML);
    for (const control of document.querySelectorAll('input, textarea')) {
      check('form value', (control as HTMLInputElement).value);
    }
    for (const [name, storage] of [
      ['localStorage', localStorage],
      ['sessionStorage', sessionStorage],
    ] as const) {
      for (let index = 0; index < storage.length; index += 1) {
        const key = storage.key(index) ?? '';
        check(name, `${key}=${storage.getItem(key) ?? ''}`);
      }
    }
    for (const name of Object.getOwnPropertyNames(window)) {
      let value: unknown;
      try {
        value = (window as unknown as Record<string, unknown>)[name];
      } catch {
        continue;
      }
      if (typeof value === 'string') check(`window.${name}`, value);
      else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
        try {
          check(`window.${name}`, JSON.stringify(value));
        } catch {
          // Cyclic or exotic objects are not where a store would put note text.
        }
      }
    }
    return found;
  }, canaries);
}

/**
 * The canaries still held anywhere in the page's JavaScript heap, after a
 * forced garbage collection: this reaches the zustand stores and React's
 * state, which no global exposes.
 */
export async function canariesInHeap(page: Page, canaries: readonly string[]): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  await cdp.send('HeapProfiler.disable');
  await cdp.detach();
  const snapshot = chunks.join('');
  return canaries.filter((canary) => snapshot.includes(canary));
}
