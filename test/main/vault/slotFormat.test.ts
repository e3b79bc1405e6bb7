import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION } from '../../../main/vault/migrations';
import { v1 } from '../../../main/vault/migrations/v1';
import { deriveKeyInWorker } from '../../../main/vault/kdf';
import type { KeySlot } from '../../../main/vault/keySlots';
import { legacySlotAad, parseRecoveryKey, recoveryKek, slotChecksum } from '../../../main/vault/keySlots';
import type { Sodium } from '../../../main/vault/sodium';
import { loadSodium } from '../../../main/vault/sodium';
import { openVault } from '../../../main/vault/vault';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { expectCode, withRawFile } from './tamper';

interface SlotRow {
  slot_id: string;
  compartment: 'progress' | 'psychotherapy';
  kind: 'passphrase' | 'recovery';
  key_version: number;
  kdf_alg: string | null;
  kdf_ops: number | null;
  kdf_mem: number | null;
  salt: Buffer | null;
  nonce: Buffer;
  wrapped_key: Buffer;
}

const slotOf = (row: SlotRow): Omit<KeySlot, 'checksum'> => ({
  slotId: row.slot_id,
  compartment: row.compartment,
  kind: row.kind,
  keyVersion: row.key_version,
  kdf: row.kdf_alg === null ? null : { algorithm: 'argon2id13', opsLimit: row.kdf_ops!, memLimit: row.kdf_mem! },
  salt: row.salt,
  nonce: row.nonce,
  wrappedKey: row.wrapped_key,
});

function allSlots(path: string): SlotRow[] {
  return withRawFile(path, (db) => db.prepare('SELECT * FROM key_slots ORDER BY rowid').all() as SlotRow[]);
}

/**
 * Turns a vault this app wrote into the format-1 file an older app wrote:
 * every slot rewrapped under the AAD without the key version (same KEK, fresh
 * nonce), its checksum recomputed, user_version 1.
 */
async function downgradeToFormat1(sodium: Sodium, path: string, vaultId: string, recoveryKey: string): Promise<void> {
  const recovery = parseRecoveryKey(sodium, recoveryKey)!;
  const passphrases = { progress: PASSPHRASE, psychotherapy: PSYCH_PASSPHRASE };
  const rewritten: [string, Buffer, Buffer, Buffer][] = [];
  for (const row of allSlots(path)) {
    const kek =
      row.kind === 'recovery'
        ? recoveryKek(sodium, recovery)
        : await deriveKeyInWorker(sodium.from_string(passphrases[row.compartment]), row.salt!, DEFAULT_KDF_PARAMS);
    const aad = `slot|${vaultId}|${row.compartment}|${row.slot_id}|${row.key_version}`;
    const dataKey = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, row.wrapped_key, aad, row.nonce, kek);
    const nonce = sodium.randombytes_buf(24);
    const wrapped = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(dataKey, legacySlotAad(vaultId, row.compartment, row.slot_id), null, nonce, kek);
    const checksum = slotChecksum(sodium, { ...slotOf(row), nonce, wrappedKey: wrapped });
    rewritten.push([row.slot_id, Buffer.from(nonce), Buffer.from(wrapped), Buffer.from(checksum)]);
  }
  withRawFile(path, (db) => {
    const update = db.prepare('UPDATE key_slots SET nonce = ?, wrapped_key = ?, checksum = ? WHERE slot_id = ?');
    for (const [slotId, nonce, wrapped, checksum] of rewritten) update.run(nonce, wrapped, checksum, slotId);
    for (const table of tablesAfterFormat1(db)) db.exec(`DROP TABLE ${table}`);
    dropColumnsAfterFormat1(db);
    db.pragma('user_version = 1');
  });
}

const tableNames = (db: Database.Database): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];

/** The columns later migrations added to format-1 tables (with the indexes on them): a format-1 file has none of them. */
function dropColumnsAfterFormat1(db: Database.Database): void {
  const format1 = new Database(':memory:');
  try {
    v1.up(format1);
    const columnsOf = (on: Database.Database, table: string) =>
      (on.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name);
    const indexes = (on: Database.Database) =>
      on.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").pluck().all() as string[];
    const originalIndexes = new Set(indexes(format1));
    for (const index of indexes(db).filter((name) => !originalIndexes.has(name))) db.exec(`DROP INDEX ${index}`);
    for (const table of tableNames(format1)) {
      const original = new Set(columnsOf(format1, table));
      for (const column of columnsOf(db, table).filter((name) => !original.has(name))) db.exec(`ALTER TABLE ${table} DROP COLUMN ${column}`);
    }
  } finally {
    format1.close();
  }
}

