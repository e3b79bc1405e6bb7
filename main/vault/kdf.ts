/*
 * Argon2id runs in a worker thread: a 64 MiB derivation takes about half a
 * second, and the Electron main process must keep answering the window meanwhile.
 *
 * The worker is evaluated from source so it needs no separate build entry; it
 * loads the same libsodium build the main thread resolves.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { KdfParams } from './kdfParams';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const sodium = require(workerData.sodiumPath);
sodium.ready.then(() => {
  const { passphrase, salt, opsLimit, memLimit } = workerData;
  try {
    const key = sodium.crypto_pwhash(
      32, passphrase, salt, opsLimit, memLimit, sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
    parentPort.postMessage({ key }, [key.buffer]);
  } catch (error) {
    parentPort.postMessage({ failed: true });
  }
});
`;

const sodiumPath = createRequire(import.meta.url).resolve('libsodium-wrappers-sumo');

export type DeriveKey = (passphrase: Uint8Array, salt: Uint8Array, params: KdfParams) => Promise<Uint8Array>;

export const deriveKeyInWorker: DeriveKey = (passphrase, salt, params) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        sodiumPath,
        passphrase,
        salt,
        opsLimit: params.opsLimit,
        memLimit: params.memLimit,
      },
    });
    let settled = false;
    worker.once('message', (message: { key?: Uint8Array; failed?: boolean }) => {
      settled = true;
      void worker.terminate();
      if (message.key) resolve(new Uint8Array(message.key.buffer, message.key.byteOffset, message.key.byteLength));
      else reject(new Error('Key derivation failed'));
    });
    worker.once('error', () => {
      if (!settled) reject(new Error('Key derivation worker failed'));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`Key derivation worker exited with code ${code}`));
    });
  });
