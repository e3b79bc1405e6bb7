/*
 * Row and slot ids: 128 random bits as hex. They are stored in plaintext next
 * to the ciphertext, so they must say nothing about what the row holds.
 */
import type { Sodium } from './sodium';
import { randomBytes } from './sodium';

export function newId(sodium: Sodium): string {
  return sodium.to_hex(randomBytes(16));
}
