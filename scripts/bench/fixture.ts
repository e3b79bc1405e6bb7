import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KdfParams } from '../../main/vault/kdfParams';
import { DEFAULT_KDF_PARAMS } from '../../main/vault/kdfParams';
import type { Vault } from '../../main/vault/vaultApi';
import { generateSyntheticVault } from '../../test/fixtures/syntheticVault';
import { openFloor } from './floor';
import { openPeer } from './peer';
import type { PlainRow, PlainRows } from './plainStore';
import { emptyPlainRows } from './plainStore';
import { fillPlainStore } from './plainStore';
import { AUTOSAVE_TEMPLATE, autosaveFields } from './workload';

/**
 * The three stores the bench compares, built once per seed and size and then
 * reused: the synthetic vault (written through the real vault API), and the
 * floor and the peer filled with the very payloads the vault decrypts to.
 */
export const VAULT_PASSPHRASE = 'synthetic bench vault passphrase';
export const PEER_PASSPHRASE = VAULT_PASSPHRASE;

/** Same as the app: settings are the one row with this id (main/vault/settings.ts). */
const SETTINGS_ROW_ID = '00000000000000000000000000000001';

export interface FixtureOptions {
  clients: number;
  sessionsPerClient: number;
  seed: number;
  cacheDir: string;
  log: (line: string) => void;
}

export interface FixtureManifest {
  key: string;
  seed: number;
  clients: number;
  sessions: number;
  progressNotes: number;
  signedNotes: number;
  addenda: number;
  psychotherapyNotes: number;
  kdf: KdfParams;
  /** A draft note added for the autosave figure, so it never depends on which notes the seed left unsigned. */
  autosaveSessionId: string;
  buildMs: { vault: number; copy: number };
  bytes: { vault: number; floor: number; peer: number };
}

export interface Fixture {
  dir: string;
  vaultPath: string;
  floorPath: string;
  peerPath: string;
  manifest: FixtureManifest;
  reused: boolean;
}

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Sources whose change changes the built stores: a cached set built by older code is not reused. */
const BUILD_SOURCES = [
  'test/fixtures/syntheticVault.ts',
  'test/fixtures/synthetic',
  'main/vault/migrations',
  'main/vault/tables.ts',
  'scripts/bench/fixture.ts',
  'scripts/bench/plainStore.ts',
  'scripts/bench/peer.ts',
];

