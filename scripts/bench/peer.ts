import Peer from 'better-sqlite3-multiple-ciphers';
import { pbkdf2Sync } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import type { Connection } from './plainStore';
import { applyVaultPragmas } from './plainStore';

/**
 * The peer a therapist would otherwise pick: the whole file encrypted, SQLCipher 4
 * scheme (SQLite3 Multiple Ciphers, cipher=sqlcipher, legacy=4): AES-256-CBC pages
 * with an HMAC-SHA512 each, and the page key derived from the passphrase with
 * PBKDF2-HMAC-SHA512 over the 16-byte salt stored at the start of the file.
 */
export const PEER_SCHEME = {
  library: 'better-sqlite3-multiple-ciphers (SQLite3 Multiple Ciphers)',
  cipher: 'sqlcipher',
  legacy: 4,
  pages: 'AES-256-CBC, HMAC-SHA512 per page',
  kdf: 'PBKDF2-HMAC-SHA512',
  kdfIterations: 256_000,
} as const;

const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** A passphrase goes through the KDF; a raw key (32-byte key then the file's 16-byte salt) skips it. */
export type PeerKey = { passphrase: string } | { raw: Buffer };

function keyPragma(key: PeerKey): string {
  if ('raw' in key) return `key = "x'${key.raw.toString('hex')}'"`;
  return `key = '${key.passphrase.replaceAll("'", "''")}'`;
}

export function openPeer(path: string, key: PeerKey): Connection {
  const db = new Peer(path) as unknown as Connection;
  try {
    db.pragma(`cipher = '${PEER_SCHEME.cipher}'`);
    db.pragma(`legacy = ${PEER_SCHEME.legacy}`);
    db.pragma(keyPragma(key));
    applyVaultPragmas(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The page key the passphrase derives to, with the file's salt: what the peer
 * holds once its KDF has run, so "unlock without the KDF" can be measured.
 */
export function peerRawKey(path: string, passphrase: string): Buffer {
  const salt = Buffer.alloc(SALT_BYTES);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, salt, 0, SALT_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  const key = pbkdf2Sync(passphrase, salt, PEER_SCHEME.kdfIterations, KEY_BYTES, 'sha512');
  return Buffer.concat([key, salt]);
}
