import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../main/ipc/dispatch';
import type { VaultSearch } from '../../../main/search/vaultSearch';
import { createVaultSearch } from '../../../main/search/vaultSearch';
import type { Vault } from '../../../main/vault/vaultApi';
import type { SearchReply, SearchRequest } from '../../../shared/domain/search';
import type { IpcResult } from '../../../shared/ipc/result';
import { testServices } from '../../helpers/ipcServices';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { fastDerive } from '../ipc/fastDerive';

interface World {
  vault: Vault;
  search: VaultSearch;
  ask(request: SearchRequest): Promise<IpcResult<SearchReply>>;
  /** The ids found, through the bridge. */
  ids(text: string, filters?: SearchRequest['filters']): Promise<string[]>;
  dispatch: ReturnType<typeof createDispatcher>;
}

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

async function world(options: Parameters<typeof createVaultSearch>[1] = {}): Promise<World> {
  const made = await createdVault({ derive: fastDerive });
  const search = createVaultSearch(made.vault, options);
  disposers.push(async () => {
    search.stop();
    await made.dispose();
  });
  const dispatch = createDispatcher(testServices(made.vault, { search }));
  const ask = (request: SearchRequest) => dispatch('search.query', request) as Promise<IpcResult<SearchReply>>;
  return {
    vault: made.vault,
    search,
    dispatch,
    ask,
    async ids(text, filters) {
      const reply = await ask(filters ? { text, filters } : { text });
      if (!reply.ok) throw new Error(reply.error.code);
      return reply.data.results.map((result) => result.id);
    },
  };
}

function sessionFor(vault: Vault, clientId: string, date = '2026-03-02') {
  return vault.sessions.create({ clientId, date, startTime: '09:00', endTime: '09:50', modality: 'video' });
}

