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
      expect(SYNC_TABLES, `${table} needs a sync code in its registry entry`).toContain(table);
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

/** The sync code and merge kind of each table, as docs/VAULT_FORMAT.md section 2 and docs/SYNC.md state them. */
function documentedSync(): Record<string, { code: number; merge: string }> {
  const format = readFileSync(join(__dirname, '../../../docs/VAULT_FORMAT.md'), 'utf8');
  const sync = readFileSync(join(__dirname, '../../../docs/SYNC.md'), 'utf8');
  const tables = format.slice(format.indexOf('## 2. Tables'), format.indexOf('## 3. '));
  const documented: Record<string, { code: number; merge: string }> = {};
  for (const [, table, code, merge] of tables.matchAll(/^\| `([a-z_]+)` \|.*\| `(\d+)` \| ([a-z-]+) \|$/gm)) {
    documented[table!] = { code: Number(code), merge: merge! };
  }
  const registry = sync.match(/`(\d+)` is sync_devices/);
  if (registry) documented.sync_devices = { code: Number(registry[1]), merge: 'latest' };
  return documented;
}

describe('docs/SYNC.md', () => {
  const doc = readFileSync(join(__dirname, '../../../docs/SYNC.md'), 'utf8');

  it('give, with docs/VAULT_FORMAT.md section 2, the table code and merge kind the batch encoder and the merge use', () => {
    const documented = documentedSync();
    expect(Object.fromEntries(Object.entries(documented).map(([table, { code }]) => [table, code]))).toEqual(SYNC_TABLE_CODES);
    expect(Object.fromEntries(Object.entries(documented).map(([table, { merge }]) => [table, merge]))).toEqual(MERGE_KIND);
  });

  it('names the magic, header size and key context the code uses', () => {
    expect(doc).toContain(`magic, ASCII "${BATCH_MAGIC}"`);
    expect(doc).toContain(`0       8     magic`);
    expect(doc).toContain(`${HEADER_BYTES}      L     sealed body`);
    expect(doc).toContain('ctx = "tvsync01"');
  });
});
