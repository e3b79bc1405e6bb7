import type { RowVersion, SyncTable } from '../../../main/sync/changes';
import type { Hlc } from '../../../main/sync/hlc';

export const VAULT_ID = '8e0c5d7f4a2b9c1e3d6f0a8b7c5e4d21';
export const OTHER_VAULT_ID = '11112222333344445555666677778888';
export const DEVICE_A = 'a1'.repeat(16);
export const DEVICE_B = 'b2'.repeat(16);
export const DEVICE_C = 'c3'.repeat(16);
export const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);

export function hexId(n: number): string {
  return n.toString(16).padStart(32, '0');
}

/** A stand-in for a sealed row: the merge never opens it, so any bytes of the right shape do. */
export function fakeSealed(marker: string) {
  return { keyVersion: 1, nonce: new Uint8Array(24).fill(7), ciphertext: Uint8Array.from(Buffer.from(`${marker}:tag-0123456789`)) };
}

export function version(
  table: SyncTable,
  rowId: string,
  device: string,
  hlc: Hlc,
  options: Partial<Pick<RowVersion, 'final' | 'seen' | 'parentId' | 'audit'>> & { deleted?: boolean; marker?: string } = {},
): RowVersion {
  return {
    table,
    rowId,
    parentId: options.parentId ?? null,
    stamp: { hlc, device },
    final: options.final ?? false,
    sealed: options.deleted ? null : fakeSealed(options.marker ?? `${table}:${rowId}:${device}:${hlc.wall}.${hlc.logical}`),
    seen: options.seen ?? { [device]: hlc },
    ...(options.audit ? { audit: options.audit } : {}),
  };
}
