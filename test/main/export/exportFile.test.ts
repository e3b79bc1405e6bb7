import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { saveExportFile } from '../../../main/export/exportFile';
import { tempDir } from '../../helpers/tempVault';

const bytes = new TextEncoder().encode('%PDF-1.7 an exported record');
let cleanup = () => undefined as void;
afterEach(() => cleanup());

function folder(): string {
  const made = tempDir();
  cleanup = made.cleanup;
  return made.dir;
}

describe('saveExportFile', () => {
  it('shows the file under its final name only from inside the recording step, whole', () => {
    const dir = folder();
    const path = join(dir, 'record.pdf');
    let beforePlacing: string[] = [];
    saveExportFile(path, bytes, (putInPlace) => {
      beforePlacing = readdirSync(dir);
      putInPlace();
    });
    expect(beforePlacing).not.toContain('record.pdf');
    expect(readdirSync(dir)).toEqual(['record.pdf']);
    expect(readFileSync(path)).toEqual(Buffer.from(bytes));
  });

  it('leaves no file when the disclosure cannot be recorded', () => {
    const dir = folder();
    expect(() =>
      saveExportFile(join(dir, 'record.pdf'), bytes, () => {
        throw new Error('simulated failure to record');
      }),
    ).toThrow(/simulated/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes the placed file when the transaction fails after the rename (the commit itself)', () => {
    const dir = folder();
    expect(() =>
      saveExportFile(join(dir, 'record.pdf'), bytes, (putInPlace) => {
        putInPlace();
        throw new Error('simulated failed commit');
      }),
    ).toThrow(/simulated/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports a missing folder as NOT_FOUND without the path', () => {
    const dir = folder();
    expect(() => saveExportFile(join(dir, 'gone', 'Client Name.pdf'), bytes, (put) => put())).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', message: expect.not.stringContaining('Client Name') }),
    );
  });
});
