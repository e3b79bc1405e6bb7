import { describe, expect, it } from 'vitest';
import { loadExportFonts } from '../../../main/export/exportFonts';
import type { Coverage } from '../../../main/export/textRuns';
import { splitRuns } from '../../../main/export/textRuns';

/** A face that draws exactly the characters it is given. */
function faceFor(name: string, chars: string): Coverage & { name: string } {
  const set = new Set([...chars].map((char) => char.codePointAt(0)));
  return { name, covers: (codePoint) => set.has(codePoint) };
}

const names = (runs: { text: string; face: { name: string } }[]) => runs.map((run) => [run.text, run.face.name]);

describe('splitRuns', () => {
  const latin = faceFor('latin', 'abcZoë ,.');
  const cjk = faceFor('cjk', '李小龍 ,。');

  it('gives each run the first face that can draw it', () => {
    expect(names(splitRuns('Zoë 李小龍', [latin, cjk]))).toEqual([
      ['Zoë ', 'latin'],
      ['李小龍', 'cjk'],
    ]);
  });

  it('keeps whitespace and covered punctuation in the run they sit in', () => {
    expect(names(splitRuns('李小龍, 李\nab', [latin, cjk]))).toEqual([
      ['李小龍, 李\n', 'cjk'],
      ['ab', 'latin'],
    ]);
    expect(names(splitRuns('ab。', [latin, cjk]))).toEqual([
      ['ab', 'latin'],
      ['。', 'cjk'],
    ]);
  });

  it('sends characters no face has to the first face, and handles astral code points whole', () => {
    expect(names(splitRuns('a😀b', [latin, cjk]))).toEqual([['a😀b', 'latin']]);
  });

  it('returns no runs for empty text', () => {
    expect(splitRuns('', [latin])).toEqual([]);
  });

  it('splits a mixed name with the real export fonts', () => {
    const fonts = loadExportFonts();
    const runs = splitRuns('Zoë Ørsted-Núñez 李小龍 Ελένη', fonts.regular);
    expect(runs.map((run) => [run.text, run.face.name])).toEqual([
      ['Zoë Ørsted-Núñez ', 'latinRegular'],
      ['李小龍 ', 'cjkRegular'],
      ['Ελένη', 'latinRegular'],
    ]);
  });
});
