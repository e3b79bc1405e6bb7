import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const STYLES = join(import.meta.dirname, '../../../renderer/styles');

/** Braces outside comments and strings, in order: an unclosed rule nests every later rule of the bundle under it. */
function braceDepths(css: string): number[] {
  const code = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/"[^"]*"|'[^']*'/g, '');
  const depths: number[] = [];
  let depth = 0;
  for (const char of code) {
    if (char === '{') depth += 1;
    if (char === '}') depth -= 1;
    if (char === '{' || char === '}') depths.push(depth);
  }
  return depths;
}

describe('the stylesheets', () => {
  it.each(readdirSync(STYLES).filter((name) => name.endsWith('.css')))('%s closes every rule it opens', (name) => {
    const depths = braceDepths(readFileSync(join(STYLES, name), 'utf8'));
    expect(Math.min(0, ...depths)).toBe(0);
    expect(depths.at(-1) ?? 0).toBe(0);
  });

  it('has no plain rule left open before a new top-level rule', () => {
    for (const name of readdirSync(STYLES).filter((file) => file.endsWith('.css'))) {
      const code = readFileSync(join(STYLES, name), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      // A declaration block that meets a blank line and then a selector line has lost its closing brace.
      expect(code, name).not.toMatch(/;\s*\n\s*\n\s*[.#:[a-z][^{}\n]*\{/);
    }
  });
});
