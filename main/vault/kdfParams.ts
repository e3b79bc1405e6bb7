/**
 * Argon2id parameters. They are stored in each passphrase slot, so a slot
 * made today still opens after the defaults are raised.
 */
export interface KdfParams {
  /** libsodium's crypto_pwhash_ALG_ARGON2ID13. */
  algorithm: 'argon2id13';
  opsLimit: number;
  /** Bytes. */
  memLimit: number;
}

export const MIN_OPS_LIMIT = 3;
export const MIN_MEM_LIMIT = 64 * 1024 * 1024;
/** Ceilings keep a hostile or corrupt slot from asking for hours of work or gigabytes of memory. */
export const MAX_OPS_LIMIT = 32;
export const MAX_MEM_LIMIT = 1024 * 1024 * 1024;

export const DEFAULT_KDF_PARAMS: KdfParams = {
  algorithm: 'argon2id13',
  opsLimit: MIN_OPS_LIMIT,
  memLimit: MIN_MEM_LIMIT,
};

export const TARGET_DERIVATION_MS = 500;

export function isAcceptableKdf(params: KdfParams): boolean {
  return (
    params.algorithm === 'argon2id13' &&
    Number.isInteger(params.opsLimit) &&
    Number.isInteger(params.memLimit) &&
    params.opsLimit >= MIN_OPS_LIMIT &&
    params.opsLimit <= MAX_OPS_LIMIT &&
    params.memLimit >= MIN_MEM_LIMIT &&
    params.memLimit <= MAX_MEM_LIMIT
  );
}

/**
 * Scales the operation count so one derivation takes about the target time
 * on this machine, given how long one derivation at `measured` params took.
 * Memory stays at the floor: raising it costs the user's RAM, raising ops only time.
 */
export function tunedParams(measured: KdfParams, elapsedMs: number): KdfParams {
  const perOp = elapsedMs / measured.opsLimit;
  const ops = Math.round(TARGET_DERIVATION_MS / Math.max(perOp, 1));
  return {
    ...measured,
    opsLimit: Math.min(MAX_OPS_LIMIT, Math.max(MIN_OPS_LIMIT, ops)),
  };
}
