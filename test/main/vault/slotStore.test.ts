import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/vault/db';
import type { DeriveKey } from '../../../main/vault/kdf';
import { deriveKeyInWorker } from '../../../main/vault/kdf';
import { DEFAULT_KDF_PARAMS, isAcceptableKdf, MAX_MEM_LIMIT } from '../../../main/vault/kdfParams';
import type { KeySlot } from '../../../main/vault/keySlots';
import { createRecoverySlot, slotChecksum } from '../../../main/vault/keySlots';
import { insertSlot, readSlots, readVaultId, writeVaultId } from '../../../main/vault/slotStore';
import { loadSodium } from '../../../main/vault/sodium';
import type { Vault } from '../../../main/vault/vaultApi';
import { openVault } from '../../../main/vault/vault';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE, tempDir } from '../../helpers/tempVault';
import { expectIntegrity, flipByte, withFileRowChanged, withRawFile } from './tamper';

describe('slotStore', () => {
  it('stores and reads slots and the vault id byte for byte', async () => {
    const sodium = await loadSodium();
    const { dir, cleanup } = tempDir();
    const db = openDatabase(join(dir, 'vault.sqlite'));
    try {
      expect(readVaultId(db)).toBeNull();
      writeVaultId(db, 'ab'.repeat(16));
      expect(readVaultId(db)).toBe('ab'.repeat(16));
      const slot = createRecoverySlot(
        sodium,
        { vaultId: 'ab'.repeat(16), compartment: 'psychotherapy', keyVersion: 3, dataKey: sodium.randombytes_buf(32) },
        sodium.randombytes_buf(32),
      );
      insertSlot(db, slot);
      const [read] = readSlots(db, 'psychotherapy', 'recovery');
      expect(read).toMatchObject({ slotId: slot.slotId, compartment: 'psychotherapy', kind: 'recovery', keyVersion: 3 });
      expect(Buffer.from(read!.nonce).equals(Buffer.from(slot.nonce))).toBe(true);
      expect(Buffer.from(read!.wrappedKey).equals(Buffer.from(slot.wrappedKey))).toBe(true);
      expect(Buffer.from(read!.checksum).equals(Buffer.from(slot.checksum))).toBe(true);
      expect(readSlots(db, 'progress', 'recovery')).toEqual([]);
    } finally {
      db.close();
      cleanup();
    }
  });
});

/** Slots are damaged while the vault is closed (it holds its file exclusively), then a fresh service opens it. */
describe('a damaged key slot in the vault file', () => {
  let made: Awaited<ReturnType<typeof createdVault>>;
  const derived: Parameters<DeriveKey>[2][] = [];
  /** The real KDF, refusing parameters no slot of ours could hold so a hostile slot can't eat the test machine. */
  const watchedDerive: DeriveKey = (passphrase, salt, params) => {
    derived.push(params);
    if (!isAcceptableKdf(params)) return Promise.reject(new Error('hostile parameters reached the KDF'));
    return deriveKeyInWorker(passphrase, salt, params);
  };

  beforeAll(async () => {
    made = await createdVault({ derive: watchedDerive });
    await made.vault.close();
  });
  afterAll(async () => {
    await made.dispose();
  });

  type SlotRow = { slot_id: string; key_version: number; nonce: Buffer; wrapped_key: Buffer; salt: Buffer };
  const slotRow = (compartment: 'progress' | 'psychotherapy') =>
    withRawFile(made.path, (db) =>
      db.prepare("SELECT * FROM key_slots WHERE compartment = ? AND kind = 'passphrase'").get(compartment),
    ) as SlotRow;

  /** Opens the file in a new service, runs `use`, and closes it again. */
  async function withVault(use: (vault: Vault) => Promise<unknown>): Promise<void> {
    const vault = await openVault(made.path, { kdf: DEFAULT_KDF_PARAMS, derive: watchedDerive });
    try {
      await use(vault);
    } finally {
      await vault.close();
    }
  }

  const columns = ['nonce', 'wrapped_key', 'salt'] as const;
  for (const column of columns) {
    it(`fails unlock with INTEGRITY naming the slot when a byte of its ${column} flips`, async () => {
      const row = slotRow('progress');
      derived.length = 0;
      await withFileRowChanged(
        made.path,
        'key_slots',
        { column: 'slot_id', value: row.slot_id },
        { [column]: flipByte(row[column], row[column].length - 1) },
        () =>
          withVault(async (vault) => {
            await expectIntegrity(() => vault.unlock(PASSPHRASE), 'key_slots', row.slot_id, [PASSPHRASE]);
            expect(vault.state()).toBe('locked');
          }),
      );
      expect(derived).toEqual([]);
    });
  }

  it('fails opening the psychotherapy compartment with INTEGRITY when its slot is damaged', async () => {
    const row = slotRow('psychotherapy');
    await withFileRowChanged(
      made.path,
      'key_slots',
      { column: 'slot_id', value: row.slot_id },
      { wrapped_key: flipByte(row.wrapped_key, 0) },
      () =>
        withVault(async (vault) => {
          await vault.unlock(PASSPHRASE);
          await expectIntegrity(() => vault.openPsychotherapy(PSYCH_PASSPHRASE), 'key_slots', row.slot_id);
          expect(vault.state()).toBe('open');
        }),
    );
  });

  it('refuses hostile KDF parameters behind a recomputed checksum without running the KDF', async () => {
    const sodium = await loadSodium();
    const row = slotRow('progress');
    const hostile: Omit<KeySlot, 'checksum'>[] = [
      { ...DEFAULT_KDF_PARAMS, memLimit: MAX_MEM_LIMIT * 4 },
      { ...DEFAULT_KDF_PARAMS, opsLimit: 100_000 },
      { ...DEFAULT_KDF_PARAMS, opsLimit: 1, memLimit: 8192 },
    ].map((kdf) => ({
      slotId: row.slot_id,
      compartment: 'progress',
      kind: 'passphrase',
      keyVersion: row.key_version,
      kdf,
      salt: row.salt,
      nonce: row.nonce,
      wrappedKey: row.wrapped_key,
    }));
    derived.length = 0;
    for (const slot of hostile) {
      await withFileRowChanged(
        made.path,
        'key_slots',
        { column: 'slot_id', value: row.slot_id },
        { kdf_ops: slot.kdf!.opsLimit, kdf_mem: slot.kdf!.memLimit, checksum: Buffer.from(slotChecksum(sodium, slot)) },
        () => withVault((vault) => expectIntegrity(() => vault.unlock(PASSPHRASE), 'key_slots', row.slot_id)),
      );
    }
    expect(derived).toEqual([]);
  });

  it('does not count damage as a failed attempt, and opens again once the slot is restored', async () => {
    expect(withRawFile(made.path, (db) => db.prepare('SELECT COUNT(*) FROM unlock_throttle').pluck().get())).toBe(0);
    await withVault(async (vault) => {
      await vault.unlock(PASSPHRASE);
      expect(vault.state()).toBe('open');
    });
  });
});
