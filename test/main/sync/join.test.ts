/*
 * A second device joins from the folder with the passphrase alone: the key
 * slots travel sealed in the keys file, a planted or damaged keys file is
 * passed over, a wrong passphrase leaves nothing behind, and the new device
 * reads both compartments after importing every batch, with progress.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listDevices, nameThisDevice, thisDeviceId } from '../../../main/sync/devices';
import { vaultFolder } from '../../../main/sync/folder';
import { joinFromFolder } from '../../../main/sync/join';
import type { ExchangeProgress } from '../../../main/sync/vaultFolderSync';
import { exchange } from '../../../main/sync/vaultFolderSync';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import type { Vault } from '../../../main/vault/vaultApi';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE, tempDir } from '../../helpers/tempVault';
import { expectCode } from '../vault/tamper';

const PROGRESS_CANARY = 'CANARY-JOIN-PROGRESS-3e8d';
const PSYCH_CANARY = 'CANARY-JOIN-PSYCHOTHERAPY-a41f';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function firstDevice() {
  const made = await createdVault();
  cleanups.push(() => made.dispose());
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const vault = made.vault;
  await vault.openPsychotherapy(PSYCH_PASSPHRASE);
  nameThisDevice(vault.syncContext(), 'Office desktop');
  const client = vault.clients.create({ name: 'Joining Client' });
  const session = vault.sessions.create({ clientId: client.id, date: '2026-12-01', startTime: '09:00', endTime: '09:50', modality: 'video' });
  const note = vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'NARRATIVE', fields: { narrative: PROGRESS_CANARY } });
  const psych = vault.psychotherapyNotes.create({ sessionId: session.id, text: PSYCH_CANARY });
  await exchange(vault.syncContext(), dir);
  const second = tempDir();
  cleanups.push(second.cleanup);
  return { vault, chosen: dir, client, note, psych, joinPath: join(second.dir, 'vault.sqlite') };
}

async function joined(options: Parameters<typeof joinFromFolder>[0]): Promise<Vault> {
  const vault = await joinFromFolder(options);
  cleanups.push(() => vault.close());
  return vault;
}

describe('joining a second device from the folder', () => {
  it('opens the keys file with the passphrase and imports every record of both compartments, with progress', async () => {
    const first = await firstDevice();
    const progress: ExchangeProgress[] = [];
    const vault = await joined({
      chosenFolder: first.chosen,
      passphrase: PASSPHRASE,
      path: first.joinPath,
      deviceName: 'Laptop',
      vaultOptions: { kdf: DEFAULT_KDF_PARAMS },
      onProgress: (step) => progress.push(step),
    });
    expect(vault.id()).toBe(first.vault.id());
    expect(vault.clients.get(first.client.id).name).toBe('Joining Client');
    expect(vault.progressNotes.get(first.note.id).fields).toEqual({ narrative: PROGRESS_CANARY });
    await expectCode(() => vault.psychotherapyNotes.get(first.psych.id), 'PSYCHOTHERAPY_LOCKED');
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(vault.psychotherapyNotes.get(first.psych.id).text).toBe(PSYCH_CANARY);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ imported: progress.at(-1)!.total, total: progress.at(-1)!.total });

    await exchange(first.vault.syncContext(), first.chosen);
    const names = listDevices(first.vault.syncContext()).map((device) => [device.id, device.name]);
    expect(names).toEqual([
      [thisDeviceId(first.vault.syncContext()), 'Office desktop'],
      [thisDeviceId(vault.syncContext()), 'Laptop'],
    ]);
    expect(thisDeviceId(vault.syncContext())).not.toBe(thisDeviceId(first.vault.syncContext()));

    const keysFolder = join(vaultFolder(first.chosen, vault.id()!), 'keys');
    for (const name of readdirSync(keysFolder)) {
      const bytes = readFileSync(join(keysFolder, name));
      for (const text of [PROGRESS_CANARY, PSYCH_CANARY, PASSPHRASE, 'Joining Client']) expect(bytes.includes(Buffer.from(text))).toBe(false);
    }
  });

  it('refuses a wrong passphrase and leaves no vault file behind', async () => {
    const first = await firstDevice();
    await expectCode(
      () => joinFromFolder({ chosenFolder: first.chosen, passphrase: 'not the passphrase', path: first.joinPath, deviceName: 'Laptop', vaultOptions: { kdf: DEFAULT_KDF_PARAMS } }),
      'WRONG_PASSPHRASE',
    );
    expect(existsSync(first.joinPath)).toBe(false);
  });

  it('passes over a newer keys file whose MAC does not verify: a planted slot is never taken', async () => {
    const first = await firstDevice();
    const keysFolder = join(vaultFolder(first.chosen, first.vault.id()!), 'keys');
    const real = readFileSync(join(keysFolder, 'k-1-1.tvsk'));
    const planted = Buffer.from(real);
    planted.writeUInt8(planted.readUInt8(planted.length - 40) ^ 1, planted.length - 40);
    writeFileSync(join(keysFolder, 'k-1-2.tvsk'), planted);
    writeFileSync(join(keysFolder, 'k-1-3.tvsk'), real.subarray(0, 50));
    const vault = await joined({ chosenFolder: first.chosen, passphrase: PASSPHRASE, path: first.joinPath, deviceName: 'Laptop', vaultOptions: { kdf: DEFAULT_KDF_PARAMS } });
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(vault.psychotherapyNotes.get(first.psych.id).text).toBe(PSYCH_CANARY);
  });
});
