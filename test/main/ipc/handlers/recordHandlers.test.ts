import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, ClientPsychotherapyNote, ProgressNote, PsychotherapyNote, Session } from '../../../../shared/domain/records';
import { DEFAULT_SETTINGS } from '../../../../shared/domain/schemas';
import type { Channel, RequestOf } from '../../../../shared/ipc/contract';
import type { IpcResult } from '../../../../shared/ipc/result';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import { HANDLERS } from '../../../../main/ipc/handlerTable';
import type { HandlerTable } from '../../../../main/ipc/handlerTypes';
import { recordHandlers } from '../../../../main/ipc/handlers/recordHandlers';
import type { Vault } from '../../../../main/vault/vaultApi';
import { testServices } from '../../../helpers/ipcServices';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../../helpers/tempVault';
import { fastDerive } from '../fastDerive';

const MISSING_ID = 'f'.repeat(32);

let vault: Vault;
let dispose: () => Promise<void>;
let dispatch: ReturnType<typeof createDispatcher>;

beforeAll(async () => {
  const made = await createdVault();
  vault = made.vault;
  dispose = made.dispose;
  dispatch = createDispatcher(testServices(vault));
});
afterAll(() => dispose());

async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<IpcResult<unknown>> {
  return dispatch(channel, request);
}

/** The data of a successful reply; fails the test with the error code otherwise. */
async function data<T>(channel: Channel, request: unknown): Promise<T> {
  const reply = await dispatch(channel, request);
  if (!reply.ok) throw new Error(`${channel} failed with ${reply.error.code}`);
  return reply.data as T;
}

function codeOf(reply: IpcResult<unknown>): string | null {
  return reply.ok ? null : reply.error.code;
}

const sessionInput = (clientId: string, date: string) => ({
  clientId,
  date,
  startTime: '10:00',
  endTime: '10:50',
  modality: 'in-person' as const,
});

