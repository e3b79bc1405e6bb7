import fc from 'fast-check';
import { ERROR_CODES } from '../../../shared/errors';
import { DEFAULT_SETTINGS, DIAGNOSIS_RANKS, DIAGNOSIS_STATUSES, MODALITIES, SESSION_STATUSES } from '../../../shared/domain/schemas';
import type { LockState } from '../../../shared/domain/records';
import { AUDIT_EVENTS } from '../../../shared/domain/records';
import { CHANNELS } from '../../../shared/ipc/contract';
import type { Channel } from '../../../shared/ipc/contract';
import type { IpcResult } from '../../../shared/ipc/result';
import { TEMPLATE_IDS } from '../../../shared/templates';
import { BUILT_IN_INTERVENTIONS, IDEATION_LEVELS, MSE_DOMAINS, OBJECTIVE_PROGRESS } from '../../../shared/clinical/noteStructure';
import { CARRIED_PARTS } from '../../../shared/clinical/carryForward';
import { DIFFICULTY_LEVELS } from '../../../shared/clinical/measures';
import { SERVICE_CODES } from '../../../shared/clinical/serviceCodes';
import type { HandlerTable } from '../../../main/ipc/handlerTypes';
import { HANDLERS } from '../../../main/ipc/handlerTable';
import { registerIpc } from '../../../main/ipc/register';
import type { IpcMainLike } from '../../../main/ipc/register';
import { MAX_DELAY_MS } from '../../../main/vault/throttle';
import type { Vault } from '../../../main/vault/vaultApi';
import { testServices } from '../../helpers/ipcServices';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { FakeTime } from '../vault/fakeTime';
import { fastDerive } from './fastDerive';

/**
 * Fuzzes the main side of the bridge exactly as the renderer reaches it: the
 * register step's ipcMain listeners, called as the app page, with payloads
 * passed through structured clone like Electron's IPC. Shared by the vitest
 * suite and scripts/fuzzBridge.ts (the longer bench run).
 *
 * Canary strings are written into the vault first (client names, note text,
 * an addendum, the practice address, psychotherapy notes). Properties:
 * - every reply is an IpcResult: { ok: true, data } or { ok: false, error }
 *   with a code from ERROR_CODES, a string message and nothing else;
 * - no listener throws or rejects;
 * - no error reply contains a canary or a marked string from the request;
 * - no reply contains a psychotherapy canary unless that compartment was open;
 * - no reply contains any canary while the vault is locked.
 */

export type FuzzMode = 'locked' | 'open' | 'psychotherapy';

const APP_PAGE = { senderFrame: { url: 'app://vault/index.html', parent: null } };
const MARKER = 'ZQXJMARK';
export const CANARY = 'CNRY';

type Listener = (event: unknown, payload: unknown) => Promise<IpcResult<unknown>>;

export interface FuzzWorld {
  vault: Vault;
  time: FakeTime;
  listeners: Map<string, Listener>;
  ids: {
    clients: string[];
    sessions: string[];
    notes: string[];
    psychotherapyNotes: string[];
    standingAppointments: string[];
    diagnoses: string[];
    plans: string[];
    measures: string[];
    templates: string[];
  };
  canaries: { progress: string[]; psychotherapy: string[] };
  calls: number;
  /** How often each outcome came back, per mode ("open NOT_FOUND": 312): shows the calls reach the handlers. */
  outcomes: Map<string, number>;
  dispose(): Promise<void>;
}

function canary(kind: string, index: number): string {
  return `${CANARY}${kind}${index}X${Math.random().toString(36).slice(2, 10)}`;
}

export interface FuzzWorldOptions {
  /** Replaces handlers, for proving the checks catch a leaking handler. */
  handlers?: (table: HandlerTable) => HandlerTable;
}

