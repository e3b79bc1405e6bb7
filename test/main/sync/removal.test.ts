/*
 * Removing a device rotates the keys: three real vaults exchange through
 * copies of a folder; one removes another (the lost laptop). The removed
 * device's old keys and old passphrases open nothing written after the
 * removal (no batch, no keys file, no row of either remaining vault), its
 * later batches are never merged, and the remaining device takes the new keys
 * only with the new passphrase, after which everything, other devices' audit
 * entries included, opens under them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveSyncKey, HEADER_BYTES } from '../../../main/sync/batch';
import { listDevices, nameThisDevice } from '../../../main/sync/devices';
import { parseKeysFile, verifyKeysFile } from '../../../main/sync/keysFile';
import { acceptRotatedKeys, removeDevice } from '../../../main/sync/removal';
import { exchange, sendChanges } from '../../../main/sync/vaultFolderSync';
import { readForeignChains } from '../../../main/vault/foreignAudit';
import { deriveKeyInWorker } from '../../../main/vault/kdf';
import { openPassphraseSlot } from '../../../main/vault/keySlots';
import { openRow } from '../../../main/vault/rowCipher';
import type { Sodium } from '../../../main/vault/sodium';
import { compartmentOf, ROW_TABLES } from '../../../main/vault/tables';
import { PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { expectCode } from '../vault/tamper';
import { syncTool } from './syncTool';
import type { Device } from './vaultDevices';
import { devices, HOUR, settle } from './vaultDevices';

const NEW_PASSPHRASE = 'a new passphrase after the laptop went missing';
const NEW_PSYCH_PASSPHRASE = 'another new and longer psychotherapy passphrase';
const AFTER_PROGRESS = 'CANARY-AFTER-REMOVAL-PROGRESS-5d1e';
const AFTER_PSYCH = 'CANARY-AFTER-REMOVAL-PSYCHOTHERAPY-77ac';
const THIEF_CLIENT = 'Written On The Lost Laptop';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((name) => join(root, name))
    .filter((path) => statSync(path).isFile());
}

function opens(sodium: Sodium, key: Uint8Array, version: number, vaultId: string, table: string, rowId: string, row: { key_version: number; nonce: Buffer; ciphertext: Buffer }): boolean {
  try {
    openRow(sodium, { version, key }, { vaultId, table: table as (typeof ROW_TABLES)[number], rowId }, { keyVersion: row.key_version, nonce: row.nonce, ciphertext: row.ciphertext });
    return true;
  } catch {
    return false;
  }
}

/** Every sealed thing the vault file holds: rows, both audit tables and conflict copies, with the compartment that seals each. */
function sealedRows(device: Device) {
  const db = device.ctx.db;
  const select = (sql: string) => db.prepare(sql).all() as { table_name: string; id: string; key_version: number; nonce: Buffer; ciphertext: Buffer }[];
  return [
    ...ROW_TABLES.flatMap((table) => select(`SELECT '${table}' AS table_name, id, key_version, nonce, ciphertext FROM ${table}`)),
    ...select("SELECT 'audit_log' AS table_name, id, key_version, nonce, ciphertext FROM audit_log"),
    ...select("SELECT 'audit_log' AS table_name, id, key_version, nonce, ciphertext FROM sync_audit"),
    ...select('SELECT table_name, row_id AS id, key_version, nonce, ciphertext FROM sync_conflicts'),
  ];
}

function compartmentOfName(table: string) {
  return table === 'audit_log' ? 'progress' : compartmentOf(table as (typeof ROW_TABLES)[number]);
}

