import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RowFailure } from '../../../shared/domain/backup';
import { isVaultError } from '../../../shared/errors';
import { verifyBackup } from '../../../main/backup/verify';
import type { Vault } from '../../../main/vault/vaultApi';
import { openVault } from '../../../main/vault/vault';
import {
  cachingDerive,
  ENCRYPTED_ROW_TABLES,
  filledVault,
  PASSPHRASE,
  PSYCH_PASSPHRASE,
  rowIdsOf,
} from '../../fixtures/filledVault';
import { tempDir } from '../../helpers/tempVault';

/**
 * What an attacker or a failing disk can do to the bytes without any key:
 * flip sampled bytes of a row's nonce or ciphertext, or swap ciphertexts
 * between rows, in every encrypted table and in the key slots. Each case runs
 * on its own copy of one vault. The verify pass must name exactly the rows
 * touched, as INTEGRITY failures, and the rest of the vault must still open.
 */
type Table = (typeof ENCRYPTED_ROW_TABLES)[number];
type SlotColumn = 'nonce' | 'wrapped_key';

interface Slot {
  slotId: string;
  compartment: 'progress' | 'psychotherapy';
  kind: 'passphrase' | 'recovery';
}

const derive = cachingDerive();
let pristine = '';
let recoveryKey = '';
let ids: Record<Table, string[]>;
let slots: Slot[] = [];
let dispose: () => Promise<void>;
let scratch: { dir: string; cleanup: () => void };
let copies = 0;

beforeAll(async () => {
  const made = await filledVault({ derive });
  await made.vault.close();
  pristine = made.path;
  recoveryKey = made.recoveryKey;
  dispose = made.dispose;
  ids = Object.fromEntries(ENCRYPTED_ROW_TABLES.map((table) => [table, rowIdsOf(pristine, table)])) as Record<Table, string[]>;
  const raw = new Database(pristine, { readonly: true });
  slots = raw.prepare('SELECT slot_id AS slotId, compartment, kind FROM key_slots ORDER BY rowid').all() as Slot[];
  raw.close();
  scratch = tempDir();
});

afterAll(async () => {
  scratch.cleanup();
  await dispose();
});

function flipped(bytes: Buffer, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index]! ^= 0xff;
  return copy;
}

/** A copy of the pristine vault with `change` applied through a raw connection. */
function tamperedCopy(change: (db: Database.Database) => void): string {
  copies += 1;
  const path = join(scratch.dir, `case-${copies}.sqlite`);
  copyFileSync(pristine, path);
  const db = new Database(path);
  try {
    change(db);
  } finally {
    db.close();
  }
  return path;
}

const idColumn = (table: Table | 'key_slots') => (table === 'key_slots' ? 'slot_id' : 'id');

function flipColumn(table: Table | 'key_slots', column: string, id: string, position: (length: number) => number) {
  return (db: Database.Database) => {
    const value = db.prepare(`SELECT ${column} FROM ${table} WHERE ${idColumn(table)} = ?`).pluck().get(id) as Buffer;
    db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${idColumn(table)} = ?`).run(flipped(value, position(value.length)), id);
  };
}

function swapColumns(a: [Table | 'key_slots', string], b: [Table | 'key_slots', string], columns: string[]) {
  return (db: Database.Database) => {
    const read = ([table, id]: [Table | 'key_slots', string]) =>
      db.prepare(`SELECT ${columns.join(', ')} FROM ${table} WHERE ${idColumn(table)} = ?`).get(id) as Record<string, Buffer>;
    const write = ([table, id]: [Table | 'key_slots', string], values: Record<string, Buffer>) =>
      db
        .prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE ${idColumn(table)} = @id`)
        .run({ ...values, id });
    const first = read(a);
    const second = read(b);
    write(a, second);
    write(b, first);
  };
}

async function verify(path: string) {
  const { report } = await verifyBackup(path, {
    passphrase: PASSPHRASE,
    psychotherapyPassphrase: PSYCH_PASSPHRASE,
    recoveryKey,
    liveVaultPath: null,
    derive,
  });
  return report;
}

/** Reads one row through the vault's own API, where it has a direct reader. */
const READERS: Partial<Record<Table, (vault: Vault, id: string) => unknown>> = {
  clients: (vault, id) => vault.clients.get(id),
  sessions: (vault, id) => vault.sessions.get(id),
  progress_notes: (vault, id) => vault.progressNotes.get(id),
  psychotherapy_notes: (vault, id) => vault.psychotherapyNotes.get(id),
  settings: (vault) => vault.settings.get(),
  audit_log: (vault) => vault.audit.list(),
};

/**
 * The damaged copy still opens: by passphrase, or by the recovery key when the
 * passphrase slot itself was hit. A row that was not touched still reads;
 * the touched row, read through the API, is INTEGRITY naming it.
 */