describe('search over the vault', () => {
  it('finds a saved note through the bridge, with ids and a highlighted snippet only', async () => {
    const { vault, search, ask } = await world();
    await search.built('progress');
    const client = vault.clients.create({ name: 'Renée Okafor' });
    const session = sessionFor(vault, client.id);
    const note = vault.progressNotes.saveDraft({
      sessionId: session.id,
      templateId: 'SOAP',
      fields: { subjective: 'Talked about the move to Montréal and sleeping badly.', plan: 'Sleep diary.' },
    });
    const reply = await ask({ text: 'montreal' });
    expect(reply).toEqual({
      ok: true,
      data: {
        building: false,
        psychotherapyIncluded: false,
        results: [
          {
            kind: 'progressNote',
            id: note.id,
            clientId: client.id,
            sessionId: session.id,
            date: '2026-03-02',
            template: 'SOAP',
            status: 'draft',
            field: 'subjective',
            snippet: [
              { text: 'Talked about the move to ', highlight: false },
              { text: 'Montréal', highlight: true },
              { text: ' and sleeping badly.', highlight: false },
            ],
            psychotherapy: false,
          },
        ],
      },
    });
    expect(await ask({ text: 'renee' })).toMatchObject({
      ok: true,
      data: { results: [{ kind: 'client', id: client.id, field: 'name' }] },
    });
  });

  it('shows an addendum hit with the addendum\'s own snippet, and a note hit with the note\'s, whatever the addenda hold', async () => {
    const { vault, search, ask } = await world();
    await search.built('progress');
    const client = vault.clients.create({ name: 'Ines Varga' });
    const session = sessionFor(vault, client.id);
    const draft = vault.progressNotes.saveDraft({
      sessionId: session.id,
      templateId: 'SOAP',
      fields: { subjective: 'Reported panic at the station.', plan: 'Breathing practice daily.' },
    });
    vault.progressNotes.sign(draft.id, 'Dr. Test');
    const first = vault.progressNotes.addAddendum({ noteId: draft.id, text: 'Panic eased once breathing practice began.', author: 'Dr. Test' });
    const second = vault.progressNotes.addAddendum({ noteId: draft.id, text: 'Medication unchanged.', author: 'Dr. Test' });
    const shown = async (text: string) => {
      const reply = await ask({ text });
      if (!reply.ok) throw new Error(reply.error.code);
      return reply.data.results.map((result) => [
        result.kind,
        result.id,
        result.field,
        result.snippet.map((part) => (part.highlight ? `[${part.text}]` : part.text)).join(''),
      ]);
    };
    expect(await shown('"medication unchanged"')).toEqual([['addendum', second.addenda[1]!.id, 'text', '[Medication unchanged].']]);
    expect(await shown('eased')).toEqual([['addendum', first.addenda[0]!.id, 'text', 'Panic [eased] once breathing practice began.']]);
    expect(await shown('"breathing practice"')).toEqual(
      expect.arrayContaining([
        ['progressNote', draft.id, 'plan', '[Breathing practice] daily.'],
        ['addendum', first.addenda[0]!.id, 'text', 'Panic eased once [breathing practice] began.'],
      ]),
    );
    expect((await shown('"breathing practice"')).length).toBe(2);
  });

  it('indexes what was in the vault before unlock, in slices after the unlock reply', async () => {
    const slices: (() => void)[] = [];
    const { vault, search, dispatch, ids } = await world({ later: (work) => slices.push(work), sliceMs: 0 });
    const clients = ['Ada Quill', 'Bo Quill', 'Cy Quill'].map((name) => vault.clients.create({ name }));
    for (const client of clients) {
      const session = sessionFor(vault, client.id);
      vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'DAP', fields: { data: `harbour walk ${client.name}` } });
    }
    await vault.lock();
    slices.length = 0;

    expect((await dispatch('vault.unlock', { passphrase: PASSPHRASE })).ok).toBe(true);
    const listed = await dispatch('clients.list', { includeArchived: false });
    expect(listed.ok && (listed.data as unknown[]).length).toBe(3);
    const during = await dispatch('search.query', { text: 'harbour' });
    expect(during).toMatchObject({ ok: true, data: { building: true, results: [] } });

    let ran = 0;
    while (slices.length > 0) {
      slices.shift()!();
      ran += 1;
    }
    // One slice reads the client list, then one client per slice when each may take no time at all.
    expect(ran).toBe(4);
    const build = await search.built('progress');
    expect(build).toMatchObject({ clients: 3, skippedClients: 0 });
    expect((await ids('harbour')).length).toBe(3);
  });

  it('follows every write: draft edits, session dates, signing, addenda, client names, session deletes', async () => {
    const { vault, search, ids, ask } = await world();
    await search.built('progress');
    const client = vault.clients.create({ name: 'Tomás Ibarra', chartNumber: 'TI-7' });
    const session = sessionFor(vault, client.id, '2026-02-10');
    const draft = vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { plan: 'Exposure ladder.' } });
    expect(await ids('exposure')).toEqual([draft.id]);

    vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { plan: 'Grounding skills.' } });
    expect(await ids('exposure')).toEqual([]);
    expect(await ids('grounding')).toEqual([draft.id]);
    expect(await ids('grounding', { status: 'signed' })).toEqual([]);

    vault.sessions.update(session.id, { clientId: client.id, date: '2026-04-01', startTime: '09:00', endTime: '09:50', modality: 'phone' });
    expect(await ids('grounding', { from: '2026-03-01' })).toEqual([draft.id]);
    expect(await ids('grounding', { to: '2026-02-28' })).toEqual([]);

    vault.progressNotes.sign(draft.id, 'Dr. Test');
    expect(await ids('grounding', { status: 'signed' })).toEqual([draft.id]);
    expect(await ids('grounding', { status: 'draft' })).toEqual([]);

    const withAddendum = vault.progressNotes.addAddendum({ noteId: draft.id, text: 'Corrected the medication name.', author: 'Dr. Test' });
    const addendum = withAddendum.addenda[0]!;
    const reply = await ask({ text: 'medication' });
    expect(reply.ok && reply.data.results.map((result) => [result.kind, result.id, result.sessionId, result.field])).toEqual([
      ['addendum', addendum.id, session.id, 'text'],
    ]);


    vault.clients.update(client.id, { name: 'Tomás Ibarra-Lund', chartNumber: 'TI-7' });
    expect(await ids('lund')).toEqual([client.id]);
    expect(await ids('grounding', { clientId: client.id })).toEqual([draft.id]);

    const spare = vault.sessions.create({ clientId: client.id, date: '2026-05-05', startTime: '09:00', endTime: '09:50', modality: 'video', location: 'Annex room' });
    expect(await ids('annex')).toEqual([spare.id]);
    vault.sessions.remove(spare.id);
    expect(await ids('annex')).toEqual([]);
    expect(search.index('progress')!.remove('session', spare.id)).toBe(false);
  });

  it('hears nothing of writes in a vault transaction that rolled back', async () => {
    const { vault, search, ids } = await world();
    await search.built('progress');
    expect(() =>
      vault.transaction(() => {
        vault.clients.create({ name: 'Rolled Back' });
        throw new Error('abandon');
      }),
    ).toThrow('abandon');
    expect(await ids('rolled')).toEqual([]);
    vault.transaction(() => vault.clients.create({ name: 'Kept Forward' }));
    expect((await ids('kept')).length).toBe(1);
  });
});

