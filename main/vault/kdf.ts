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
import { DEFAULT_KDF_PARAMS, tunedParams } from './kdfParams';

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

/**
 * Times Argon2id alone, inside the worker once libsodium is loaded: the
 * worker's start-up and the first call's WebAssembly warm-up (memory growth,
 * compilation) are left out by deriving once before the timed call.
 */
const TIMING_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const sodium = require(workerData.sodiumPath);
sodium.ready.then(() => {
  const { opsLimit, memLimit } = workerData;
  const salt = new Uint8Array(sodium.crypto_pwhash_SALTBYTES);
  const derive = () => sodium.crypto_pwhash(32, 'calibration', salt, opsLimit, memLimit, sodium.crypto_pwhash_ALG_ARGON2ID13);
  try {
    derive();
    const started = performance.now();
    derive();
    parentPort.postMessage({ elapsedMs: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ failed: true });
  }
});
`;

const sodiumPath = createRequire(import.meta.url).resolve('libsodium-wrappers-sumo');

export type DeriveKey = (passphrase: Uint8Array, salt: Uint8Array, params: KdfParams) => Promise<Uint8Array>;

/** Runs one worker source to its single message; `read` returns the result, or undefined for a refusal. */
function runWorker<T, M>(source: string, workerData: object, read: (message: M) => T | undefined, refused: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: { sodiumPath, ...workerData } });
    let settled = false;
    worker.once('message', (message: M) => {
      settled = true;
      void worker.terminate();
      const result = read(message);
      if (result !== undefined) resolve(result);
      else reject(new Error(refused));
    });
    worker.once('error', () => {
      if (!settled) reject(new Error('Key derivation worker failed'));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`Key derivation worker exited with code ${code}`));
    });
  });
}

export const deriveKeyInWorker: DeriveKey = (passphrase, salt, params) =>
  runWorker(
    WORKER_SOURCE,
    { passphrase, salt, opsLimit: params.opsLimit, memLimit: params.memLimit },
    (message: { key?: Uint8Array }) =>
      message.key && new Uint8Array(message.key.buffer, message.key.byteOffset, message.key.byteLength),
    'Key derivation failed',
  );

/** Milliseconds one Argon2id derivation at `params` takes, the derivation alone. */
export type TimeKdf = (params: KdfParams) => Promise<number>;

export const timeKdfInWorker: TimeKdf = (params) =>
  runWorker(
    TIMING_SOURCE,
    { opsLimit: params.opsLimit, memLimit: params.memLimit },
    (message: { elapsedMs?: number }) => message.elapsedMs,
    'Key derivation timing failed',
  );

/** Parameters for this machine: the operation count that makes one derivation take about TARGET_DERIVATION_MS. */
export async function calibrateKdf(time: TimeKdf = timeKdfInWorker): Promise<KdfParams> {
  return tunedParams(DEFAULT_KDF_PARAMS, await time(DEFAULT_KDF_PARAMS));
}
