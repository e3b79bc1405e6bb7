import type { Page } from 'playwright-core';

export interface Focused {
  name: string;
  tag: string;
  /** False when the focused element draws no outline: a keyboard user could not see where they are. */
  ringVisible: boolean;
}

/** The focused element's accessible name as a person hears it: aria-label, its label, or its text. */
export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { name: '', tag: 'body', ringVisible: true };
    const labels = (element as HTMLInputElement).labels;
    const name =
      element.getAttribute('aria-label') ??
      (labels && labels.length > 0 ? (labels[0]?.textContent ?? '') : (element.textContent ?? ''));
    const style = getComputedStyle(element);
    return {
      name: name.replace(/\s+/g, ' ').trim(),
      tag: element.tagName.toLowerCase(),
      ringVisible: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
    };
  });
}

/**
 * Presses Tab (Shift+Tab when `backwards`) until the focused element's name
 * matches, as a keyboard user would; fails when it is not reachable. Every
 * element passed on the way must show a focus ring.
 */
export async function tabTo(page: Page, name: string | RegExp, options: { backwards?: boolean; max?: number } = {}): Promise<void> {
  const key = options.backwards ? 'Shift+Tab' : 'Tab';
  const seen: string[] = [];
  for (let step = 0; step < (options.max ?? 60); step += 1) {
    await page.keyboard.press(key);
    const current = await focused(page);
    if (current.tag !== 'body' && !current.ringVisible) throw new Error(`No visible focus ring on ${current.tag} "${current.name}"`);
    seen.push(current.name);
    if (typeof name === 'string' ? current.name === name : name.test(current.name)) return;
  }
  throw new Error(`Not reachable by ${key}: ${String(name)} (passed: ${seen.slice(0, 30).join(' | ')})`);
}
