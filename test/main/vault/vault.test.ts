import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import type { Vault } from '../../../main/vault/vaultApi';
import { openVault } from '../../../main/vault/vault';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE, tempDir } from '../../helpers/tempVault';
import { KeyRing } from '../../../main/vault/keyRing';
import { loadSodium } from '../../../main/vault/sodium';
import { expectCode, withRawFile } from './tamper';

function uncreated() {
  const { dir, cleanup } = tempDir();
  return { path: join(dir, 'vault.sqlite'), cleanup };
}

describe('vault lifecycle', () => {
  let made: Awaited<ReturnType<typeof createdVault>>;
  beforeAll(async () => {
    made = await createdVault();
  });
  afterAll(async () => {
    await made?.dispose();
  });

  it('is open after creation and returns a recovery key once', () => {
    expect(made.vault.state()).toBe('open');
    expect(made.vault.isCreated()).toBe(true);
    expect(made.recoveryKey).toMatch(/^([0-9a-f]{8}-){7}[0-9a-f]{8}$/);
  });

  it('stores a client, a session and a SOAP note and reads them back after lock and unlock', async () => {
    const { vault } = made;
    const client = vault.clients.create({ name: 'Zoë Ørsted-Núñez', dateOfBirth: '1990-04-02' });
    const session = vault.sessions.create({
      clientId: client.id,
      date: '2026-11-20',
      startTime: '10:00',
      endTime: '10:50',
      modality: 'in-person',
    });
    vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'slept better' } });
    await vault.lock('manual');
    expect(vault.state()).toBe('locked');
    await vault.unlock(PASSPHRASE);
    const note = vault.progressNotes.getForSession(session.id);
    expect(note?.fields).toEqual({ subjective: 'slept better', objective: '', assessment: '', plan: '' });
    expect(vault.clients.list().map((c) => c.name)).toEqual(['Zoë Ørsted-Núñez']);
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(vault.state()).toBe('open+psychotherapy');
    vault.closePsychotherapy();
    expect(vault.state()).toBe('open');
  });

  it('refuses a wrong passphrase with WRONG_PASSPHRASE and stays locked, in both compartments', async () => {
    const { vault } = made;
    await expectCode(() => vault.openPsychotherapy(PASSPHRASE), 'WRONG_PASSPHRASE');
    expect(vault.state()).toBe('open');
    await vault.lock('manual');
    const error = await expectCode(() => vault.unlock(PSYCH_PASSPHRASE), 'WRONG_PASSPHRASE');
    expect(error.message).not.toContain(PSYCH_PASSPHRASE);
    expect(vault.state()).toBe('locked');
  });

  it('answers LOCKED to every repository call while locked, whatever the arguments', async () => {
    expect(made.vault.state()).toBe('locked');
    const namespaces = (Object.entries(made.vault) as [string, unknown][]).filter(
      (entry): entry is [string, Record<string, unknown>] => typeof entry[1] === 'object' && entry[1] !== null,
    );
    expect(namespaces.map(([name]) => name)).toEqual(
      expect.arrayContaining(['clients', 'sessions', 'progressNotes', 'psychotherapyNotes', 'settings', 'audit']),
    );
    let calls = 0;
    for (const [, namespace] of namespaces) {
      for (const method of Object.values(namespace)) {
        if (typeof method !== 'function') continue;
        calls += 1;
        await expectCode(() => method('a'.repeat(32), { name: 'x' }), 'LOCKED');
      }
    }
    expect(calls).toBeGreaterThanOrEqual(20);
  });

  it('answers LOCKED to opening the psychotherapy compartment and to transactions while locked', async () => {
    await expectCode(() => made.vault.openPsychotherapy(PSYCH_PASSPHRASE), 'LOCKED');
    await expectCode(() => made.vault.transaction(() => 1), 'LOCKED');
    expect(made.vault.state()).toBe('locked');
  });

  it('refuses to create twice, to create with a short passphrase or weak KDF, and to unlock before creation', async () => {
    await expectCode(() => made.vault.create({ passphrase: 'another long passphrase' }), 'VAULT_EXISTS');

    const { path, cleanup } = uncreated();
    const blank = await openVault(path, { kdf: { ...DEFAULT_KDF_PARAMS, opsLimit: 1 } });
    try {
      expect(blank.isCreated()).toBe(false);
      await expectCode(() => blank.unlock(PASSPHRASE), 'NO_VAULT');
      await expectCode(() => blank.create({ passphrase: 'too short' }), 'INVALID_INPUT');
      await expectCode(() => blank.create({ passphrase: PASSPHRASE }), 'INVALID_INPUT');
      expect(blank.isCreated()).toBe(false);
    } finally {
      await blank.close();
      cleanup();
    }
  });
});

/**
 * Canary strings in every kind of field, in both compartments: none may
 * appear in the vault's bytes on disk, in any common encoding.
 */
const CANARIES = {
  clientName: 'CanaryClientName-Qx7Zr',
  clientNonAscii: 'Zoë Canaryńska-Ωmega',
  chartNumber: 'CanaryChart-Lk20',
  location: 'CanaryLocation-Rt55',
  progressText: 'CanaryProgressText-Vb93L',
  addendum: 'CanaryAddendum-Hp44',
  psychotherapyText: 'CanaryPsychotherapyText-Mn28K',
  clinician: 'CanaryClinician-Jd61',
};

