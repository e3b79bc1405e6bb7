/**
 * The child side of memory.ts: opens one store, lists every client, lets the
 * vault build its search index, opens every client's page and every note
 * once, and prints process.memoryUsage() as one JSON line. Not meant to be run by hand.
 */
import { tmpdir } from 'node:os';
import { loadExportFonts } from '../../main/export/exportFonts';
import type { Engine } from './engines';
import { openPlainEngine, openVaultEngine } from './engines';
import { openFloor } from './floor';
import type { MemoryProbe, ProbeRequest } from './memory';
import { snapshot } from './memory';
import { openPeer } from './peer';

/** The store, and what to wait for before the walk: the vault's search index, built after unlock; the floor and the peer have none. */
async function open(request: ProbeRequest): Promise<{ engine: Engine; indexBuilt(): Promise<unknown> }> {
  const scratch = tmpdir();
  switch (request.store) {
    case 'vault': {
      const engine = await openVaultEngine(request.path, request.passphrase, loadExportFonts, scratch, { buildSearch: true });
      return { engine, indexBuilt: () => engine.searchBuilt() };
    }
    case 'floor':
      return { engine: openPlainEngine('floor', () => openFloor(request.path), loadExportFonts, scratch), indexBuilt: async () => {} };
    case 'peer':
      return {
        engine: openPlainEngine('peer', () => openPeer(request.path, { passphrase: request.passphrase }), loadExportFonts, scratch),
        indexBuilt: async () => {},
      };
  }
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with --expose-gc');
  gc();
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '') as ProbeRequest;
  collectGarbage();
  const baseline = snapshot();
  const started = performance.now();
  const { engine, indexBuilt } = await open(request);
  const clients = await engine.unlock(true);
  const unlocked = snapshot();
  // The window's main process holds the search index of the clinical record while the vault is open.
  await indexBuilt();
  const indexed = snapshot();
  let notesOpened = 0;
  for (const clientId of clients) {
    for (const session of await engine.timeline(clientId)) {
      if (await engine.openNote(session.id)) notesOpened += 1;
    }
  }
  const walkMs = Math.round(performance.now() - started);
  const opened = snapshot();
  collectGarbage();
  const afterGc = snapshot();
  await engine.close();
  const probe: MemoryProbe = { baseline, unlocked, indexed, open: opened, afterGc, clients: clients.length, notesOpened, walkMs };
  process.stdout.write(`${JSON.stringify(probe)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`memory probe: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
