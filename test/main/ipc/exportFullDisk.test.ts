import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadExportFonts } from '../../../main/export/exportFonts';
import { createExportJobs } from '../../../main/export/exportJobs';
import { createDispatcher } from '../../../main/ipc/dispatch';
import type { Vault } from '../../../main/vault/vaultApi';
import { testServices } from '../../helpers/ipcServices';
import { createdVault } from '../../helpers/tempVault';
import { SAMPLE_PRACTICE, writeRecord } from '../export/fixtures';

/**
 * A disk that fills up part-way through any file write: half the bytes land,
 * then the write fails with ENOSPC, as a real full disk does.
 */
const disk = vi.hoisted(() => ({ full: false }));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  const writeSync = ((fd: number, buffer: Uint8Array, offset: number = 0, length: number = buffer.length - offset) => {
    if (!disk.full) return actual.writeSync(fd, buffer, offset, length);
    actual.writeSync(fd, buffer, offset, Math.floor(length / 2));
    throw enospc();
  }) as unknown as typeof actual.writeSync;
  const writeFileSync = ((path: string, data: Uint8Array, options?: object) => {
    if (!disk.full) return actual.writeFileSync(path, data, options);
    actual.writeFileSync(path, data.subarray(0, Math.floor(data.length / 2)), options);
    throw enospc();
  }) as unknown as typeof actual.writeFileSync;
  const patched = { ...actual, writeSync, writeFileSync };
  return { ...patched, default: patched };
});

let vault: Vault;
let dir: string;
let dispose: () => Promise<void>;

beforeAll(async () => {
  const made = await createdVault();
  ({ vault, dir, dispose } = made);
  vault.settings.save(SAMPLE_PRACTICE);
});
afterAll(() => dispose());

describe('an export onto a full disk', () => {
  it('leaves no file, truncated or temporary, and no disclosure or audit entry, and says why', async () => {
    const { client } = writeRecord(vault, { client: { name: 'Full Disk Example' }, notes: 2, seed: 3, firstDate: '2026-02-02' });
    const exportsDir = join(dir, 'exports');
    mkdirSync(exportsDir);
    const dispatch = createDispatcher(
      testServices(vault, {
        exports: createExportJobs({ loadFonts: loadExportFonts }),
        dialogs: { chooseSavePath: async () => join(exportsDir, 'record.pdf') },
      }),
    );
    const audits = vault.audit.list().length;

    disk.full = true;
    const result = await dispatch('export.progressNotes', {
      scope: { kind: 'record', clientId: client.id },
      basis: { kind: 'client-request' },
      includeDrafts: false,
      recipient: 'Bayview Health Plan',
      purpose: 'Utilization review',
    }).finally(() => (disk.full = false));

    expect(readdirSync(exportsDir)).toEqual([]);
    expect(vault.disclosures.listForClient(client.id)).toEqual([]);
    expect(vault.audit.list().slice(audits).map((entry) => entry.event)).not.toContain('export.created');
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not enough space/) } });
  });
});