/** The tables later migrations added (a format-1 file has none of them), children before the tables they name. */
function tablesAfterFormat1(db: Database.Database): string[] {
  const format1 = new Database(':memory:');
  try {
    v1.up(format1);
    const original = new Set(tableNames(format1));
    return tableNames(db)
      .filter((name) => !original.has(name))
      .reverse();
  } finally {
    format1.close();
  }
}

/** Sets a slot's key_version and recomputes its unkeyed checksum, as anyone who can write the file can. */
function forgeKeyVersion(sodium: Sodium, path: string, compartment: string, kind: string, keyVersion: number): void {
  const row = allSlots(path).find((slot) => slot.compartment === compartment && slot.kind === kind)!;
  const checksum = slotChecksum(sodium, { ...slotOf(row), keyVersion });
  withRawFile(path, (db) =>
    db.prepare('UPDATE key_slots SET key_version = ?, checksum = ? WHERE slot_id = ?').run(keyVersion, Buffer.from(checksum), row.slot_id),
  );
}

describe("a slot's key version", () => {
  it('is authenticated: a forged key_version makes the slot not open, instead of breaking every row', async () => {
    const sodium = await loadSodium();
    const made = await createdVault();
    try {
      made.vault.clients.create({ name: 'Forgery Check' });
      await made.vault.close();
      forgeKeyVersion(sodium, made.path, 'progress', 'passphrase', 2);
      const reopened = await openVault(made.path, { kdf: DEFAULT_KDF_PARAMS });
      try {
        await expectCode(() => reopened.unlock(PASSPHRASE), 'WRONG_PASSPHRASE');
      } finally {
        await reopened.close();
      }
    } finally {
      await made.dispose();
    }
  });
});

describe('a format-1 vault (slot AAD without the key version)', () => {
  it('opens, is upgraded to format 2, and each slot is rewrapped under the bound AAD as it opens', async () => {
    const sodium = await loadSodium();
    const made = await createdVault();
    const vaultId = made.vault.id()!;
    try {
      made.vault.clients.create({ name: 'Old Format Client' });
      await made.vault.close();
      await downgradeToFormat1(sodium, made.path, vaultId, made.recoveryKey);
      const before = allSlots(made.path);

      const vault = await openVault(made.path, { kdf: DEFAULT_KDF_PARAMS });
      try {
        await vault.unlock(PASSPHRASE);
        expect(vault.clients.list().map((client) => client.name)).toEqual(['Old Format Client']);
        await vault.openPsychotherapy(PSYCH_PASSPHRASE);
        await vault.lock();
        await vault.unlockWithRecoveryKey({ recoveryKey: made.recoveryKey, newPassphrase: PASSPHRASE });
      } finally {
        await vault.close();
      }
      const after = allSlots(made.path);
      const beforeIds = new Set(before.map((slot) => slot.slot_id));
      expect(withRawFile(made.path, (db) => db.pragma('user_version', { simple: true }))).toBe(FORMAT_VERSION);
      // Passphrase slots opened, and the progress recovery slot used, are now under the bound AAD.
      for (const row of after.filter((slot) => !(slot.kind === 'recovery' && slot.compartment === 'psychotherapy'))) {
        expect(beforeIds.has(row.slot_id) && row.kind === 'passphrase').toBe(false);
        const kek =
          row.kind === 'recovery'
            ? recoveryKek(sodium, parseRecoveryKey(sodium, made.recoveryKey)!)
            : await deriveKeyInWorker(sodium.from_string(row.compartment === 'progress' ? PASSPHRASE : PSYCH_PASSPHRASE), row.salt!, DEFAULT_KDF_PARAMS);
        const aad = `slot|${vaultId}|${row.compartment}|${row.slot_id}|${row.key_version}`;
        expect(() => sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, row.wrapped_key, aad, row.nonce, kek)).not.toThrow();
      }
    } finally {
      await made.dispose();
    }
  });

  it('refuses a format-1 slot whose key_version was changed from 1', async () => {
    const sodium = await loadSodium();
    const made = await createdVault();
    try {
      await made.vault.close();
      await downgradeToFormat1(sodium, made.path, made.vault.id()!, made.recoveryKey);
      forgeKeyVersion(sodium, made.path, 'progress', 'passphrase', 2);
      const vault = await openVault(made.path, { kdf: DEFAULT_KDF_PARAMS });
      try {
        await expectCode(() => vault.unlock(PASSPHRASE), 'WRONG_PASSPHRASE');
      } finally {
        await vault.close();
      }
    } finally {
      await made.dispose();
    }
  });
});