describe('the clinical record in search', () => {
  const planContent = (diagnosisId: string, problem: string) => ({
    problems: [
      {
        statement: problem,
        diagnosisIds: [diagnosisId],
        goals: [{ statement: 'Sleeps through the night', objectives: [{ statement: 'Sleep diary shows 6 hours', targetDate: '2026-09-01' }] }],
      },
    ],
    interventions: [{ description: 'Cognitive behavioral therapy for insomnia', frequency: 'weekly', modality: 'video' }],
  });

  it('indexes diagnoses, treatment plans and measures already in the vault when it unlocks', async () => {
    const { vault, search, dispatch, ask } = await world();
    const client = vault.clients.create({ name: 'Inès Vargas' });
    const diagnosis = vault.diagnoses.add({ clientId: client.id, code: 'F51.01', rank: 'primary', status: 'active' });
    const plan = vault.treatmentPlans.saveDraft({ clientId: client.id, content: planContent(diagnosis.id, 'Nightly rumination before bed') });
    const session = sessionFor(vault, client.id, '2026-03-09');
    const measure = vault.measures.record({ clientId: client.id, sessionId: session.id, instrument: 'gad7', responses: [2, 2, 2, 2, 2, 2, 2] });
    await vault.lock();
    expect((await dispatch('vault.unlock', { passphrase: PASSPHRASE })).ok).toBe(true);
    await search.built('progress');

    const found = async (text: string) => {
      const reply = await ask({ text });
      return reply.ok ? reply.data.results.map((result) => [result.kind, result.id, result.sessionId ?? null, result.field]) : reply.error.code;
    };
    expect(await found('INSOMNIA primary')).toEqual([['diagnosis', diagnosis.id, null, 'description']]);
    expect(await found('F51')).toEqual([['diagnosis', diagnosis.id, null, 'code']]);
    expect(await found('rumination')).toEqual([['treatmentPlan', plan.id, null, 'problems']]);
    expect(await found('"gad 7" moderate')).toEqual([['measure', measure.id, session.id, 'instrument']]);
  });

  it('follows diagnosis, plan and measure writes, with snippets, filters and removals', async () => {
    const { vault, search, ids, ask } = await world();
    await search.built('progress');
    const client = vault.clients.create({ name: 'Oskar Lind' });

    const diagnosis = vault.diagnoses.add({ clientId: client.id, code: 'F41.1', rank: 'primary', status: 'active' });
    expect(await ids('généralized anxiety')).toEqual([diagnosis.id]);
    vault.diagnoses.change(diagnosis.id, { rank: 'primary', status: 'resolved' });
    expect(await ids('anxiety', { clientId: client.id })).toEqual([diagnosis.id]);

    const draft = vault.treatmentPlans.saveDraft({ clientId: client.id, content: planContent(diagnosis.id, 'Avoids driving after the accident') });
    expect(await ids('driving', { status: 'draft' })).toEqual([draft.id]);
    expect(await ids('driving', { status: 'signed' })).toEqual([]);
    const signed = vault.treatmentPlans.sign(draft.id, 'Dr. Test');
    expect(await ids('driving', { status: 'signed' })).toEqual([signed.id]);
    const revision = vault.treatmentPlans.saveDraft({ clientId: client.id, content: planContent(diagnosis.id, 'Drives to work twice a week') });
    expect((await ids('insomnia')).sort()).toEqual([signed.id, revision.id].sort());
    vault.treatmentPlans.discardDraft(revision.id);
    expect(await ids('insomnia')).toEqual([signed.id]);

    const session = sessionFor(vault, client.id, '2026-06-02');
    const measure = vault.measures.record({ clientId: client.id, sessionId: session.id, instrument: 'phq9', responses: [3, 3, 3, 3, 3, 3, 2, 2, 1] });
    const reply = await ask({ text: 'severe' });
    expect(reply.ok && reply.data.results.map((result) => [result.kind, result.id, result.sessionId, result.date])).toEqual([
      ['measure', measure.id, session.id, '2026-06-02'],
    ]);
    const snippet = reply.ok ? reply.data.results[0]!.snippet : [];
    expect(snippet.filter((part) => part.highlight).map((part) => part.text)).toEqual(['severe']);
    expect(await ids('flagged')).toEqual([measure.id]);

    vault.measures.update(measure.id, [1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(await ids('severe')).toEqual([]);
    expect(await ids('phq mild')).toEqual([measure.id]);
    vault.sessions.update(session.id, { clientId: client.id, date: '2026-07-01', startTime: '09:00', endTime: '09:50', modality: 'video' });
    expect(await ids('phq', { from: '2026-06-15' })).toEqual([measure.id]);
    vault.measures.remove(measure.id);
    expect(await ids('phq')).toEqual([]);
  });
});

describe('psychotherapy notes in search', () => {
  it('are found, marked, only while the compartment is open and only when asked for', async () => {
    const { vault, search, ask, dispatch } = await world();
    const client = vault.clients.create({ name: 'Ines Park' });
    const session = sessionFor(vault, client.id);
    vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'Lighthouse dream recounted.' } });
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const process = vault.psychotherapyNotes.create({ sessionId: session.id, text: 'My own reaction to the lighthouse image.' });
    await search.built('psychotherapy');

    const kinds = async (includePsychotherapy: boolean) => {
      const reply = await ask({ text: 'lighthouse', filters: { includePsychotherapy } });
      if (!reply.ok) throw new Error(reply.error.code);
      return { included: reply.data.psychotherapyIncluded, hits: reply.data.results.map((r) => [r.kind, r.psychotherapy]) };
    };
    expect(await kinds(false)).toEqual({ included: false, hits: [['progressNote', false]] });
    expect(await kinds(true)).toEqual({ included: true, hits: [['progressNote', false], ['psychotherapyNote', true]] });

    vault.psychotherapyNotes.update(process.id, 'A beacon image, reworded.');
    expect((await kinds(true)).hits).toEqual([['progressNote', false]]);

    const psychotherapyIndex = search.index('psychotherapy')!;
    expect((await dispatch('psychotherapy.close', {})).ok).toBe(true);
    expect(psychotherapyIndex.closed).toBe(true);
    expect(search.index('psychotherapy')).toBeNull();
    const closed = await ask({ text: 'beacon', filters: { includePsychotherapy: true } });
    expect(closed).toEqual({ ok: true, data: { results: [], building: false, psychotherapyIncluded: false } });

    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    await search.built('psychotherapy');
    expect((await ask({ text: 'beacon', filters: { includePsychotherapy: true } })).ok).toBe(true);
    expect(search.index('psychotherapy')!.size()).toBe(1);
    vault.psychotherapyNotes.remove(process.id);
    expect(search.index('psychotherapy')!.size()).toBe(0);
  });
});