/** A vault full of canaries, with the bridge registered against a recording ipcMain. */
export async function createFuzzWorld(options: FuzzWorldOptions = {}): Promise<FuzzWorld> {
  const time = new FakeTime();
  const made = await createdVault({ clock: time, timers: time, derive: fastDerive });
  const { vault } = made;
  const progress: string[] = [];
  const psychotherapy: string[] = [];
  const ids: FuzzWorld['ids'] = { clients: [], sessions: [], notes: [], psychotherapyNotes: [], standingAppointments: [], diagnoses: [], plans: [], measures: [], templates: [] };

  const address = canary('address', 0);
  progress.push(address);
  vault.settings.save({ ...DEFAULT_SETTINGS, clinicianName: 'Dr Fuzz', address });
  for (let c = 0; c < 3; c += 1) {
    const name = canary('client', c);
    progress.push(name);
    const client = vault.clients.create({ name, chartNumber: `F-${c}` });
    ids.clients.push(client.id);
    const standingPlace = canary('standing', c);
    progress.push(standingPlace);
    ids.standingAppointments.push(
      vault.standingAppointments.create({
        clientId: client.id,
        weekdays: [c + 1],
        startTime: '08:00',
        durationMinutes: 50,
        modality: 'in-person',
        location: standingPlace,
        startDate: '2026-01-01',
      }).id,
    );
    const diagnosis = vault.diagnoses.add({ clientId: client.id, code: 'F43.23', rank: 'primary', status: 'active' });
    ids.diagnoses.push(diagnosis.id);
    const problem = canary('problem', c);
    progress.push(problem);
    const plan = vault.treatmentPlans.saveDraft({
      clientId: client.id,
      content: {
        problems: [
          {
            statement: problem,
            diagnosisIds: [diagnosis.id],
            goals: [{ statement: 'goal', objectives: [{ statement: 'objective', targetDate: '2026-05-01' }] }],
          },
        ],
        interventions: [{ description: 'CBT', frequency: 'weekly', modality: 'video' }],
        reviewDate: '2026-03-01',
      },
    });
    ids.plans.push(c === 0 ? vault.treatmentPlans.sign(plan.id, 'Dr Fuzz').id : plan.id);
    for (let s = 0; s < 2; s += 1) {
      const session = vault.sessions.create({
        clientId: client.id,
        date: `2026-0${s + 1}-1${c}`,
        startTime: '09:00',
        endTime: '09:50',
        modality: 'video',
      });
      ids.sessions.push(session.id);
      const noteText = canary('note', c * 10 + s);
      progress.push(noteText);
      const note = vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: noteText } });
      ids.notes.push(note.id);
      if (s === 0) {
        vault.progressNotes.sign(note.id, 'Dr Fuzz');
        const addendum = canary('addendum', c);
        progress.push(addendum);
        vault.progressNotes.addAddendum({ noteId: note.id, text: addendum, author: 'Dr Fuzz' });
      } else {
        const answers = [c % 4, 1, 2, 0, 3, 1, 2, 0, c % 2];
        ids.measures.push(vault.measures.record({ clientId: client.id, sessionId: session.id, instrument: 'phq9', responses: answers }).id);
      }
    }
  }
  const templateName = canary('template', 0);
  progress.push(templateName);
  ids.templates.push(
    vault.noteTemplates.create({
      name: templateName,
      basedOn: 'DAP',
      fields: [{ id: 'data', label: 'Data', prompt: '', rows: 5, carryForward: false }],
    }).id,
  );
  await vault.openPsychotherapy(PSYCH_PASSPHRASE);
  for (const [index, sessionId] of ids.sessions.entries()) {
    const text = canary('psychotherapy', index);
    psychotherapy.push(text);
    ids.psychotherapyNotes.push(vault.psychotherapyNotes.create({ sessionId, text }).id);
  }
  vault.closePsychotherapy();

  const listeners = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => listeners.set(channel, listener as Listener),
    removeHandler: (channel) => listeners.delete(channel),
  };
  const unregister = registerIpc({
    ipcMain,
    // Every dialog is cancelled: no fuzzed call writes or reads a file the therapist did not choose.
    services: testServices(vault, {
      dialogs: { chooseSavePath: async () => null, chooseFolder: async () => null, chooseOpenFile: async () => null },
    }),
    handlers: (options.handlers ?? ((table) => table))(HANDLERS),
    origin: { scheme: 'app', host: 'vault' },
  });

  return {
    vault,
    time,
    listeners,
    ids,
    canaries: { progress, psychotherapy },
    calls: 0,
    outcomes: new Map(),
    async dispose() {
      unregister();
      await made.dispose();
    },
  };
}

const WANTED: Record<FuzzMode, LockState> = { locked: 'locked', open: 'open', psychotherapy: 'open+psychotherapy' };

/**
 * Puts the vault back into the mode's state after a call changed it (a valid
 * vault.lock, psychotherapy.close...). Failed fuzzed passphrases leave the
 * throttle running, so time moves past the longest backoff while locked.
 */
export async function restoreMode(world: FuzzWorld, mode: FuzzMode): Promise<void> {
  const { vault, time } = world;
  if (vault.state() === WANTED[mode]) return;
  await vault.lock('manual');
  if (mode === 'locked') return;
  time.advance(MAX_DELAY_MS + 1);
  await vault.unlock(PASSPHRASE);
  if (mode === 'psychotherapy') await vault.openPsychotherapy(PSYCH_PASSPHRASE);
  if (vault.state() !== WANTED[mode]) throw new Error(`could not restore ${mode}`);
}