async function expectRestStillOpens(path: string, touched: RowFailure[]) {
  const vault = await openVault(path, { derive });
  try {
    const progressSlotHit = touched.some((failure) => {
      const slot = slots.find((candidate) => candidate.slotId === failure.rowId);
      return slot?.compartment === 'progress' && slot.kind === 'passphrase';
    });
    if (progressSlotHit) {
      await expect(vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'INTEGRITY', details: { table: 'key_slots' } });
      await vault.unlockWithRecoveryKey({ recoveryKey, newPassphrase: PASSPHRASE });
    } else {
      await vault.unlock(PASSPHRASE);
    }
    const untouched = ids.sessions.find((id) => !touched.some((failure) => failure.rowId === id))!;
    expect(vault.sessions.get(untouched).id).toBe(untouched);
    const [only] = touched;
    const reader = only && touched.length === 1 ? READERS[only.table as Table] : undefined;
    if (only && reader) {
      if (only.table === 'psychotherapy_notes') await vault.openPsychotherapy(PSYCH_PASSPHRASE);
      let caught: unknown = null;
      try {
        reader(vault, only.rowId);
      } catch (error) {
        caught = error;
      }
      expect(isVaultError(caught) && caught.code).toBe('INTEGRITY');
      expect(isVaultError(caught) && caught.details).toEqual(only);
    }
  } finally {
    await vault.close();
  }
}

async function expectReported(path: string, touched: RowFailure[]) {
  const report = await verify(path);
  expect(report.ok).toBe(false);
  expect(report.structure).toBe('ok');
  expect(report.keys.progress).toBe('opened');
  expect(report.keys.psychotherapy).toBe('opened');
  expect([...report.failures].sort(byRow)).toEqual([...touched].sort(byRow));
  for (const check of report.tables) {
    const expected = touched.filter((failure) => failure.table === check.table).length;
    expect(check.failed, check.table).toBe(expected);
    expect(check.intact + check.failed).toBe(check.rows);
  }
  await expectRestStillOpens(path, touched);
}

const byRow = (a: RowFailure, b: RowFailure) => `${a.table}|${a.rowId}`.localeCompare(`${b.table}|${b.rowId}`);

const POSITIONS: [string, (length: number) => number][] = [
  ['first', () => 0],
  ['middle', (length) => Math.floor(length / 2)],
  ['last', (length) => length - 1],
];

describe('the untouched copy', () => {
  it('verifies clean, so every failure below comes from the tampering alone', async () => {
    const report = await verify(tamperedCopy(() => undefined));
    expect(report.ok).toBe(true);
    expect(report.failures).toEqual([]);
    for (const table of ENCRYPTED_ROW_TABLES) {
      expect(report.tables.find((check) => check.table === table)?.rows, table).toBeGreaterThan(0);
    }
  });
});

describe.each(ENCRYPTED_ROW_TABLES)('tampering with a %s row', (table) => {
  const cases = (['nonce', 'ciphertext'] as const).flatMap((column) =>
    POSITIONS.map(([where, position], index) => ({ column, where, position, index })),
  );

  it.each(cases)('flipping the $where byte of its $column is INTEGRITY for that row alone', async ({ column, position, index }) => {
    const rowId = ids[table][index % ids[table].length]!;
    await expectReported(tamperedCopy(flipColumn(table, column, rowId, position)), [{ table, rowId }]);
  });

  it('swapping its ciphertext with another row is INTEGRITY for both rows', async () => {
    const [first, second] = ids[table];
    // A one-row table swaps with a client row instead.
    const other: [Table, string] = second ? [table, second] : ['clients', ids.clients[0]!];
    await expectReported(tamperedCopy(swapColumns([table, first!], other, ['nonce', 'ciphertext'])), [
      { table, rowId: first! },
      { table: other[0], rowId: other[1] },
    ]);
  });
});

describe('moving a ciphertext across compartments', () => {
  it('is INTEGRITY for both rows: a psychotherapy note swapped with a progress note', async () => {
    const psych = ids.psychotherapy_notes[0]!;
    const progress = ids.progress_notes[0]!;
    await expectReported(
      tamperedCopy(swapColumns(['psychotherapy_notes', psych], ['progress_notes', progress], ['nonce', 'ciphertext'])),
      [
        { table: 'psychotherapy_notes', rowId: psych },
        { table: 'progress_notes', rowId: progress },
      ],
    );
  });
});

describe('tampering with a key slot', () => {
  const cases = (['nonce', 'wrapped_key'] as SlotColumn[]).flatMap((column) =>
    (['progress', 'psychotherapy'] as const).flatMap((compartment) =>
      (['passphrase', 'recovery'] as const).map((kind) => ({ column, compartment, kind })),
    ),
  );

  it.each(cases)('flipping a byte of the $compartment $kind slot\'s $column is INTEGRITY for that slot', async (target) => {
    const slot = slots.find((candidate) => candidate.compartment === target.compartment && candidate.kind === target.kind)!;
    const { column } = target;
    await expectReported(tamperedCopy(flipColumn('key_slots', column, slot.slotId, (length) => length - 1)), [
      { table: 'key_slots', rowId: slot.slotId },
    ]);
  });

  it('swapping the wrapped keys of the two passphrase slots is INTEGRITY for both', async () => {
    const [progress, psych] = (['progress', 'psychotherapy'] as const).map(
      (compartment) => slots.find((slot) => slot.compartment === compartment && slot.kind === 'passphrase')!,
    );
    await expectReported(tamperedCopy(swapColumns(['key_slots', progress!.slotId], ['key_slots', psych!.slotId], ['wrapped_key'])), [
      { table: 'key_slots', rowId: progress!.slotId },
      { table: 'key_slots', rowId: psych!.slotId },
    ]);
  });
});
