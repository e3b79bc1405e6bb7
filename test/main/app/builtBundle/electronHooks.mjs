// Node module-resolution hooks: every import of `electron` from the built bundle resolves to the
// recording stand-in beside this file, so the bundle runs in plain Node, where no Electron exists.
const STAND_IN = new URL('./electronStandIn.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: STAND_IN, shortCircuit: true };
  return nextResolve(specifier, context);
}