function fail(channel: string, what: string): never {
  throw new Error(`${channel}: ${what}`);
}

/** Throws unless the reply is a well-formed IpcResult that leaks nothing it should not. */
export function checkReply(world: FuzzWorld, channel: string, reply: unknown, stateBefore: LockState): void {
  if (typeof reply !== 'object' || reply === null || Array.isArray(reply)) fail(channel, 'reply is not an object');
  const keys = Object.keys(reply).sort().join(',');
  const result = reply as Record<string, unknown>;
  if (result.ok === true) {
    if (keys !== 'data,ok') fail(channel, `success reply has keys ${keys}`);
    if (result.data === undefined) fail(channel, 'success reply without data');
  } else if (result.ok === false) {
    if (keys !== 'error,ok') fail(channel, `error reply has keys ${keys}`);
    const error = result.error as Record<string, unknown>;
    if (typeof error !== 'object' || error === null) fail(channel, 'error is not an object');
    const errorKeys = Object.keys(error);
    if (errorKeys.some((key) => !['code', 'message', 'retryAfterMs'].includes(key))) {
      fail(channel, `error has keys ${errorKeys.join(',')}`);
    }
    if (!(ERROR_CODES as readonly unknown[]).includes(error.code)) fail(channel, `unknown error code ${String(error.code)}`);
    if (typeof error.message !== 'string') fail(channel, 'error message is not a string');
    if ('retryAfterMs' in error && (typeof error.retryAfterMs !== 'number' || !(error.retryAfterMs >= 0))) {
      fail(channel, 'retryAfterMs is not a non-negative number');
    }
    const message = error.message as string;
    if (message.includes(CANARY)) fail(channel, `error message carries vault content (${String(error.code)})`);
    if (message.includes(MARKER)) fail(channel, `error message echoes the request (${String(error.code)})`);
  } else {
    fail(channel, 'reply has no boolean ok');
  }
  structuredClone(reply);
  const text = JSON.stringify(reply);
  if (stateBefore !== 'open+psychotherapy' && world.canaries.psychotherapy.some((c) => text.includes(c))) {
    fail(channel, 'psychotherapy content left the closed compartment');
  }
  if (stateBefore === 'locked' && text.includes(CANARY)) fail(channel, 'vault content left the locked vault');
}

/** One bridge call as the app page makes it; the payload crosses structured clone like Electron's IPC. */
export async function fuzzCall(world: FuzzWorld, mode: FuzzMode, channel: string, payload: unknown): Promise<void> {
  let cloned: unknown;
  try {
    cloned = structuredClone(payload);
  } catch {
    return;
  }
  const listener = world.listeners.get(channel);
  if (!listener) fail(channel, 'no listener registered');
  const stateBefore = world.vault.state();
  world.calls += 1;
  const reply = await listener(APP_PAGE, cloned);
  checkReply(world, channel, reply, stateBefore);
  const outcome = `${mode} ${reply.ok ? 'ok' : reply.error.code}`;
  world.outcomes.set(outcome, (world.outcomes.get(outcome) ?? 0) + 1);
  await restoreMode(world, mode);
}

// ---- payloads ------------------------------------------------------------------------------