describe('removing a device', () => {
  it('rotates the keys: the removed device reads nothing written after, and the others go on with the new passphrase', { timeout: 180_000 }, async () => {
    const [a, b, c] = await devices([0, 2 * HOUR, -HOUR], cleanups);
    nameThisDevice(a!.ctx, 'Office desktop');
    nameThisDevice(b!.ctx, 'Home laptop');
    nameThisDevice(c!.ctx, 'Old laptop');
    const client = a!.vault.clients.create({ name: 'Before Removal' });
    const session = a!.vault.sessions.create({ clientId: client.id, date: '2026-12-01', startTime: '09:00', endTime: '09:50', modality: 'video' });
    c!.later(HOUR);
    c!.vault.clients.create({ name: 'Written On The Laptop Before' });
    await settle([a!, b!, c!]);

    const stolen = {
      progress: Uint8Array.from(c!.ctx.keys.get('progress').key),
      psychotherapy: Uint8Array.from(c!.ctx.keys.get('psychotherapy').key),
    };
    const sodium = c!.ctx.sodium;
    const removed = await removeDevice(a!.vault, a!.chosen, {
      deviceId: c!.id,
      passphrase: PASSPHRASE,
      psychotherapyPassphrase: PSYCH_PASSPHRASE,
      newPassphrase: NEW_PASSPHRASE,
      newPsychotherapyPassphrase: NEW_PSYCH_PASSPHRASE,
    });
    expect(removed.keyVersion).toBe(2);
    expect(removed.lastBatch).toBeGreaterThan(0);
    expect(removed.recoveryKey).toMatch(/^([0-9a-f]{8}-){7}[0-9a-f]{8}$/);

    // The lost laptop, still holding the old keys, writes after the removal.
    c!.vault.clients.create({ name: THIEF_CLIENT });
    await sendChanges(c!.ctx, c!.chosen);

    a!.later(HOUR);
    const note = a!.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: AFTER_PROGRESS } });
    const psych = a!.vault.psychotherapyNotes.create({ sessionId: session.id, text: AFTER_PSYCH });
    await exchange(a!.ctx, a!.chosen);
    syncTool([a!, b!, c!], () => 'whole');

    await expectCode(() => exchange(b!.ctx, b!.chosen), 'SYNC_KEYS_ROTATED');
    await expectCode(() => acceptRotatedKeys(b!.vault, b!.chosen, { passphrase: PASSPHRASE, psychotherapyPassphrase: PSYCH_PASSPHRASE }), 'WRONG_PASSPHRASE');
    await acceptRotatedKeys(b!.vault, b!.chosen, { passphrase: NEW_PASSPHRASE, psychotherapyPassphrase: NEW_PSYCH_PASSPHRASE });
    expect(b!.ctx.keys.held('progress').map((key) => key.version)).toEqual([2]);
    expect(b!.vault.progressNotes.get(note.id).fields).toMatchObject({ narrative: AFTER_PROGRESS });
    expect(b!.vault.psychotherapyNotes.get(psych.id).text).toBe(AFTER_PSYCH);
    const laptop = listDevices(b!.ctx).find((device) => device.id === c!.id);
    expect(laptop).toMatchObject({ name: 'Old laptop', lastBatch: removed.lastBatch });
    expect(laptop?.removedAt).toBeDefined();

    b!.later(HOUR);
    const fromB = b!.vault.clients.create({ name: 'After Removal On B' });
    await settle([a!, b!]);
    expect(a!.vault.clients.get(fromB.id).name).toBe('After Removal On B');
    for (const device of [a!, b!]) {
      expect(device.vault.clients.list().map((one) => one.name)).not.toContain(THIEF_CLIENT);
      expect(device.vault.clients.list().map((one) => one.name)).toContain('Written On The Laptop Before');
    }

    // The removed device: told the keys changed, and its old passphrase takes nothing.
    syncTool([a!, b!, c!], () => 'whole');
    await expectCode(() => exchange(c!.ctx, c!.chosen), 'SYNC_KEYS_ROTATED');
    await expectCode(() => acceptRotatedKeys(c!.vault, c!.chosen, { passphrase: PASSPHRASE, psychotherapyPassphrase: PSYCH_PASSPHRASE }), 'WRONG_PASSPHRASE');

    // Its old keys open no batch and no keys file written since, in any copy of the folder.
    const oldSync = deriveSyncKey(sodium, { version: 1, key: stolen.progress });
    let newerBatches = 0;
    for (const path of [a!, b!, c!].flatMap((device) => filesUnder(device.root))) {
      const bytes = new Uint8Array(readFileSync(path));
      if (path.endsWith('.tvsk')) {
        const parsed = parseKeysFile(sodium, bytes);
        if (parsed.file.keyVersion === 1) continue;
        expect(verifyKeysFile(sodium, { version: 1, key: stolen.progress }, parsed)).toBe(false);
        for (const slot of parsed.file.slots.filter((one) => one.kind === 'passphrase')) {
          for (const passphrase of [PASSPHRASE, PSYCH_PASSPHRASE]) {
            expect(await openPassphraseSlot(sodium, deriveKeyInWorker, a!.vault.id()!, slot, passphrase)).toBeNull();
          }
        }
        continue;
      }
      if (!path.endsWith('.tvsb') || Buffer.from(bytes).readUInt32BE(48) === 1) continue;
      newerBatches += 1;
      expect(() =>
        sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, bytes.subarray(HEADER_BYTES), bytes.subarray(0, HEADER_BYTES), bytes.subarray(52, 76), oldSync.key),
      ).toThrow();
      expect(Buffer.from(bytes).includes(Buffer.from(AFTER_PROGRESS))).toBe(false);
    }
    expect(newerBatches).toBeGreaterThan(0);

    // Given the new passphrase (a laptop retired on purpose), it learns it was removed and sends nothing.
    const sentBefore = filesUnder(c!.root).length;
    await expectCode(() => acceptRotatedKeys(c!.vault, c!.chosen, { passphrase: NEW_PASSPHRASE, psychotherapyPassphrase: NEW_PSYCH_PASSPHRASE }), 'SYNC_DEVICE_REMOVED');
    await expectCode(() => exchange(c!.ctx, c!.chosen), 'SYNC_DEVICE_REMOVED');
    expect(filesUnder(c!.root).length).toBe(sentBefore);

    // Nothing in either remaining vault opens under the old keys; everything, other devices' audit entries included, opens under the new.
    for (const device of [a!, b!]) {
      const rows = sealedRows(device);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const compartment = compartmentOfName(row.table_name);
        expect(row.key_version).toBe(2);
        expect(opens(sodium, stolen[compartment], 1, device.vault.id()!, row.table_name, row.id, row)).toBe(false);
        expect(opens(sodium, device.ctx.keys.get(compartment).key, 2, device.vault.id()!, row.table_name, row.id, row)).toBe(true);
      }
      const foreign = readForeignChains(device.ctx);
      expect(foreign.some((entry) => entry.device === c!.id)).toBe(true);
      const unreadable = foreign.filter((entry) => entry.payload === null || entry.link === 'broken');
      expect(unreadable.map((entry) => [entry.device, entry.seq, entry.link])).toEqual([]);
    }
  });

  it('needs the psychotherapy compartment open and another device id, and changes nothing otherwise', async () => {
    const [a, b] = await devices([0, HOUR], cleanups);
    await settle([a!, b!]);
    const input = { passphrase: PASSPHRASE, psychotherapyPassphrase: PSYCH_PASSPHRASE, newPassphrase: NEW_PASSPHRASE, newPsychotherapyPassphrase: NEW_PSYCH_PASSPHRASE };
    await expectCode(() => removeDevice(a!.vault, a!.chosen, { ...input, deviceId: a!.id }), 'INVALID_INPUT');
    await expectCode(() => removeDevice(a!.vault, a!.chosen, { ...input, deviceId: b!.id, psychotherapyPassphrase: 'not the psychotherapy passphrase' }), 'WRONG_PASSPHRASE');
    a!.vault.closePsychotherapy();
    await expectCode(() => removeDevice(a!.vault, a!.chosen, { ...input, deviceId: b!.id }), 'PSYCHOTHERAPY_LOCKED');
    expect(a!.ctx.keys.get('progress').version).toBe(1);
    expect(listDevices(a!.ctx).some((device) => device.removedAt)).toBe(false);
  });
});
