import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_MAGIC, HEADER_BYTES } from '../../../main/sync/batch';
import { hasSeen, MERGE_KIND, mergeSeen, SYNC_TABLE_CODES, SYNC_TABLES } from '../../../main/sync/changes';
import { ENCRYPTED_TABLES, TABLES } from '../../../main/vault/tables';
import { DEVICE_A, DEVICE_B, T0 } from './fixtures';

describe('sync tables', () => {
  it('give every encrypted table of the vault a batch code and a merge kind, so no table is left out of sync', () => {
    for (const table of ENCRYPTED_TABLES) {
      expect(SYNC_TABLES, `${table} needs a code in SYNC_TABLE_CODES and a row in docs/SYNC.md`).toContain(table);
    }
    expect(new Set(Object.values(SYNC_TABLE_CODES)).size).toBe(SYNC_TABLES.length);
  });

  it('never merge psychotherapy notes or drafts by dropping the losing text', () => {
    expect(MERGE_KIND.progress_notes).toBe('text');
    expect(MERGE_KIND.psychotherapy_notes).toBe('text');
    expect(TABLES.audit_log.storage).toBe('chain');
    expect(MERGE_KIND.audit_log).toBe('insert-only');
  });

  it('count a version as seen only up to the stamp the writer had from its device', () => {
    const writer = { seen: mergeSeen({ [DEVICE_A]: { wall: T0, logical: 2 } }, { [DEVICE_B]: { wall: T0 - 1, logical: 0 } }) };
    expect(hasSeen(writer, { stamp: { hlc: { wall: T0, logical: 2 }, device: DEVICE_A } })).toBe(true);
    expect(hasSeen(writer, { stamp: { hlc: { wall: T0, logical: 3 }, device: DEVICE_A } })).toBe(false);
    expect(hasSeen(writer, { stamp: { hlc: { wall: T0 - 1, logical: 0 }, device: DEVICE_B } })).toBe(true);
    expect(hasSeen(writer, { stamp: { hlc: { wall: 0, logical: 0 }, device: 'c'.repeat(32) } })).toBe(false);
  });
});

describe('docs/SYNC.md', () => {
  const doc = readFileSync(join(__dirname, '../../../docs/SYNC.md'), 'utf8');

  it('lists the table codes the batch encoder uses', () => {
    const listed = doc.slice(doc.indexOf('Table codes:'), doc.indexOf('(section 7). An unknown code'));
    const pairs = [...listed.matchAll(/`(\d+)` ([a-z_]+)/g)].map(([, code, table]) => [table, Number(code)]);
    expect(Object.fromEntries(pairs)).toEqual(SYNC_TABLE_CODES);
  });

  it('names the magic, header size and key context the code uses', () => {
    expect(doc).toContain(`magic, ASCII "${BATCH_MAGIC}"`);
    expect(doc).toContain(`0       8     magic`);
    expect(doc).toContain(`${HEADER_BYTES}      L     sealed body`);
    expect(doc).toContain('ctx = "tvsync01"');
  });
});