function sourceDigest(): string {
  const hash = createHash('sha256');
  const files = BUILD_SOURCES.flatMap((relative) => {
    const path = join(ROOT, relative);
    return statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((name) => name.endsWith('.ts'))
          .sort()
          .map((name) => join(path, name))
      : [path];
  });
  for (const file of files) hash.update(file.slice(ROOT.length)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

const paths = (dir: string) => ({
  vaultPath: join(dir, 'vault.sqlite'),
  floorPath: join(dir, 'floor.sqlite'),
  peerPath: join(dir, 'peer.sqlite'),
  manifestPath: join(dir, 'manifest.json'),
});

/** The cache entry's name: seed, size, and a digest of the code that builds the stores. */
export function fixtureKey(options: Pick<FixtureOptions, 'seed' | 'clients' | 'sessionsPerClient'>): string {
  return `s${options.seed}-c${options.clients}-n${options.sessionsPerClient}-${sourceDigest()}`;
}

export type StorePaths = Pick<Fixture, 'vaultPath' | 'floorPath' | 'peerPath'>;

/**
 * The three stores copied into `dir` for one run. A run writes to them (the
 * autosave figure saves a draft 300 times, every unlock and lock is audited),
 * so reusing the cache in place started each run from the files the last one
 * left; the cached set now stays as built.
 */
export function workingCopy(fixture: StorePaths, dir: string): StorePaths {
  const copy = paths(dir);
  for (const store of ['vaultPath', 'floorPath', 'peerPath'] as const) {
    // The write-ahead log holds committed pages too; the shared-memory index is rebuilt from it.
    for (const suffix of ['', '-wal']) {
      if (existsSync(`${fixture[store]}${suffix}`)) copyFileSync(`${fixture[store]}${suffix}`, `${copy[store]}${suffix}`);
    }
  }
  return { vaultPath: copy.vaultPath, floorPath: copy.floorPath, peerPath: copy.peerPath };
}

export async function prepareFixture(options: FixtureOptions): Promise<Fixture> {
  const key = fixtureKey(options);
  const dir = join(options.cacheDir, key);
  const { manifestPath, ...files } = paths(dir);
  if (existsSync(manifestPath)) {
    options.log(`Reusing the bench vault in ${dir}`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as FixtureManifest;
    return { dir, ...files, manifest, reused: true };
  }
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  try {
    const manifest = await build(building, key, options);
    writeFileSync(paths(building).manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
    return { dir, ...files, manifest, reused: false };
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
}

async function build(dir: string, key: string, options: FixtureOptions): Promise<FixtureManifest> {
  const { vaultPath, floorPath, peerPath } = paths(dir);
  const sessions = options.clients * options.sessionsPerClient;
  options.log(`Building the bench vault: ${options.clients} clients, ${sessions} sessions, seed ${options.seed} (once; reused after)`);
  const vaultStarted = performance.now();
  const { vault, summary } = await generateSyntheticVault({
    path: vaultPath,
    clients: options.clients,
    sessionsPerClient: options.sessionsPerClient,
    seed: options.seed,
    passphrase: VAULT_PASSPHRASE,
    kdf: DEFAULT_KDF_PARAMS,
  });
  const vaultMs = performance.now() - vaultStarted;
  options.log(`  vault written in ${(vaultMs / 1000).toFixed(1)} s; copying its decrypted rows to the floor and the peer`);
  const copyStarted = performance.now();
  const { autosaveSessionId, rows } = await finishAndRead(vault, summary.clientIds[0]!);
  const floor = openFloor(floorPath);
  try {
    fillPlainStore(floor, rows);
  } finally {
    floor.close();
  }
  const peer = openPeer(peerPath, { passphrase: PEER_PASSPHRASE });
  try {
    fillPlainStore(peer, rows);
  } finally {
    peer.close();
  }
  return {
    key,
    seed: options.seed,
    clients: rows.clients.length,
    sessions: rows.sessions.length,
    progressNotes: rows.progress_notes.length,
    signedNotes: summary.signedNotes,
    addenda: rows.addenda.length,
    psychotherapyNotes: rows.psychotherapy_notes.length,
    kdf: DEFAULT_KDF_PARAMS,
    autosaveSessionId,
    buildMs: { vault: Math.round(vaultMs), copy: Math.round(performance.now() - copyStarted) },
    bytes: { vault: statSync(vaultPath).size, floor: statSync(floorPath).size, peer: statSync(peerPath).size },
  };
}

/** Adds the autosave draft, then reads every record back decrypted; closes the vault either way. */
async function finishAndRead(vault: Vault, clientId: string): Promise<{ autosaveSessionId: string; rows: PlainRows }> {
  try {
    const autosaveSessionId = addAutosaveDraft(vault, clientId);
    await vault.openPsychotherapy(VAULT_PASSPHRASE);
    return { autosaveSessionId, rows: decryptedRows(vault) };
  } finally {
    await vault.close();
  }
}

function addAutosaveDraft(vault: Vault, clientId: string): string {
  return vault.transaction(() => {
    const session = vault.sessions.create({
      clientId,
      date: '2025-06-27',
      startTime: '16:00',
      endTime: '16:50',
      modality: 'in-person',
    });
    vault.progressNotes.saveDraft({
      sessionId: session.id,
      templateId: AUTOSAVE_TEMPLATE,
      fields: autosaveFields(AUTOSAVE_TEMPLATE, 0),
    });
    return session.id;
  });
}

/** The row as the vault seals it: the payload holds everything but the row id. */
function plainRow(record: { id: string }, parent: string | null, omit: readonly string[] = []): PlainRow {
  const payload: Record<string, unknown> = { ...record };
  for (const field of ['id', ...omit]) delete payload[field];
  return { id: record.id, parent, payload: JSON.stringify(payload) };
}

/** Every record of both compartments, read back through the vault API. */
function decryptedRows(vault: Vault): PlainRows {
  const rows = emptyPlainRows();
  rows.settings.push({ id: SETTINGS_ROW_ID, parent: null, payload: JSON.stringify(vault.settings.get()) });
  for (const client of vault.clients.list({ includeArchived: true })) {
    rows.clients.push(plainRow(client, null));
    for (const session of vault.sessions.listForClient(client.id)) {
      rows.sessions.push(plainRow(session, client.id));
      for (const note of vault.psychotherapyNotes.listForSession(session.id)) {
        rows.psychotherapy_notes.push(plainRow(note, session.id));
      }
    }
    for (const { note } of vault.progressNotes.listForClient(client.id, { includeDrafts: true })) {
      rows.progress_notes.push(plainRow(note, note.sessionId, ['addenda']));
      for (const addendum of note.addenda) rows.addenda.push(plainRow(addendum, note.id));
    }
    for (const disclosure of vault.disclosures.listForClient(client.id)) {
      rows.disclosures.push(plainRow(disclosure, client.id));
    }
    for (const appointment of vault.standingAppointments.listForClient(client.id)) {
      rows.standing_appointments.push(plainRow(appointment, client.id));
    }
    for (const authorization of vault.authorizations.listForClient(client.id)) {
      rows.authorizations.push(plainRow(authorization, client.id, ['status']));
    }
    for (const request of vault.accessRequests.listForClient(client.id)) {
      rows.access_requests.push(plainRow(request, client.id, ['status', 'dueOn', 'daysLeft']));
    }
    for (const diagnosis of vault.diagnoses.listForClient(client.id)) {
      for (const version of diagnosis.history) rows.diagnoses.push(plainRow(version, client.id));
    }
    const plans = vault.treatmentPlans.getRecord(client.id);
    for (const plan of [...plans.history, ...(plans.draft ? [plans.draft] : [])]) {
      rows.treatment_plans.push(plainRow(plan, client.id));
    }
    for (const measure of vault.measures.listForClient(client.id)) {
      rows.outcome_measures.push(plainRow(measure, measure.sessionId, ['date']));
    }
  }
  return rows;
}
