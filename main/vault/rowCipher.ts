/*
 * Row encryption: one JSON payload per row under XChaCha20-Poly1305-IETF with
 * a fresh random nonce. The AAD names the vault, table, row, compartment and
 * key version, so a ciphertext copied anywhere else fails to authenticate.
 */
import { VaultError } from '../../shared/errors';
import type { Compartment } from './compartments';
import type { EncryptedTable } from './tables';
import { compartmentOf } from './tables';
import type { CompartmentKey } from './keyRing';
import type { Sodium } from './sodium';
import { randomBytes } from './sodium';
import { openToText } from './aeadBlock';

export interface RowRef {
  vaultId: string;
  table: EncryptedTable;
  rowId: string;
}

export interface SealedRow {
  keyVersion: number;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

/**
 * What a ciphertext is: a row's payload, or the small summary sealed beside
 * a progress note (noteSummaries.ts). The AAD starts with it, so neither can
 * be passed off as the other.
 */
export type SealedPurpose = 'row' | 'summary';

export function rowAad(ref: RowRef, compartment: Compartment, keyVersion: number, purpose: SealedPurpose = 'row'): string {
  return `${purpose}|${ref.vaultId}|${ref.table}|${ref.rowId}|${compartment}|${keyVersion}`;
}

export function sealRow(
  sodium: Sodium,
  key: CompartmentKey,
  ref: RowRef,
  payload: unknown,
  purpose: SealedPurpose = 'row',
): SealedRow {
  const nonce = randomBytes(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const plaintext = sodium.from_string(JSON.stringify(payload));
  try {
    const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
      plaintext,
      rowAad(ref, compartmentOf(ref.table), key.version, purpose),
      null,
      nonce,
      key.key,
    );
    return { keyVersion: key.version, nonce, ciphertext };
  } finally {
    sodium.memzero(plaintext);
  }
}

function integrityError(ref: RowRef, purpose: SealedPurpose): VaultError {
  const what = purpose === 'row' ? 'row' : 'row summary';
  return new VaultError('INTEGRITY', `A ${ref.table} ${what} failed authentication (row ${ref.rowId})`, {
    table: ref.table,
    rowId: ref.rowId,
  });
}

/**
 * Decrypts and parses a row; any failure is INTEGRITY for that row, never
 * garbage. The plaintext never exists as bytes outside libsodium's heap block,
 * which is zeroed before this returns (aeadBlock.ts).
 */
export function openRow<T>(
  sodium: Sodium,
  key: CompartmentKey,
  ref: RowRef,
  sealed: SealedRow,
  purpose: SealedPurpose = 'row',
): T {
  if (
    sealed.keyVersion !== key.version ||
    sealed.nonce.length !== sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
  ) {
    throw integrityError(ref, purpose);
  }
  const text = openToText(
    sodium,
    key.key,
    sealed.nonce,
    sealed.ciphertext,
    rowAad(ref, compartmentOf(ref.table), sealed.keyVersion, purpose),
  );
  if (text === null) throw integrityError(ref, purpose);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw integrityError(ref, purpose);
  }
}
