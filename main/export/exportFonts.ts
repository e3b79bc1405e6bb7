import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Font } from 'fontkit';
import { create } from 'fontkit';

/** A parsed font and a memo of which code points it can draw. */
export interface FontFace {
  name: string;
  font: Font;
  covers(codePoint: number): boolean;
}

export type FontStyle = 'regular' | 'bold';

/**
 * Faces per style, in fallback order: Noto Sans for Latin, Greek and Cyrillic,
 * then Noto Sans CJK SC for Chinese (simplified and traditional) and Japanese
 * kana. Both are SIL OFL 1.1, which allows embedding in documents.
 */
export type ExportFonts = Readonly<Record<FontStyle, readonly FontFace[]>>;

const FONT_FILES = {
  latinRegular: ['@embedpdf/fonts-latin', 'NotoSans-Regular.ttf'],
  latinBold: ['@embedpdf/fonts-latin', 'NotoSans-Bold.ttf'],
  cjkRegular: ['@embedpdf/fonts-sc', 'NotoSansHans-Regular.otf'],
  cjkBold: ['@embedpdf/fonts-sc', 'NotoSansHans-Bold.otf'],
} as const;

/** The packages export only their index, so the font folder is found beside it. */
function fontPath(packageName: string, file: string): string {
  const index = createRequire(import.meta.url).resolve(packageName);
  return join(dirname(index), '..', 'fonts', file);
}

function face(name: string, font: Font): FontFace {
  const known = new Map<number, boolean>();
  return {
    name,
    font,
    covers(codePoint) {
      let covered = known.get(codePoint);
      if (covered === undefined) {
        covered = font.hasGlyphForCodePoint(codePoint);
        known.set(codePoint, covered);
      }
      return covered;
    },
  };
}

function load(key: keyof typeof FONT_FILES): FontFace {
  const [packageName, file] = FONT_FILES[key];
  const parsed = create(readFileSync(fontPath(packageName, file)));
  if (!('layout' in parsed)) throw new Error(`Font file ${file} is a collection, not a single font`);
  return face(key, parsed);
}

/**
 * Reads and parses the fonts once (about 18 MB of font files); exports reuse
 * the parsed faces, and each PDF embeds only the glyphs it uses.
 */
export function loadExportFonts(): ExportFonts {
  const cjkRegular = load('cjkRegular');
  return {
    regular: [load('latinRegular'), cjkRegular],
    bold: [load('latinBold'), load('cjkBold')],
  };
}