function encodings(text: string): Buffer[] {
  const utf16le = Buffer.from(text, 'utf16le');
  return [Buffer.from(text, 'utf8'), utf16le, Buffer.from(utf16le).swap16()];
}

function canariesIn(bytes: Buffer): string[] {
  return Object.values(CANARIES).filter((canary) => encodings(canary).some((encoded) => bytes.includes(encoded)));
}

/**
 * The open vault holds an OS lock on its file, which POSIX drops if this
 * process opens and closes the file by any other descriptor; another process
 * takes the snapshot instead.
 */
function snapshotFromAnotherProcess(paths: string[], dir: string): Buffer[] {
  const pairs = paths.map((path, index) => [path, join(dir, `snapshot-${index}`)]);
  execFileSync(process.execPath, [
    '-e',
    "for (const [from, to] of JSON.parse(process.argv[1])) require('node:fs').copyFileSync(from, to)",
    JSON.stringify(pairs),
  ]);
  return pairs.map(([, copy]) => readFileSync(copy!));
}

describe('a vault with canary content in both compartments', () => {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'vault.sqlite');
  let vault: Vault;

  beforeAll(async () => {
    vault = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
    // One passphrase for both compartments: the psychotherapy slot falls back to it.
    await vault.create({ passphrase: PASSPHRASE });
    await vault.openPsychotherapy(PASSPHRASE);
    const first = vault.clients.create({ name: CANARIES.clientName, chartNumber: CANARIES.chartNumber });
    const second = vault.clients.create({ name: CANARIES.clientNonAscii });
    for (const client of [first, second]) {
      const session = vault.sessions.create({
        clientId: client.id,
        date: '2026-09-09',
        startTime: '13:00',
        endTime: '13:50',
        modality: 'in-person',
        location: CANARIES.location,
      });
      const note = vault.progressNotes.saveDraft({
        sessionId: session.id,
        templateId: 'NARRATIVE',
        fields: { narrative: CANARIES.progressText },
      });
      vault.progressNotes.sign(note.id, 'Dr Canary');
      vault.progressNotes.addAddendum({ noteId: note.id, text: CANARIES.addendum, author: 'Dr Canary' });
      vault.psychotherapyNotes.create({ sessionId: session.id, text: CANARIES.psychotherapyText });
    }
    vault.settings.save({ ...vault.settings.get(), clinicianName: CANARIES.clinician });
  });
  afterAll(async () => {
    await vault?.close();
    cleanup();
  });

  let beforeCheckpoint: Buffer;

  it('keeps every canary out of the vault file and its WAL before a checkpoint', () => {
    expect(existsSync(`${path}-wal`)).toBe(true);
    const [main, wal] = snapshotFromAnotherProcess([path, `${path}-wal`], dir);
    beforeCheckpoint = main!;
    expect(wal!.length).toBeGreaterThan(0);
    expect(canariesIn(main!)).toEqual([]);
    expect(canariesIn(wal!)).toEqual([]);
    expect(canariesIn(Buffer.concat([main!, wal!, Buffer.from(CANARIES.clientName)]))).toEqual([CANARIES.clientName]);
  });

  it('keeps every canary out of the vault file after closing checkpoints the WAL into it', async () => {
    await vault.close();
    const walLeft = existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
    expect(walLeft).toBe(0);
    const main = readFileSync(path);
    expect(main.equals(beforeCheckpoint)).toBe(false);
    expect(canariesIn(main)).toEqual([]);
  });

  it('reopens in a new process, which reads back what this one wrote', async () => {
    const root = resolve(import.meta.dirname, '../../..');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(root, 'test/fixtures/reopenVault.ts'), path],
      { cwd: root, env: { ...process.env, TV_PASSPHRASE: PASSPHRASE }, timeout: 60_000 },
    );
    const seen = JSON.parse(stdout) as {
      clients: string[];
      sessions: number;
      progressNotes: number;
      progressTexts: string[];
      psychotherapyNotes: string[];
    };
    expect(seen).toEqual({
      clients: [CANARIES.clientName, CANARIES.clientNonAscii],
      sessions: 2,
      progressNotes: 2,
      progressTexts: [CANARIES.progressText, CANARIES.progressText],
      psychotherapyNotes: [CANARIES.psychotherapyText, CANARIES.psychotherapyText],
    });
  });
});

describe('a failure after the key is unwrapped', () => {
  it('leaves the vault locked and the key wiped when the unlock cannot be recorded', async () => {
    const made = await createdVault();
    try {
      await made.vault.close();
      withRawFile(made.path, (db) =>
        db.exec("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'refused'); END;"),
      );
      const ring = new KeyRing(await loadSodium());
      const reopened = await openVault(made.path, { kdf: DEFAULT_KDF_PARAMS, keyRing: ring });
      const states: string[] = [];
      reopened.onStateChange((state) => states.push(state));
      await expect(reopened.unlock(PASSPHRASE)).rejects.toThrow();
      expect(reopened.state()).toBe('locked');
      expect(ring.has('progress')).toBe(false);
      expect(states).toEqual([]);
      await reopened.close();
    } finally {
      await made.dispose();
    }
  });
});
