/** What run splitting needs to know about a face. */
export interface Coverage {
  covers(codePoint: number): boolean;
}

export interface Run<F> {
  text: string;
  face: F;
}

/** Whitespace always stays in the run it sits in, punctuation when that face has it, so runs stay few. */
const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{Z}\p{P}]/u;

function pick<F extends Coverage>(codePoint: number, faces: readonly F[]): F {
  return faces.find((face) => face.covers(codePoint)) ?? faces[0]!;
}

/**
 * Splits text into runs, each drawn with the first face (in fallback order)
 * that has its glyphs. A character no face has goes to the first face, which
 * draws its missing-glyph box.
 */
export function splitRuns<F extends Coverage>(text: string, faces: readonly F[]): Run<F>[] {
  if (faces.length === 0) throw new Error('splitRuns needs at least one face');
  const runs: Run<F>[] = [];
  let current: Run<F> | undefined;
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    const keep =
      current !== undefined && (WHITESPACE.test(char) || (PUNCTUATION.test(char) && current.face.covers(codePoint)));
    const face = keep ? current!.face : pick(codePoint, faces);
    if (current && current.face === face) current.text += char;
    else {
      current = { text: char, face };
      runs.push(current);
    }
  }
  return runs;
}