const hexId = fc.stringMatching(/^[0-9a-f]{32}$/);
/** A save's base: none, a well-formed stamp naming no stored version (forged), or not a stamp at all. */
const basedOn = fc.oneof(fc.constant(null), fc.stringMatching(/^[0-9a-f]{48}$/), fc.string({ maxLength: 60 }));
/** Well-formed conflict ids naming no conflict, and strings that are not conflict ids. */
const conflictId = fc.oneof(
  fc
    .tuple(fc.constantFrom('progress_notes', 'psychotherapy_notes', 'treatment_plans'), hexId, fc.stringMatching(/^[0-9a-f]{16}$/), hexId)
    .map((parts) => parts.join('.')),
  fc.string(),
);
const markedText = fc.string({ maxLength: 30 }).map((tail) => `${MARKER}${tail}`);
const text = fc.oneof(markedText, fc.string({ maxLength: 60 }), fc.constant(''), fc.string({ minLength: 12, maxLength: 40 }));
const isoDate = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.constantFrom('2026-02-30', '2026-13-01', '26-01-01') },
  { weight: 1, arbitrary: text },
);
const clockTime = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`) },
  { weight: 1, arbitrary: fc.constantFrom('24:00', '9:00', '12:60') },
  { weight: 1, arbitrary: text },
);
/** Mostly one of the allowed values, sometimes anything. */
const mostly = <T>(values: readonly T[]) => fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: text });

function idFrom(world: FuzzWorld): fc.Arbitrary<string> {
  const { clients, sessions, notes, psychotherapyNotes, standingAppointments, diagnoses, plans, measures, templates } = world.ids;
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(...clients, ...sessions, ...notes, ...psychotherapyNotes, ...standingAppointments, ...diagnoses, ...plans, ...measures, ...templates),
    },
    { weight: 1, arbitrary: hexId },
    { weight: 1, arbitrary: text },
  );
}

/** Requests shaped like the contract's, with real ids, so calls get past validation into the handlers. */
function shapedRequest(world: FuzzWorld, channel: Channel): fc.Arbitrary<unknown> {
  return shapedRequestOrNull(world, channel) ?? fc.constant({});
}

function shapedRequestOrNull(world: FuzzWorld, channel: Channel): fc.Arbitrary<unknown> | null {
  const id = idFrom(world);
  const client = fc.record(
    { name: text, preferredName: text, dateOfBirth: isoDate, chartNumber: text, phone: text, email: text },
    { requiredKeys: ['name'] },
  );
  const ordered = fc
    .uniqueArray(fc.integer({ min: 0, max: 24 * 60 - 1 }), { minLength: 2, maxLength: 2 })
    .map((pair) => pair.sort((a, b) => a - b).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`));
  const times = fc.oneof({ weight: 4, arbitrary: ordered }, { weight: 1, arbitrary: fc.tuple(clockTime, clockTime) });
  const session = fc
    .tuple(
      fc.record(
        { clientId: id, date: isoDate, modality: mostly(MODALITIES), location: text, status: mostly(SESSION_STATUSES) },
        { requiredKeys: ['clientId', 'date', 'modality'] },
      ),
      times,
    )
    .map(([fields, [startTime, endTime]]) => ({ ...fields, startTime, endTime }));
  const overlapQuery = fc
    .tuple(fc.record({ date: isoDate, excludeSessionId: id }, { requiredKeys: ['date'] }), times)
    .map(([fields, [startTime, endTime]]) => ({ ...fields, startTime, endTime }));
  const appointment = fc.record(
    {
      clientId: id,
      weekdays: fc.oneof(fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }), fc.array(fc.integer({ min: -1, max: 9 }))),
      startTime: clockTime,
      durationMinutes: fc.integer({ min: -10, max: 600 }),
      modality: mostly(MODALITIES),
      location: text,
      startDate: isoDate,
      endDate: isoDate,
    },
    { requiredKeys: ['clientId', 'weekdays', 'startTime', 'durationMinutes', 'modality', 'startDate'] },
  );
  /** Mostly a week, the agenda's own request, within the years the fuzzed sessions fall in. */
  const agendaRange = fc.oneof(
    { weight: 3, arbitrary: fc.date({ min: new Date('2025-06-01'), max: new Date('2027-06-01'), noInvalidDate: true }).map((d) => {
      const from = d.toISOString().slice(0, 10);
      const to = new Date(d.getTime() + 6 * 86_400_000).toISOString().slice(0, 10);
      return { from, to };
    }) },
    { weight: 1, arbitrary: fc.record({ from: isoDate, to: isoDate }) },
  );
  const fields = fc.dictionary(fc.constantFrom('subjective', 'objective', 'assessment', 'plan', 'data', 'behavior', 'narrative'), text, {
    maxKeys: 4,
  });
  const minutes = fc.integer({ min: -5, max: 70 });
  const settings = fc.record({
    clinicianName: text,
    credentials: text,
    licence: text,
    npi: fc.oneof(fc.constant('1234567893'), fc.constant(''), text),
    taxId: fc.oneof(fc.constant('12-3456789'), text),
    practiceName: text,
    address: text,
    phone: text,
    email: text,
    vaultIdleMinutes: minutes,
    psychotherapyIdleMinutes: minutes,
    contentProtection: fc.boolean(),
    draftOverdueHours: fc.integer({ min: -5, max: 800 }),
    interventions: fc.array(fc.string({ maxLength: 70 }), { maxLength: 45 }),
  });
  const scope = fc.oneof(
    fc.record({ kind: fc.constant('note'), noteId: id }),
    fc.record({ kind: fc.constant('range'), clientId: id, from: isoDate, to: isoDate }),
    fc.record({ kind: fc.constant('record'), clientId: id }),
  );
  const expiry = fc.oneof(
    fc.record({ kind: fc.constant('date'), date: isoDate }),
    fc.record({ kind: fc.constant('event'), event: text, occurredOn: isoDate }, { requiredKeys: ['kind', 'event'] }),
  );
  const signer = fc.oneof(
    fc.record({ kind: fc.constant('client') }),
    fc.record({ kind: fc.constant('representative'), name: text, authority: text }),
  );
  const authorization = fc.record({
    clientId: id,
    kind: mostly(['records', 'psychotherapy-notes'] as const),
    information: text,
    discloser: text,
    recipient: text,
    purpose: text,
    expiry,
    signedOn: isoDate,
    signedBy: signer,
  });
  const basis = fc.oneof(
    fc.record({ kind: fc.constant('authorization'), authorizationId: id }),
    fc.record({ kind: fc.constant('client-request') }),
    fc.record({ kind: fc.constant('treatment-payment-operations'), use: mostly(['treatment', 'payment', 'operations'] as const) }),
    fc.record({ kind: fc.constant('required-by-law'), order: fc.record({ kind: text, issuedBy: text, reference: text, date: isoDate }) }),
    fc.record({ kind: fc.constant('serious-threat'), explanation: text }),
  );
  const courtOrder = fc.record({
    clientId: id,
    court: text,
    judge: text,
    caseNumber: text,
    signedOn: isoDate,
    signedBy: mostly(['judge', 'attorney', 'clerk'] as const),
    namesPsychotherapyNotes: fc.oneof(fc.boolean(), text),
  });
  const psychotherapyBasis = fc.oneof(
    fc.record({ kind: fc.constant('authorization'), authorizationId: id }),
    fc.record({ kind: fc.constant('court-order'), courtOrderId: id }),
  );
  const release = fc.record(
    {
      clientId: id,
      noteIds: fc.array(id, { maxLength: 3 }),
      basis: psychotherapyBasis,
      recipient: text,
      purpose: text,
      passphrase: fc.oneof(text, fc.constant(PSYCH_PASSPHRASE)),
      pdfPassword: text,
    },
    { requiredKeys: ['clientId', 'noteIds', 'basis', 'recipient', 'purpose', 'passphrase'] },
  );
  const diagnosisState = {
    rank: mostly(DIAGNOSIS_RANKS),
    onsetDate: isoDate,
    status: mostly(DIAGNOSIS_STATUSES),
  };
  const code = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('F32.1', 'f321', 'Z63.0', 'F41.1', 'F43.10') },
    { weight: 1, arbitrary: fc.constantFrom('F32', 'E11.9', 'F99.9') },
    { weight: 1, arbitrary: text },
  );
  const diagnosis = fc.record({ clientId: id, code, ...diagnosisState }, { requiredKeys: ['clientId', 'code', 'rank', 'status'] });
  const change = fc.record(diagnosisState, { requiredKeys: ['rank', 'status'] });
  const objective = fc.record({ statement: text, targetDate: isoDate }, { requiredKeys: ['statement'] });
  const goal = fc.record({ statement: text, objectives: fc.array(objective, { maxLength: 2 }) });
  const problem = fc.record({ statement: text, diagnosisIds: fc.array(id, { maxLength: 2 }), goals: fc.array(goal, { maxLength: 2 }) });
  const intervention = fc.record({ description: text, frequency: text, modality: text });
  const planContent = fc.record(
    { problems: fc.array(problem, { maxLength: 2 }), interventions: fc.array(intervention, { maxLength: 2 }), reviewDate: isoDate },
    { requiredKeys: ['problems', 'interventions'] },
  );
  const responses = fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 7, maxLength: 9 }) },
    { weight: 1, arbitrary: fc.array(fc.oneof(fc.integer(), fc.double(), text), { maxLength: 25 }) },
  );
  const difficulty = mostly(DIFFICULTY_LEVELS);
  const measure = fc.record(
    { clientId: id, sessionId: id, instrument: mostly(['phq9', 'gad7']), responses, difficulty },
    { requiredKeys: ['clientId', 'sessionId', 'instrument', 'responses'] },
  );
  const accessRequest = fc.record({
    clientId: id,
    receivedOn: isoDate,
    requestedBy: text,
    requested: text,
    form: mostly(['electronic-copy', 'paper-copy', 'inspection', 'summary'] as const),
    format: text,
    delivery: mostly(['pickup', 'mail', 'email', 'other'] as const),
    deliveryDetails: text,
  });
  const logDates = { clientId: id, from: isoDate, to: isoDate };
  const ideation = fc.record({
    level: mostly(IDEATION_LEVELS),
    plan: fc.oneof(fc.boolean(), text),
    intent: fc.boolean(),
    means: fc.boolean(),
  });
  const structure = fc.record(
    {
      service: fc
        .tuple(fc.record({ code: mostly(SERVICE_CODES), interactiveComplexity: fc.boolean(), crisisUnits: fc.integer({ min: -2, max: 12 }) }), times)
        .map(([service, [start, end]]) => ({ ...service, start, end })),
      attendees: fc.array(text, { maxLength: 3 }),
      diagnosisIds: fc.array(id, { maxLength: 3 }),
      mentalStatus: fc.record({
        withinNormalLimits: fc.boolean(),
        findings: fc.dictionary(fc.oneof(mostly(MSE_DOMAINS), text), text, { maxKeys: 3 }),
      }),
      risk: fc.record({
        suicidal: ideation,
        homicidal: ideation,
        selfHarm: ideation,
        protectiveFactors: text,
        safetyPlan: fc.record({ reviewed: fc.boolean(), details: text }),
      }),
      interventions: fc.array(fc.oneof(fc.constantFrom(...BUILT_IN_INTERVENTIONS), text), { maxLength: 4 }),
      objectives: fc.array(
        fc.record({
          planId: id,
          problem: fc.integer({ min: -1, max: 3 }),
          goal: fc.integer({ min: -1, max: 3 }),
          objective: fc.integer({ min: -1, max: 3 }),
          progress: mostly(OBJECTIVE_PROGRESS),
          comment: text,
        }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: ['attendees', 'diagnosisIds', 'interventions', 'objectives'] },
  );
  const templateField = fc.record(
    { id: fc.oneof(fc.constantFrom('data', 'plan', 'risk'), text), label: text, prompt: text, rows: fc.integer({ min: 0, max: 30 }), carryForward: fc.boolean() },
    { requiredKeys: ['label', 'prompt', 'rows', 'carryForward'] },
  );
  const noteTemplate = fc.record(
    {
      name: text,
      basedOn: mostly(TEMPLATE_IDS),
      fields: fc.array(templateField, { maxLength: 4 }),
      carriedParts: fc.array(mostly(CARRIED_PARTS), { maxLength: 6 }),
    },
    { requiredKeys: ['name', 'basedOn', 'fields'] },
  );
  const passphraseChange = fc.record({ currentPassphrase: text, newPassphrase: text });
  const recoveryKey = fc.oneof(
    text,
    fc.array(fc.stringMatching(/^[0-9a-f]{8}$/), { minLength: 8, maxLength: 8 }).map((groups) => groups.join('-')),
  );
  const { progress: progressCanaries, psychotherapy: psychotherapyCanaries } = world.canaries;
  // Canaries and their common prefix as queries, so searches find vault content and the leak checks see the snippets.
  const searchText = fc.oneof(text, fc.constant(CANARY), fc.constantFrom(...progressCanaries, ...psychotherapyCanaries));
  const searchFilters = fc.record(
    {
      clientId: id,
      from: isoDate,
      to: isoDate,
      template: mostly(TEMPLATE_IDS),
      status: mostly(['draft', 'signed']),
      includePsychotherapy: fc.oneof(fc.boolean(), text),
    },
    { requiredKeys: [] },
  );
  const requests: RequestShapes = {
    'vault.status': fc.constant({}),
    'vault.create': fc.record({ passphrase: text, psychotherapyPassphrase: text }, { requiredKeys: ['passphrase'] }),
    'vault.unlock': fc.record({ passphrase: text }),
    'vault.lock': fc.constant({}),
    'vault.activity': fc.constant({}),
    'psychotherapy.open': fc.record({ passphrase: text }),
    'psychotherapy.close': fc.constant({}),
    'clients.list': fc.record({ includeArchived: fc.boolean() }),
    'clients.get': fc.record({ id }),
    'clients.create': fc.record({ client }),
    'clients.update': fc.record({ id, client }),
    'clients.setArchived': fc.record({ id, archived: fc.boolean() }),
    'clients.overview': fc.record({ includeArchived: fc.boolean() }),
    'sessions.listForClient': fc.record({ clientId: id }),
    'sessions.get': fc.record({ id }),
    'sessions.create': fc.record({ session }),
    'sessions.update': fc.record({ id, session }),
    'sessions.remove': fc.record({ id }),
    'sessions.overlaps': overlapQuery,
    'agenda.range': agendaRange,
    'standingAppointments.listForClient': fc.record({ clientId: id }),
    'standingAppointments.create': fc.record({ appointment }),
    'standingAppointments.update': fc.record({ id, appointment }),
    'progressNotes.getForSession': fc.record({ sessionId: id }),
    'progressNotes.previous': fc.record({ sessionId: id }),
    'progressNotes.saveDraft': fc.record(
      { sessionId: id, templateId: mostly(TEMPLATE_IDS), customTemplateId: id, fields, structure, basedOn },
      { requiredKeys: ['sessionId', 'templateId', 'fields', 'basedOn'] },
    ),
    'noteTemplates.list': fc.constant({}),
    'noteTemplates.create': fc.record({ template: noteTemplate }),
    'noteTemplates.update': fc.record({ id, template: noteTemplate }),
    'noteTemplates.remove': fc.record({ id }),
    'progressNotes.sign': fc.record({ noteId: id }),
    'progressNotes.addAddendum': fc.record({ noteId: id, text }),
    'diagnoses.listForClient': fc.record({ clientId: id }),
    'diagnoses.add': fc.record({ diagnosis }),
    'diagnoses.change': fc.record({ id, change }),
    'treatmentPlans.get': fc.record({ clientId: id }),
    'treatmentPlans.saveDraft': fc.record({ clientId: id, content: planContent, basedOn }),
    'treatmentPlans.discardDraft': fc.record({ planId: id }),
    'treatmentPlans.sign': fc.record({ planId: id }),
    'treatmentPlans.dueForReview': fc.record({ asOf: isoDate }),
    'measures.listForClient': fc.record({ clientId: id }),
    'measures.record': fc.record({ measure }),
    'measures.update': fc.record({ id, responses, difficulty }, { requiredKeys: ['id', 'responses'] }),
    'measures.remove': fc.record({ id }),
    'psychotherapyNotes.listForSession': fc.record({ sessionId: id }),
    'psychotherapyNotes.create': fc.record({ sessionId: id, text }),
    'psychotherapyNotes.update': fc.record({ id, text, basedOn }),
    'psychotherapyNotes.remove': fc.record({ id }),
    'today.summary': fc.record({ date: isoDate, time: fc.oneof(clockTime, text) }),
    'authorizations.listForClient': fc.record({ clientId: id }),
    'authorizations.create': fc.record({ authorization }),
    'authorizations.revoke': fc.record({ id, revokedOn: isoDate }),
    'authorizations.recordExpiryEvent': fc.record({ id, occurredOn: isoDate }),
    'accessRequests.listForClient': fc.record({ clientId: id }),
    'accessRequests.create': fc.record({ request: accessRequest }),
    'accessRequests.extend': fc.record({ id, extension: fc.record({ extendedOn: isoDate, reason: text }) }),
    'accessRequests.deny': fc.record({ id, denial: fc.record({ deniedOn: isoDate, reason: text }) }),
    'accessRequests.fulfil': fc.record({ id, pdfPassword: text }, { requiredKeys: ['id'] }),
    'disclosures.log': fc.record(
      { ...logDates, basisKinds: fc.array(mostly(['authorization', 'client-request', 'treatment-payment-operations', 'required-by-law', 'serious-threat', 'unrecorded'] as const), { maxLength: 3 }) },
      { requiredKeys: [] },
    ),
    'accounting.forClient': fc.record({ clientId: id }),
    'accounting.exportPdf': fc.record({ clientId: id }),
    'audit.log': fc.record({ ...logDates, events: fc.array(mostly(AUDIT_EVENTS), { maxLength: 3 }) }, { requiredKeys: [] }),
    'psychotherapyNotes.listForClient': fc.record({ clientId: id }),
    'psychotherapyCapture.seal': fc.record({ sessionId: id, text }),
    'psychotherapyCapture.count': fc.record({ sessionId: id }),
    'courtOrders.listForClient': fc.record({ clientId: id }),
    'courtOrders.record': fc.record({ order: courtOrder }),
    'release.psychotherapyNotes': release,
    'settings.get': fc.constant({}),
    'settings.update': fc.record({ settings }),
    'export.progressNotes': fc.record(
      { scope, basis, includeDrafts: fc.boolean(), includeTreatmentPlan: fc.boolean(), recipient: text, purpose: text, pdfPassword: text },
      { requiredKeys: ['scope', 'basis', 'includeDrafts', 'recipient', 'purpose'] },
    ),
    'export.cancel': fc.record({ exportId: id }),
    'search.query': fc.record(
      { text: searchText, filters: searchFilters, limit: fc.integer({ min: -1, max: 60 }) },
      { requiredKeys: ['text'] },
    ),
    'vault.unlockWithRecoveryKey': fc.record(
      { recoveryKey, newPassphrase: text, newPsychotherapyPassphrase: text },
      { requiredKeys: ['recoveryKey', 'newPassphrase'] },
    ),
    'vault.changePassphrase': passphraseChange,
    'psychotherapy.changePassphrase': passphraseChange,
    'keys.rotate': fc.record({ compartment: mostly(['progress', 'psychotherapy'] as const), passphrase: text }),
    'keys.newRecoveryKey': fc.constant({}),
    'backup.settings': fc.constant({}),
    'backup.updateSettings': fc.record({ automatic: fc.boolean(), keep: fc.integer({ min: -5, max: 400 }) }),
    'backup.chooseFolder': fc.constant({}),
    'backup.create': fc.constant({}),
    'backup.verify': fc.record({ passphrase: text, psychotherapyPassphrase: text }, { requiredKeys: [] }),
    'backup.restore': fc.record({ passphrase: text, psychotherapyPassphrase: text }, { requiredKeys: ['passphrase'] }),
    'sync.status': fc.constant({}),
    'sync.chooseFolder': fc.record({ deviceName: text }),
    'sync.renameDevice': fc.record({ name: text }),
    'sync.runNow': fc.constant({}),
    'sync.turnOff': fc.constant({}),
    'sync.removeDevice': fc.record({ deviceId: fc.oneof(hexId, text), passphrase: text, psychotherapyPassphrase: text, newPassphrase: text, newPsychotherapyPassphrase: text }),
    'sync.acceptRotatedKeys': fc.record({ passphrase: text, psychotherapyPassphrase: text }, { requiredKeys: ['passphrase'] }),
    'sync.conflicts': fc.constant({}),
    'sync.openConflict': fc.record({ id: conflictId }),
    'sync.resolveConflict': fc.record({ id: conflictId, choice: mostly(['keepThis', 'keepOther', 'keepBoth'] as const) }),
    'vault.chooseJoinFolder': fc.constant({}),
    'vault.join': fc.record({ passphrase: text, deviceName: text }),
  };
  return requests[channel] ?? null;
}

/**
 * Request shapes per channel. Partial so that a channel added to the contract
 * does not break the type check of this file; bridgeFuzz.test.ts fails instead,
 * naming the channel that still needs a shape here.
 */
type RequestShapes = Partial<Record<Channel, fc.Arbitrary<unknown>>>;

/** Channels the fuzz has no request shape for (only arbitrary JSON reaches them). */
export function channelsWithoutShape(world: FuzzWorld): Channel[] {
  return CHANNELS.filter((channel) => shapedRequestOrNull(world, channel) === null);
}

/** Every path to an object member, nested objects included. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

type Mutation = 'delete' | 'replace' | 'add';

function mutate(request: unknown, pick: number, mutation: Mutation, junk: unknown, junkKey: string): unknown {
  const copy = structuredClone(request) as Record<string, unknown>;
  const all = paths(copy);
  const path = all.length > 0 ? all[pick % all.length]! : [];
  let parent: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (mutation === 'add' || last === undefined) parent[junkKey] = junk;
  else if (mutation === 'delete') delete parent[last];
  else parent[last] = junk;
  return copy;
}

const junkValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), markedText, fc.constantFrom(null, undefined, -1, 1e308, NaN, '', [], {}));

/** Anything IPC can carry: arbitrary JSON, odd structured-clone values, and shaped requests, mutated or not. */
export function payloadFor(world: FuzzWorld, channel: Channel): fc.Arbitrary<unknown> {
  const shaped = shapedRequest(world, channel);
  const mutated = fc
    .tuple(shaped, fc.nat(), fc.constantFrom<Mutation>('delete', 'replace', 'add'), junkValue, fc.string({ maxLength: 12 }))
    .map(([request, pick, mutation, junk, key]) => mutate(request, pick, mutation, junk, key));
  return fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2, withDate: true, withMap: true, withSet: true, withTypedArray: true }) },
    { weight: 4, arbitrary: shaped },
    { weight: 3, arbitrary: mutated },
  );
}

/** Built once per world: constructing the arbitraries costs far more than drawing from them. */
export function callArbitrary(world: FuzzWorld): fc.Arbitrary<[Channel, unknown]> {
  return fc.oneof(
    ...CHANNELS.map((channel) => payloadFor(world, channel).map((payload) => [channel, payload] as [Channel, unknown])),
  );
}

/** Runs `numRuns` fuzzed calls in one mode; fast-check reports a failing seed and a shrunk call. */
export async function fuzzMode(world: FuzzWorld, mode: FuzzMode, numRuns: number, seed?: number): Promise<void> {
  await restoreMode(world, mode);
  await fc.assert(
    fc.asyncProperty(callArbitrary(world), async ([channel, payload]) => {
      await fuzzCall(world, mode, channel, payload);
    }),
    { numRuns, ...(seed !== undefined ? { seed } : {}) },
  );
}
