import type { Compartment } from './compartments';
import type { VaultDatabase } from './db';
import type { KeySlot, SlotKind } from './keySlots';

interface SlotRow {
  slot_id: string;
  compartment: Compartment;
  kind: SlotKind;
  key_version: number;
  kdf_alg: string | null;
  kdf_ops: number | null;
  kdf_mem: number | null;
  salt: Buffer | null;
  nonce: Buffer;
  wrapped_key: Buffer;
  checksum: Buffer;
}

function toSlot(row: SlotRow): KeySlot {
  return {
    slotId: row.slot_id,
    compartment: row.compartment,
    kind: row.kind,
    keyVersion: row.key_version,
    kdf:
      row.kdf_alg === null
        ? null
        : { algorithm: row.kdf_alg as 'argon2id13', opsLimit: row.kdf_ops ?? 0, memLimit: row.kdf_mem ?? 0 },
    salt: row.salt,
    nonce: row.nonce,
    wrappedKey: row.wrapped_key,
    checksum: row.checksum,
  };
}

export function readVaultId(db: VaultDatabase): string | null {
  const row = db.prepare('SELECT vault_id FROM vault_meta WHERE singleton = 1').get() as
    | { vault_id: string }
    | undefined;
  return row?.vault_id ?? null;
}

export function writeVaultId(db: VaultDatabase, vaultId: string): void {
  db.prepare('INSERT INTO vault_meta (singleton, vault_id) VALUES (1, ?)').run(vaultId);
}

export function readSlots(db: VaultDatabase, compartment: Compartment, kind: SlotKind): KeySlot[] {
  const rows = db
    .prepare('SELECT * FROM key_slots WHERE compartment = ? AND kind = ? ORDER BY rowid')
    .all(compartment, kind) as SlotRow[];
  return rows.map(toSlot);
}

export function deleteSlot(db: VaultDatabase, slotId: string): void {
  db.prepare('DELETE FROM key_slots WHERE slot_id = ?').run(slotId);
}

export function insertSlot(db: VaultDatabase, slot: KeySlot): void {
  db.prepare(
    `INSERT INTO key_slots (slot_id, compartment, kind, key_version, kdf_alg, kdf_ops, kdf_mem, salt, nonce, wrapped_key, checksum)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    slot.slotId,
    slot.compartment,
    slot.kind,
    slot.keyVersion,
    slot.kdf?.algorithm ?? null,
    slot.kdf?.opsLimit ?? null,
    slot.kdf?.memLimit ?? null,
    slot.salt,
    slot.nonce,
    slot.wrappedKey,
    slot.checksum,
  );
}