describe('search and the lock', () => {
  it('answers LOCKED after lock, with both in-memory databases closed', async () => {
    const { vault, search, ask } = await world();
    vault.clients.create({ name: 'Lockable Person' });
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    await Promise.all([search.built('progress'), search.built('psychotherapy')]);
    const progress = search.index('progress')!;
    const psychotherapy = search.index('psychotherapy')!;
    expect(progress.closed || psychotherapy.closed).toBe(false);

    await vault.lock();
    expect(progress.closed).toBe(true);
    expect(psychotherapy.closed).toBe(true);
    expect(search.index('progress')).toBeNull();
    expect(() => progress.size()).toThrow('Search is closed while the vault is locked');
    expect(await ask({ text: 'lockable' })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(() => search.search({ text: 'lockable' })).toThrow(expect.objectContaining({ code: 'LOCKED' }));
  });

  it('stops a build that the lock overtook', async () => {
    const slices: (() => void)[] = [];
    const { vault, search } = await world({ later: (work) => slices.push(work), sliceMs: 0 });
    vault.clients.create({ name: 'Half Built' });
    const built = search.built('progress');
    await vault.lock();
    while (slices.length > 0) slices.shift()!();
    expect(await built).toBeNull();
  });
});

describe('search on disk', () => {
  it('writes no file in the vault folder or the temp folder while indexing a real vault and answering queries', () => {
    const [cwd, tmp] = ['cwd-', 'tmp-'].map((prefix) => mkdtempSync(join(tmpdir(), `vault-search-files-${prefix}`)));
    disposers.push(async () => {
      for (const folder of [cwd!, tmp!]) rmSync(folder, { recursive: true, force: true });
    });
    const tsxLoader = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'loader.mjs');
    const run = spawnSync(process.execPath, ['--import', tsxLoader, join(import.meta.dirname, 'vaultFileWatchChild.ts')], {
      cwd,
      env: { ...process.env, TMPDIR: tmp, SQLITE_TMPDIR: tmp },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const seen = JSON.parse(run.stdout.trim().split('\n').pop()!) as { documents: number[]; events: string[]; left: string[] };
    // 20 clients; 800 sessions and 800 notes; 160 psychotherapy notes.
    expect(seen).toEqual({ documents: [1620, 160], events: [], left: [] });
  });
});