describe('client handlers', () => {
  it('create, get, update and list a client', async () => {
    const created = await data<Client>('clients.create', { client: { name: 'Ada Quill', chartNumber: 'C-1' } });
    expect(created).toMatchObject({ name: 'Ada Quill', chartNumber: 'C-1', archived: false, id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(await data<Client>('clients.get', { id: created.id })).toEqual(created);
    const updated = await data<Client>('clients.update', { id: created.id, client: { name: 'Ada Quill-Byron' } });
    expect(updated.name).toBe('Ada Quill-Byron');
    const listed = await data<Client[]>('clients.list', { includeArchived: false });
    expect(listed.map((client) => client.id)).toContain(created.id);
  });

  it('setArchived hides a client from the default list and keeps it in the full one', async () => {
    const client = await data<Client>('clients.create', { client: { name: 'Archived Person' } });
    const archived = await data<Client>('clients.setArchived', { id: client.id, archived: true });
    expect(archived.archived).toBe(true);
    expect((await data<Client[]>('clients.list', { includeArchived: false })).map((c) => c.id)).not.toContain(client.id);
    expect((await data<Client[]>('clients.list', { includeArchived: true })).map((c) => c.id)).toContain(client.id);
  });

  it('answers NOT_FOUND for an id that names no client', async () => {
    expect(codeOf(await call('clients.get', { id: MISSING_ID }))).toBe('NOT_FOUND');
    expect(codeOf(await call('clients.update', { id: MISSING_ID, client: { name: 'Nobody' } }))).toBe('NOT_FOUND');
    expect(codeOf(await call('clients.setArchived', { id: MISSING_ID, archived: true }))).toBe('NOT_FOUND');
  });

  it('answers INVALID_INPUT for a blank name or an unexpected field, without echoing the input', async () => {
    const blank = await dispatch('clients.create', { client: { name: '   ' } });
    expect(codeOf(blank)).toBe('INVALID_INPUT');
    const extra = await dispatch('clients.create', { client: { name: 'Valid Name', diagnosisSecretField: 'Sensitive words' } });
    expect(codeOf(extra)).toBe('INVALID_INPUT');
    expect(JSON.stringify(extra)).not.toContain('Sensitive words');
  });
});

describe('session handlers', () => {
  let client: Client;

  beforeAll(async () => {
    client = await data<Client>('clients.create', { client: { name: 'Session Client' } });
  });

  it('create, get, update and list sessions, newest first, with a note summary and no note text', async () => {
    const first = await data<Session>('sessions.create', { session: sessionInput(client.id, '2026-01-05') });
    const second = await data<Session>('sessions.create', { session: sessionInput(client.id, '2026-01-12') });
    expect(await data<Session>('sessions.get', { id: first.id })).toEqual(first);
    const moved = await data<Session>('sessions.update', {
      id: first.id,
      session: { ...sessionInput(client.id, '2026-01-06'), modality: 'video' },
    });
    expect(moved).toMatchObject({ date: '2026-01-06', modality: 'video' });
    await data<ProgressNote>('progressNotes.saveDraft', {
      sessionId: second.id,
      templateId: 'DAP',
      fields: { data: 'text that stays out of the list' },
      basedOn: null,
    });
    const listed = await data<unknown[]>('sessions.listForClient', { clientId: client.id });
    expect(listed).toEqual([
      { ...second, note: { templateId: 'DAP', status: 'draft' } },
      { ...moved, note: null },
    ]);
    expect(JSON.stringify(listed)).not.toContain('text that stays out of the list');
  });

  it('answers NOT_FOUND for an unknown client or session', async () => {
    expect(codeOf(await call('sessions.create', { session: sessionInput(MISSING_ID, '2026-01-05') }))).toBe('NOT_FOUND');
    expect(codeOf(await call('sessions.listForClient', { clientId: MISSING_ID }))).toBe('NOT_FOUND');
    expect(codeOf(await call('sessions.get', { id: MISSING_ID }))).toBe('NOT_FOUND');
  });

  it('answers INVALID_INPUT for an end before the start and for moving a session to another client', async () => {
    const backwards = { ...sessionInput(client.id, '2026-02-01'), startTime: '11:00', endTime: '10:00' };
    expect(codeOf(await dispatch('sessions.create', { session: backwards }))).toBe('INVALID_INPUT');
    const other = await data<Client>('clients.create', { client: { name: 'Other Client' } });
    const session = await data<Session>('sessions.create', { session: sessionInput(client.id, '2026-02-02') });
    const move = await call('sessions.update', { id: session.id, session: sessionInput(other.id, '2026-02-02') });
    expect(codeOf(move)).toBe('INVALID_INPUT');
  });
});

describe('progress note handlers', () => {
  let client: Client;
  let earlier: Session;
  let later: Session;

  beforeAll(async () => {
    client = await data<Client>('clients.create', { client: { name: 'Note Client' } });
    earlier = await data<Session>('sessions.create', { session: sessionInput(client.id, '2026-03-02') });
    later = await data<Session>('sessions.create', { session: sessionInput(client.id, '2026-03-09') });
  });

  it('saveDraft creates then updates the draft; getForSession and previous read it back', async () => {
    expect(await data('progressNotes.getForSession', { sessionId: earlier.id })).toBeNull();
    const first = await data<ProgressNote>('progressNotes.saveDraft', { sessionId: earlier.id, templateId: 'SOAP', fields: { subjective: 'first' }, basedOn: null });
    const saved = await data<ProgressNote>('progressNotes.saveDraft', {
      sessionId: earlier.id,
      templateId: 'SOAP',
      fields: { subjective: 'second', plan: 'review' },
      basedOn: first.storedVersion ?? null,
    });
    expect(saved).toMatchObject({ status: 'draft', fields: { subjective: 'second', objective: '', assessment: '', plan: 'review' } });
    expect(await data('progressNotes.getForSession', { sessionId: earlier.id })).toEqual(saved);
    expect(await data('progressNotes.previous', { sessionId: later.id })).toEqual(saved);
    expect(await data('progressNotes.previous', { sessionId: earlier.id })).toBeNull();
  });

  it('sign refuses with SIGNER_NAME_MISSING until the clinician name is set, then signs with name and credentials', async () => {
    const note = await data<ProgressNote>('progressNotes.getForSession', { sessionId: earlier.id });
    expect(codeOf(await call('progressNotes.sign', { noteId: note.id }))).toBe('SIGNER_NAME_MISSING');
    expect(codeOf(await call('progressNotes.addAddendum', { noteId: note.id, text: 'no author yet' }))).toBe('SIGNER_NAME_MISSING');
    await data('settings.update', { settings: { ...DEFAULT_SETTINGS, clinicianName: '   ', credentials: 'PsyD' } });
    expect(codeOf(await call('progressNotes.sign', { noteId: note.id }))).toBe('SIGNER_NAME_MISSING');
    await data('settings.update', { settings: { ...DEFAULT_SETTINGS, clinicianName: 'Dr Rowan Hale', credentials: 'PsyD' } });
    const signed = await data<ProgressNote>('progressNotes.sign', { noteId: note.id });
    expect(signed).toMatchObject({ status: 'signed', signedBy: 'Dr Rowan Hale, PsyD', signedAt: expect.any(String) });
  });

  it('a draft is read with the stamp its next save sends back; a signed note, which no save goes over, without one', async () => {
    const draft = await data<ProgressNote>('progressNotes.getForSession', { sessionId: later.id });
    expect(draft).toBeNull();
    const saved = await data<ProgressNote>('progressNotes.saveDraft', { sessionId: later.id, templateId: 'SOAP', fields: { subjective: 'draft' }, basedOn: null });
    const read = await data<ProgressNote>('progressNotes.getForSession', { sessionId: later.id });
    expect(read.storedVersion).toMatch(/^[0-9a-f]{48}$/);
    expect(read.storedVersion).toBe(saved.storedVersion);
    const signed = await data<ProgressNote>('progressNotes.getForSession', { sessionId: earlier.id });
    expect(signed.status).toBe('signed');
    expect(signed).not.toHaveProperty('storedVersion');
    expect(await data('progressNotes.previous', { sessionId: later.id })).toEqual(signed);
  });

  it('a signed note answers NOTE_SIGNED to another draft save or signature', async () => {
    const note = await data<ProgressNote>('progressNotes.getForSession', { sessionId: earlier.id });
    const save = await call('progressNotes.saveDraft', { sessionId: earlier.id, templateId: 'SOAP', fields: { subjective: 'x' }, basedOn: note.storedVersion ?? null });
    expect(codeOf(save)).toBe('NOTE_SIGNED');
    expect(codeOf(await call('progressNotes.sign', { noteId: note.id }))).toBe('NOTE_SIGNED');
  });

  it('addAddendum appends a dated correction signed by the clinician; drafts refuse addenda', async () => {
    const note = await data<ProgressNote>('progressNotes.getForSession', { sessionId: earlier.id });
    const amended = await data<ProgressNote>('progressNotes.addAddendum', { noteId: note.id, text: 'Corrected the date of onset.' });
    expect(amended.addenda).toEqual([
      expect.objectContaining({ text: 'Corrected the date of onset.', author: 'Dr Rowan Hale, PsyD', noteId: note.id }),
    ]);
    const draft = await data<ProgressNote>('progressNotes.saveDraft', { sessionId: later.id, templateId: 'NARRATIVE', fields: {}, basedOn: null });
    expect(codeOf(await call('progressNotes.addAddendum', { noteId: draft.id, text: 'too early' }))).toBe('INVALID_INPUT');
  });

  it('answers INVALID_INPUT for a field outside the template and NOT_FOUND for unknown ids', async () => {
    const wrongField = await call('progressNotes.saveDraft', { sessionId: later.id, templateId: 'SOAP', fields: { data: 'x' }, basedOn: null });
    expect(codeOf(wrongField)).toBe('INVALID_INPUT');
    expect(codeOf(await call('progressNotes.getForSession', { sessionId: MISSING_ID }))).toBe('NOT_FOUND');
    expect(codeOf(await call('progressNotes.previous', { sessionId: MISSING_ID }))).toBe('NOT_FOUND');
    expect(codeOf(await call('progressNotes.sign', { noteId: MISSING_ID }))).toBe('NOT_FOUND');
    expect(codeOf(await call('progressNotes.addAddendum', { noteId: MISSING_ID, text: 'x' }))).toBe('NOT_FOUND');
  });
});

describe('psychotherapy note handlers', () => {
  let session: Session;

  beforeAll(async () => {
    const client = await data<Client>('clients.create', { client: { name: 'Process Client' } });
    session = await data<Session>('sessions.create', { session: sessionInput(client.id, '2026-04-01') });
  });

  it('answer PSYCHOTHERAPY_LOCKED while the compartment is closed, before reaching the repository', async () => {
    expect(vault.state()).toBe('open');
    expect(codeOf(await call('psychotherapyNotes.listForSession', { sessionId: session.id }))).toBe('PSYCHOTHERAPY_LOCKED');
    expect(codeOf(await call('psychotherapyNotes.create', { sessionId: session.id, text: 'x' }))).toBe('PSYCHOTHERAPY_LOCKED');
    expect(codeOf(await call('psychotherapyNotes.update', { id: MISSING_ID, text: 'x', basedOn: null }))).toBe('PSYCHOTHERAPY_LOCKED');
    expect(codeOf(await call('psychotherapyNotes.remove', { id: MISSING_ID }))).toBe('PSYCHOTHERAPY_LOCKED');
    expect(codeOf(await call('psychotherapyNotes.listForClient', { clientId: session.clientId }))).toBe('PSYCHOTHERAPY_LOCKED');
  });

  it('seal a quick capture while closed, answering only its id and the count, and open it with the compartment', async () => {
    expect(vault.state()).toBe('open');
    const sealed = await data<{ id: string; sealedCount: number }>('psychotherapyCapture.seal', {
      sessionId: session.id,
      text: 'captured between sessions',
    });
    expect(Object.keys(sealed).sort()).toEqual(['id', 'sealedCount']);
    expect(sealed.sealedCount).toBe(1);
    expect(await data('psychotherapyCapture.count', { sessionId: session.id })).toEqual({ sealedCount: 1 });
    expect(codeOf(await call('psychotherapyCapture.seal', { sessionId: session.id, text: '   ' }))).toBe('INVALID_INPUT');
    expect(codeOf(await call('psychotherapyCapture.count', { sessionId: MISSING_ID }))).toBe('NOT_FOUND');

    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(await data('psychotherapyCapture.count', { sessionId: session.id })).toEqual({ sealedCount: 0 });
    const listed = await data<ClientPsychotherapyNote[]>('psychotherapyNotes.listForClient', {
      clientId: session.clientId,
    });
    expect(listed.map(({ text, sessionDate }) => ({ text, sessionDate }))).toEqual([
      { text: 'captured between sessions', sessionDate: session.date },
    ]);
    expect(await data('psychotherapyNotes.remove', { id: listed[0]?.id })).toBeNull();
    vault.closePsychotherapy();
  });

  it('create, list, update and remove once the compartment is open', async () => {
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const created = await data<PsychotherapyNote>('psychotherapyNotes.create', { sessionId: session.id, text: 'process thoughts' });
    expect(created).toMatchObject({ sessionId: session.id, text: 'process thoughts' });
    const updated = await data<PsychotherapyNote>('psychotherapyNotes.update', { id: created.id, text: 'revised thoughts', basedOn: created.storedVersion ?? null });
    expect(updated.text).toBe('revised thoughts');
    expect(await data('psychotherapyNotes.listForSession', { sessionId: session.id })).toEqual([updated]);
    expect(await data('psychotherapyNotes.remove', { id: created.id })).toBeNull();
    expect(await data('psychotherapyNotes.listForSession', { sessionId: session.id })).toEqual([]);
    expect(codeOf(await call('psychotherapyNotes.update', { id: created.id, text: 'gone', basedOn: updated.storedVersion ?? null }))).toBe('NOT_FOUND');
    vault.closePsychotherapy();
  });
});

describe('settings handlers', () => {
  it('get returns the saved settings and update applies them', async () => {
    const next = { ...DEFAULT_SETTINGS, clinicianName: 'Dr Rowan Hale', practiceName: 'Hale Practice', vaultIdleMinutes: 15 };
    expect(await data('settings.update', { settings: next })).toEqual(next);
    expect(await data('settings.get', {})).toEqual(next);
    expect(vault.deadlines().vault).not.toBeNull();
  });

  it('update answers INVALID_INPUT for an idle lock outside 1-60 minutes', async () => {
    expect(codeOf(await dispatch('settings.update', { settings: { ...DEFAULT_SETTINGS, vaultIdleMinutes: 0 } }))).toBe('INVALID_INPUT');
    expect(codeOf(await dispatch('settings.update', { settings: { ...DEFAULT_SETTINGS, vaultIdleMinutes: 61 } }))).toBe('INVALID_INPUT');
  });
});

describe('record handlers on a locked vault', () => {
  it('answer LOCKED for every record channel', async () => {
    await vault.lock('manual');
    try {
      const requests: { [C in keyof typeof recordHandlers]: unknown } = {
        'clients.list': { includeArchived: true },
        'clients.get': { id: MISSING_ID },
        'clients.create': { client: { name: 'Locked Out' } },
        'clients.update': { id: MISSING_ID, client: { name: 'Locked Out' } },
        'clients.setArchived': { id: MISSING_ID, archived: true },
        'clients.overview': { includeArchived: false },
        'sessions.listForClient': { clientId: MISSING_ID },
        'sessions.get': { id: MISSING_ID },
        'sessions.create': { session: sessionInput(MISSING_ID, '2026-05-01') },
        'sessions.update': { id: MISSING_ID, session: sessionInput(MISSING_ID, '2026-05-01') },
        'sessions.remove': { id: MISSING_ID },
        'sessions.overlaps': { date: '2026-05-01', startTime: '10:00', endTime: '10:50' },
        'progressNotes.getForSession': { sessionId: MISSING_ID },
        'progressNotes.previous': { sessionId: MISSING_ID },
        'progressNotes.saveDraft': { sessionId: MISSING_ID, templateId: 'SOAP', fields: {}, basedOn: null },
        'progressNotes.sign': { noteId: MISSING_ID },
        'progressNotes.addAddendum': { noteId: MISSING_ID, text: 'x' },
        'psychotherapyNotes.listForSession': { sessionId: MISSING_ID },
        'psychotherapyNotes.create': { sessionId: MISSING_ID, text: 'x' },
        'psychotherapyNotes.update': { id: MISSING_ID, text: 'x', basedOn: null },
        'psychotherapyNotes.remove': { id: MISSING_ID },
        'psychotherapyNotes.listForClient': { clientId: MISSING_ID },
        'psychotherapyCapture.seal': { sessionId: MISSING_ID, text: 'x' },
        'psychotherapyCapture.count': { sessionId: MISSING_ID },
        'settings.get': {},
        'settings.update': { settings: DEFAULT_SETTINGS },
      };
      for (const [channel, request] of Object.entries(requests)) {
        expect([channel, codeOf(await dispatch(channel, request))]).toEqual([channel, 'LOCKED']);
      }
    } finally {
      await vault.unlock(PASSPHRASE);
    }
  });
});

describe('unexpected exceptions', () => {
  const SECRET = 'Client disclosed CANARY-7f1e in session';

  it('become INTERNAL with a fixed message that carries nothing from the exception', async () => {
    const throwing: HandlerTable = {
      ...HANDLERS,
      'clients.list': () => {
        throw new Error(SECRET);
      },
      'settings.get': async () => {
        throw Object.assign(new TypeError(SECRET), { code: 'NOT_FOUND' });
      },
      'clients.get': () => {
        // A thrown non-Error value must be handled too.
        throw SECRET;
      },
    };
    const guarded = createDispatcher(testServices(vault), throwing);
    const replies = [
      await guarded('clients.list', { includeArchived: false }),
      await guarded('settings.get', {}),
      await guarded('clients.get', { id: MISSING_ID }),
    ];
    for (const reply of replies) {
      expect(reply).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong in the vault; nothing was changed by this request' },
      });
      expect(JSON.stringify(reply)).not.toContain('CANARY');
    }
  });

  it('a database failure under a real handler becomes INTERNAL too', async () => {
    const made = await createdVault({ derive: fastDerive });
    try {
      const broken = createDispatcher(testServices(made.vault));
      expect(codeOf(await broken('clients.create', { client: { name: 'Before The Failure' } }))).toBeNull();
      // Closing the file under the handlers: the next statement fails inside better-sqlite3, not as a VaultError.
      await made.vault.close();
      const reply = await broken('vault.unlock', { passphrase: PASSPHRASE });
      expect(reply).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong in the vault; nothing was changed by this request' },
      });
    } finally {
      await made.dispose();
    }
  });
});

describe('record handlers table', () => {
  it('covers the client, session, note, capture and settings channels', async () => {
    const { CHANNELS } = await import('../../../../shared/ipc/contract');
    const recordChannels = CHANNELS.filter((channel) => /^(clients|sessions|progressNotes|psychotherapyNotes|psychotherapyCapture|settings)\./.test(channel));
    expect(Object.keys(recordHandlers).sort()).toEqual(recordChannels.sort());
  });
});
