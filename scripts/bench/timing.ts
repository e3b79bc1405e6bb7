import type { Engine, StoreName, VaultEngine } from './engines';
import { elapsedMs } from './stats';
import type { BenchSizes, Workload } from './workload';
import { AUTOSAVE_BYTES, autosaveFields, warmUpCount } from './workload';

/** Samples in milliseconds, per store. */
export type Samples = Record<StoreName, number[]>;
const emptySamples = (): Samples => ({ vault: [], floor: [], peer: [] });

/**
 * Times `op` on every store, `count` times each after a few untimed warm-ups,
 * rotating which store goes first so none always runs on the others' warm
 * caches. `index` counts up through warm-ups and samples alike.
 */
async function roundRobin(
  engines: readonly Engine[],
  count: number,
  op: (engine: Engine, index: number) => Promise<unknown>,
  warmUp = warmUpCount(count),
): Promise<Samples> {
  const samples = emptySamples();
  for (let index = 0; index < warmUp + count; index += 1) {
    for (let turn = 0; turn < engines.length; turn += 1) {
      const engine = engines[(turn + index) % engines.length]!;
      const ms = await elapsedMs(() => op(engine, index));
      if (index >= warmUp) samples[engine.name].push(ms);
    }
  }
  return samples;
}

/** Unlock (timed) then lock (timed separately), `count` times per store. */
async function unlockCycles(engines: readonly Engine[], count: number, withKdf: boolean) {
  const unlock = emptySamples();
  const lock = emptySamples();
  for (let index = 0; index < count; index += 1) {
    for (let turn = 0; turn < engines.length; turn += 1) {
      const engine = engines[(turn + index) % engines.length]!;
      unlock[engine.name].push(await elapsedMs(() => engine.unlock(withKdf)));
      lock[engine.name].push(await elapsedMs(() => engine.lock()));
    }
  }
  return { unlock, lock };
}

async function psychotherapyOpens(vault: VaultEngine, count: number, withKdf: boolean): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) {
    samples.push(await elapsedMs(() => vault.openPsychotherapy(withKdf)));
    await vault.closePsychotherapy();
  }
  return samples;
}

/** Every timed sample of one run, per store. */
export interface Timings {
  unlock: Samples;
  quickUnlock: Samples;
  lock: Samples;
  list: Samples;
  timeline: Samples;
  note: Samples;
  autosave: Samples;
  psychotherapyOpen: number[];
  psychotherapyQuickOpen: number[];
  psychotherapyList: Samples;
  singleExport: Samples;
  recordExport: Samples;
  /** The Argon2id derivations inside the timed unlocks. */
  derivationsMs: number[];
  clients: number;
  exportedNotes: { note: number; record: number };
}

export async function timeOperations(
  engines: readonly Engine[],
  vault: VaultEngine,
  workload: Workload,
  sizes: BenchSizes,
  log: (line: string) => void,
): Promise<Timings> {
  const at = <T>(list: readonly T[], index: number) => list[index % list.length]!;
  log(`Unlocking with the KDF (${sizes.unlocks}x per store)`);
  await unlockCycles(engines, 1, true);
  const derivedBefore = vault.derivationsMs.length;
  const slow = await unlockCycles(engines, sizes.unlocks, true);
  const derivationsMs = vault.derivationsMs.slice(derivedBefore);
  log(`Unlocking without the KDF and locking (${sizes.quickUnlocks}x per store)`);
  const quick = await unlockCycles(engines, sizes.quickUnlocks, false);
  let clients = 0;
  for (const engine of engines) clients = (await engine.unlock(false)).length;

  log(`Listing clients, opening pages and notes (${sizes.timelines} pages, ${sizes.noteOpens} notes)`);
  const list = await roundRobin(engines, sizes.timelines, (engine) => engine.listClients());
  const timeline = await roundRobin(engines, sizes.timelines, (engine, index) =>
    engine.timeline(at(workload.timelineClients, index)),
  );
  const note = await roundRobin(engines, sizes.noteOpens, (engine, index) => engine.openNote(at(workload.noteSessions, index)));

  log(`Autosaving a ${AUTOSAVE_BYTES / 1024} KB note (${sizes.autosaves}x per store)`);
  const { sessionId, templateId } = workload.autosave;
  const autosave = await roundRobin(engines, sizes.autosaves, (engine, index) =>
    engine.autosave(sessionId, templateId, autosaveFields(templateId, index + 1)),
  );

  log(`Opening the psychotherapy compartment (${sizes.psychotherapyOpens}x with the KDF, ${sizes.quickUnlocks}x without)`);
  const psychotherapyOpen = await psychotherapyOpens(vault, sizes.psychotherapyOpens, true);
  const psychotherapyQuickOpen = await psychotherapyOpens(vault, sizes.quickUnlocks, false);
  await vault.openPsychotherapy(false);
  const psychotherapyList = await roundRobin(engines, sizes.psychotherapyLists, (engine, index) =>
    engine.psychotherapyNotes(at(workload.psychotherapySessions, index)),
  );
  await vault.closePsychotherapy();

  const { clientId, from, to, notes } = workload.recordExport;
  log(`Exporting PDFs (1 note ${sizes.singleNoteExports}x, ${notes} notes ${sizes.recordExports}x per store)`);
  const exportedNotes = { note: 0, record: 0 };
  const singleExport = await roundRobin(
    engines,
    sizes.singleNoteExports,
    async (engine) => {
      exportedNotes.note = (await engine.exportPdf({ kind: 'note', noteId: workload.singleNoteExport })).notes;
    },
    1,
  );
  const recordExport = await roundRobin(
    engines,
    sizes.recordExports,
    async (engine) => {
      exportedNotes.record = (await engine.exportPdf({ kind: 'range', clientId, from, to })).notes;
    },
    1,
  );
  return {
    unlock: slow.unlock,
    quickUnlock: quick.unlock,
    lock: quick.lock,
    list,
    timeline,
    note,
    autosave,
    psychotherapyOpen,
    psychotherapyQuickOpen,
    psychotherapyList,
    singleExport,
    recordExport,
    derivationsMs,
    clients,
    exportedNotes,
  };
}

