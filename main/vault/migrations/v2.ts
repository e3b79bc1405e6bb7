import type { Migration } from './migration';

/**
 * Format 2: a key slot's AAD names its key version (keySlots.ts). The schema
 * is unchanged, and slots cannot be rewrapped here, where no key is at hand:
 * each format-1 slot is rewrapped the first time it opens. The version still
 * goes up, so an older app refuses the file (NEWER_FORMAT) instead of taking
 * a rewrapped slot for a wrong passphrase.
 */
export const v2: Migration = {
  version: 2,
  up() {},
};
