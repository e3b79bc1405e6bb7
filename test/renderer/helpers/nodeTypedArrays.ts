/**
 * Vitest's jsdom environment replaces the global typed-array constructors
 * with jsdom's, while Node's Buffer and TextEncoder keep making Node's. The
 * real vault these tests talk to (libsodium checks `instanceof Uint8Array`)
 * then rejects Node's own buffers. Putting Node's constructors back makes
 * both sides agree; the DOM under test does not use typed arrays.
 * Import this first in a jsdom test file that opens a vault.
 */
const NAMES = [
  'Uint8Array',
  'Uint16Array',
  'Uint32Array',
  'Uint8ClampedArray',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
] as const;

const nodeGlobals = globalThis as unknown as Record<string, unknown>;
for (const name of NAMES) {
  const jsdomConstructor = nodeGlobals[name] as new (length: number) => object;
  // structuredClone is Node's, so its copy is built from Node's own constructor.
  nodeGlobals[name] = (structuredClone(new jsdomConstructor(0)) as { constructor: unknown }).constructor;
}
nodeGlobals.ArrayBuffer = Buffer.alloc(1).buffer.constructor;
