import Database from 'better-sqlite3';
import sodium from 'libsodium-wrappers-sumo';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecoveryKey } from '../../main/vault/keySlots';
import { openVault } from '../../main/vault/vault';

/**
 * Follows docs/VAULT_FORMAT.md with nothing but SQLite and raw libsodium: the
 * app writes a vault, then everything below reads it the way the document
 * tells an implementer in another language to. Only openVault (to write the
 * file) comes from the app.
 */
const PASSPHRASE = 'Grüße aus der Praxis, 2025!';
const PSYCH_PASSPHRASE = 'another passphrase for the private notes';
const CLIENT_NAME = 'Zoë Ørsted-Núñez';
const PSYCH_TEXT = 'Process note: I felt protective of 李小龍 today.';
const SEALED_TEXT = 'Captured in the corridor: ask about the dream of the ferry.';

const DOC = readFileSync(join(__dirname, '../../docs/VAULT_FORMAT.md'), 'utf8');
const FORMAT_VERSION = Number(/^# Vault file format, version (\d+)$/m.exec(DOC)![1]);

/**
 * Section 2, as a reader in another language would take it in: each encrypted
 * table with its compartment and foreign-key column (null for none), and the
 * plaintext tables by their headings.
 */
const SECTION_2 = DOC.slice(DOC.indexOf('## 2. Tables'), DOC.indexOf('## 3. '));
const ENCRYPTED = new Map(
  [...SECTION_2.matchAll(/^\| `([a-z_]+)` \| (?:(none|`([a-z_]+) [^|]*`) \| )?`(progress|psychotherapy)` \|/gm)].map(
    ([, table, , foreignKey, compartment]) => [table!, { compartment: compartment!, foreignKey: foreignKey ?? null }],
  ),
);
const PLAINTEXT_TABLES = [...SECTION_2.matchAll(/^### `([a-z_]+)`$/gm)].map(([, table]) => table!).filter((table) => !ENCRYPTED.has(table));
type Table = string;

function compartmentOf(table: Table): string {
  const spec = ENCRYPTED.get(table);
  if (!spec) throw new Error(`${table} is not an encrypted table of section 2`);
  return spec.compartment;
}

interface SlotRow {
  slot_id: string;
  compartment: string;
  kind: string;
  key_version: number;
  kdf_alg: string | null;
  kdf_ops: number | null;
  kdf_mem: number | null;
  salt: Buffer | null;
  nonce: Buffer;
  wrapped_key: Buffer;
  checksum: Buffer;
}

interface SealedRow {
  id: string;
  key_version: number;
  nonce: Buffer;
  ciphertext: Buffer;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** Section 3. */
function slotHeader(slot: SlotRow): string {
  return [
    slot.slot_id,
    slot.compartment,
    slot.kind,
    String(slot.key_version),
    slot.kdf_alg === null ? '-' : `${slot.kdf_alg}:${slot.kdf_ops}:${slot.kdf_mem}`,
    slot.salt === null ? '-' : hex(slot.salt),
    hex(slot.nonce),
    hex(slot.wrapped_key),
  ].join('|');
}

/** Section 4: unwrapping a data key with a KEK (format 2's AAD; a vault made by this app has no format-1 slot). */
function unwrap(vaultId: string, slot: SlotRow, kek: Uint8Array): Uint8Array {
  const aad = utf8(`slot|${vaultId}|${slot.compartment}|${slot.slot_id}|${slot.key_version}`);
  return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, slot.wrapped_key, aad, slot.nonce, kek);
}

function passphraseKek(slot: SlotRow, passphrase: string): Uint8Array {
  return sodium.crypto_pwhash(
    32,
    utf8(passphrase),
    slot.salt!,
    slot.kdf_ops!,
    slot.kdf_mem!,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  );
}

/** Section 4: the recovery key as displayed, back to 32 bytes. */
function parseDisplayedRecoveryKey(text: string): Uint8Array {
  const digits = text.toLowerCase().replace(/[-\s]/g, '');
  expect(digits).toMatch(/^[0-9a-f]{64}$/);
  return new Uint8Array(Buffer.from(digits, 'hex'));
}

/** Section 5. */
function rowAad(vaultId: string, table: Table, row: SealedRow): Uint8Array {
  return utf8(`row|${vaultId}|${table}|${row.id}|${compartmentOf(table)}|${row.key_version}`);
}

function openRow(vaultId: string, table: Table, row: SealedRow, key: Uint8Array): Record<string, unknown> {
  const plaintext = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
    null,
    row.ciphertext,
    rowAad(vaultId, table, row),
    row.nonce,
    key,
  );
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext)) as Record<string, unknown>;
}

describe('docs/VAULT_FORMAT.md, followed with only SQLite and libsodium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tv-format-'));
  const path = join(dir, 'vault.sqlite');
  let db: Database.Database;
  let recoveryKey: string;
  let written: {
    measureId: string;
    clientId: string;
    sessionId: string;
    noteId: string;
    psychotherapyNoteId: string;
    appointmentId: string;
    sealedNoteId: string;
    templateId: string;
    structuredNoteId: string;
    diagnosisId: string;
    planId: string;
    accessRequestId: string;
    courtOrderId: string;
  };
  let vaultId: string;
  let progressKey: Uint8Array;

  const slot = (compartment: string, kind: string) =>
    db
      .prepare('SELECT * FROM key_slots WHERE compartment = ? AND kind = ? ORDER BY rowid')
      .get(compartment, kind) as SlotRow;
  const sealedRow = (table: Table, id: string) =>
    db.prepare(`SELECT id, key_version, nonce, ciphertext FROM ${table} WHERE id = ?`).get(id) as SealedRow;

  beforeAll(async () => {
    const vault = await openVault(path, { kdf: { algorithm: 'argon2id13', opsLimit: 3, memLimit: 64 * 1024 * 1024 } });
    ({ recoveryKey } = await vault.create({ passphrase: PASSPHRASE, psychotherapyPassphrase: PSYCH_PASSPHRASE }));
    const client = vault.clients.create({ name: CLIENT_NAME, dateOfBirth: '1988-02-29', chartNumber: 'TV-00001' });
    const session = vault.sessions.create({
      clientId: client.id,
      date: '2025-03-17',
      startTime: '10:00',
      endTime: '10:50',
      modality: 'video',
      status: 'attended',
    });
    const appointment = vault.standingAppointments.create({
      clientId: client.id,
      weekdays: [2, 4],
      startTime: '16:00',
      durationMinutes: 50,
      modality: 'in-person',
      location: 'Room 2',
      startDate: '2025-03-18',
    });
    const draft = vault.progressNotes.saveDraft({
      sessionId: session.id,
      templateId: 'DAP',
      fields: { data: 'Client reported sleeping better.', assessment: 'Improving.' },
    });
    const measure = vault.measures.record({
      clientId: client.id,
      sessionId: session.id,
      instrument: 'phq9',
      responses: [2, 2, 1, 2, 1, 1, 1, 0, 1],
      difficulty: 'somewhat',
    });
    vault.progressNotes.sign(draft.id, 'Dr. Maya Lindqvist');
    vault.progressNotes.addAddendum({
      noteId: draft.id,
      text: 'Late entry: called on Tuesday.',
      author: 'Dr. Maya Lindqvist',
    });
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const psychotherapyNote = vault.psychotherapyNotes.create({ sessionId: session.id, text: PSYCH_TEXT });
    vault.settings.save({ ...vault.settings.get(), clinicianName: 'Dr. Maya Lindqvist', vaultIdleMinutes: 15 });
    vault.closePsychotherapy();
    const sealed = vault.sealedCapture.capture({ sessionId: session.id, text: SEALED_TEXT });
    const diagnosis = vault.diagnoses.add({ clientId: client.id, code: 'F43.22', rank: 'primary', status: 'active' });
    vault.diagnoses.change(diagnosis.id, { rank: 'primary', status: 'resolved', onsetDate: '2025-02-01' });
    const planDraft = vault.treatmentPlans.saveDraft({
      clientId: client.id,
      content: {
        problems: [
          {
            statement: 'Worry after a move',
            diagnosisIds: [diagnosis.id],
            goals: [{ statement: 'Settles in', objectives: [{ statement: 'Sleeps 7 hours', targetDate: '2025-06-01' }] }],
          },
        ],
        interventions: [{ description: 'CBT', frequency: 'weekly', modality: 'individual, video' }],
      },
    });
    const plan = vault.treatmentPlans.sign(planDraft.id, 'Dr. Maya Lindqvist');
    const accessRequest = vault.accessRequests.create({
      clientId: client.id,
      receivedOn: '2025-03-20',
      requestedBy: 'The client',
      requested: 'Everything since January',
      form: 'electronic-copy',
      format: 'PDF',
      delivery: 'email',
      deliveryDetails: '',
    });
    vault.accessRequests.extend(accessRequest.id, { extendedOn: '2025-03-21', reason: 'Waiting for the billing office' });
    const courtOrder = vault.courtOrders.record({
      clientId: client.id,
      court: 'Superior Court of California, County of Alameda',
      judge: 'Hon. Rosa Whitaker',
      caseNumber: 'FL-2025-0117',
      signedOn: '2025-04-02',
      signedBy: 'judge',
      namesPsychotherapyNotes: true,
    });
    const active = vault.diagnoses.add({ clientId: client.id, code: 'F41.1', rank: 'secondary', status: 'active' });
    const template = vault.noteTemplates.create({
      name: 'Brief check-in',
      basedOn: 'DAP',
      fields: [
        { id: 'data', label: 'Check-in', prompt: 'How the week went.', rows: 4, carryForward: false },
        { label: 'Next step', prompt: '', rows: 2, carryForward: true },
      ],
      carriedParts: ['attendees', 'risk'],
    });
    const later = vault.sessions.create({ clientId: client.id, date: '2025-03-25', startTime: '16:00', endTime: '16:50', modality: 'video' });
    const structured = vault.progressNotes.saveDraft({
      sessionId: later.id,
      templateId: 'DAP',
      customTemplateId: template.id,
      fields: { data: 'Calmer week.', nextstep: 'Keep the walks.' },
      structure: {
        service: { code: '90834', start: '16:02', end: '16:47', interactiveComplexity: false, crisisUnits: 0 },
        attendees: ['Client'],
        diagnosisIds: [active.id],
        mentalStatus: { withinNormalLimits: true, findings: { mood: 'Anxious' } },
        risk: {
          suicidal: { level: 'passive', plan: false, intent: false, means: false },
          homicidal: { level: 'denied', plan: false, intent: false, means: false },
          selfHarm: { level: 'not-assessed', plan: false, intent: false, means: false },
          protectiveFactors: 'Partner',
          safetyPlan: { reviewed: true, details: 'Reviewed; unchanged.' },
        },
        interventions: ['CBT'],
        objectives: [{ planId: plan.id, problem: 0, goal: 0, objective: 0, progress: 'progressing', comment: '6 hours' }],
      },
    });
    written = {
      measureId: measure.id,
      accessRequestId: accessRequest.id,
      courtOrderId: courtOrder.id,
      templateId: template.id,
      structuredNoteId: structured.id,
      diagnosisId: diagnosis.id,
      planId: plan.id,
      clientId: client.id,
      sessionId: session.id,
      noteId: draft.id,
      psychotherapyNoteId: psychotherapyNote.id,
      appointmentId: appointment.id,
      sealedNoteId: sealed.id,
    };
    await vault.close();

    await sodium.ready;
    db = new Database(path, { readonly: true, fileMustExist: true });
    vaultId = (db.prepare('SELECT vault_id FROM vault_meta WHERE singleton = 1').get() as { vault_id: string })
      .vault_id;
    const progressSlot = slot('progress', 'passphrase');
    const kek = passphraseKek(progressSlot, PASSPHRASE);
    progressKey = unwrap(vaultId, progressSlot, kek);
    sodium.memzero(kek);
  });

  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the documented format with exactly the documented tables and columns', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(FORMAT_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const columns = (table: string) =>
      (db.pragma(`table_info(${table})`) as { name: string; type: string }[]).map((c) => `${c.name} ${c.type}`);
    const record = (foreignKey?: string) => [
      'id TEXT',
      ...(foreignKey ? [`${foreignKey} TEXT`] : []),
      'key_version INTEGER',
      'nonce BLOB',
      'ciphertext BLOB',
    ];
    expect(columns('vault_meta')).toEqual(['singleton INTEGER', 'vault_id TEXT']);
    expect(columns('key_slots')).toEqual([
      'slot_id TEXT',
      'compartment TEXT',
      'kind TEXT',
      'key_version INTEGER',
      'kdf_alg TEXT',
      'kdf_ops INTEGER',
      'kdf_mem INTEGER',
      'salt BLOB',
      'nonce BLOB',
      'wrapped_key BLOB',
      'checksum BLOB',
    ]);
    expect(columns('unlock_throttle')).toEqual(['scope TEXT', 'failures INTEGER', 'last_failure_ms INTEGER']);
    const summary = ['summary_nonce BLOB', 'summary_ciphertext BLOB'];
    for (const [table, { foreignKey }] of ENCRYPTED) {
      if (table !== 'audit_log') expect(columns(table), table).toEqual([...record(foreignKey ?? undefined), ...(table === 'progress_notes' ? summary : [])]);
    }
    expect(columns('sync_state')).toEqual(['singleton INTEGER', 'device_id TEXT', 'hlc BLOB', 'last_batch_seq INTEGER']);
    expect(columns('sync_versions')).toEqual([
      'table_name TEXT',
      'row_id TEXT',
      'parent_id TEXT',
      'hlc BLOB',
      'device_id TEXT',
      'flags INTEGER',
      'seen BLOB',
      'exported INTEGER',
    ]);
    expect(columns('sync_conflicts')).toEqual([
      'table_name TEXT',
      'row_id TEXT',
      'hlc BLOB',
      'device_id TEXT',
      'flags INTEGER',
      'seen BLOB',
      'parent_id TEXT',
      'key_version INTEGER',
      'nonce BLOB',
      'ciphertext BLOB',
      'exported INTEGER',
    ]);
    expect(columns('sync_dismissed')).toEqual(['table_name TEXT', 'row_id TEXT', 'hlc BLOB', 'device_id TEXT', 'exported INTEGER']);
    expect(columns('sync_imported')).toEqual(['device_id TEXT', 'seq INTEGER']);
    expect(columns('sync_pending')).toEqual(['table_name TEXT', 'row_id TEXT', 'hlc BLOB', 'device_id TEXT', 'change BLOB']);
    expect(columns('sync_audit')).toEqual([
      'device_id TEXT',
      'seq INTEGER',
      'id TEXT',
      'key_version INTEGER',
      'nonce BLOB',
      'ciphertext BLOB',
      'mac BLOB',
    ]);
    expect(columns('audit_log')).toEqual([
      'seq INTEGER',
      'id TEXT',
      'key_version INTEGER',
      'nonce BLOB',
      'ciphertext BLOB',
      'mac BLOB',
    ]);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual([...ENCRYPTED.keys(), ...PLAINTEXT_TABLES].sort());
  });

  it('stamps every stored row in sync_versions as section 2a says: this device, an HLC no later than its clock, a seen vector naming it', () => {
    const state = db.prepare('SELECT device_id, hlc, last_batch_seq FROM sync_state').get() as { device_id: string; hlc: Buffer; last_batch_seq: number };
    expect(state.device_id).toMatch(/^[0-9a-f]{32}$/);
    expect(state.last_batch_seq).toBe(0);
    const hlcValue = (bytes: Buffer) => bytes.readUIntBE(0, 6) * 65_536 + bytes.readUInt16BE(6);
    const entry = db.prepare("SELECT * FROM sync_versions WHERE table_name = 'clients' AND row_id = ?").get(written.clientId) as {
      hlc: Buffer;
      device_id: string;
      flags: number;
      seen: Buffer;
      exported: number;
    };
    expect(entry).toMatchObject({ device_id: state.device_id, flags: 0, exported: 0 });
    expect(entry.hlc).toHaveLength(8);
    expect(hlcValue(entry.hlc)).toBeLessThanOrEqual(hlcValue(state.hlc));
    expect(entry.seen[0]).toBe(1);
    expect(entry.seen.subarray(1, 17).toString('hex')).toBe(state.device_id);
    expect(entry.seen.subarray(17, 25).equals(entry.hlc)).toBe(true);
    const note = db.prepare("SELECT flags FROM sync_versions WHERE table_name = 'progress_notes' AND row_id = ?").get(written.noteId);
    expect(note).toEqual({ flags: 1 });
    const stamped = db.prepare('SELECT count(*) FROM sync_versions').pluck().get();
    const rows = [...ENCRYPTED.keys()].map((table) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number).reduce((a, b) => a + b, 0);
    const deleted = db.prepare('SELECT count(*) FROM sync_versions WHERE flags & 2').pluck().get() as number;
    expect(stamped).toBe(rows + deleted);
  });

  it('has four slots whose fields, sizes and checksums are as documented', () => {
    const slots = db.prepare('SELECT * FROM key_slots').all() as SlotRow[];
    expect(slots.map((s) => `${s.compartment}/${s.kind}`).sort()).toEqual([
      'progress/passphrase',
      'progress/recovery',
      'psychotherapy/passphrase',
      'psychotherapy/recovery',
    ]);
    expect(vaultId).toMatch(/^[0-9a-f]{32}$/);
    for (const s of slots) {
      expect(s.slot_id).toMatch(/^[0-9a-f]{32}$/);
      expect(s.key_version).toBe(1);
      expect(s.nonce).toHaveLength(24);
      expect(s.wrapped_key).toHaveLength(48);
      expect(hex(sodium.crypto_generichash(32, utf8(slotHeader(s)), null))).toBe(hex(s.checksum));
      if (s.kind === 'passphrase') {
        expect([s.kdf_alg, s.kdf_ops, s.kdf_mem]).toEqual(['argon2id13', 3, 67_108_864]);
        expect(s.salt).toHaveLength(16);
      } else {
        expect([s.kdf_alg, s.kdf_ops, s.kdf_mem, s.salt]).toEqual([null, null, null, null]);
      }
    }
  });

  it('decrypts a client, its session and its signed progress note and addendum with the passphrase', () => {
    expect(progressKey).toHaveLength(32);
    const client = openRow(vaultId, 'clients', sealedRow('clients', written.clientId), progressKey);
    expect(client).toMatchObject({
      name: CLIENT_NAME,
      dateOfBirth: '1988-02-29',
      chartNumber: 'TV-00001',
      archived: false,
    });
    expect(client).not.toHaveProperty('id');
    expect(client.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const session = openRow(vaultId, 'sessions', sealedRow('sessions', written.sessionId), progressKey);
    const sessionParent = db.prepare('SELECT client_id FROM sessions WHERE id = ?').pluck().get(written.sessionId);
    expect(session).toMatchObject({
      clientId: sessionParent,
      date: '2025-03-17',
      startTime: '10:00',
      endTime: '10:50',
      modality: 'video',
      status: 'attended',
    });

    const appointment = openRow(vaultId, 'standing_appointments', sealedRow('standing_appointments', written.appointmentId), progressKey);
    const appointmentParent = db.prepare('SELECT client_id FROM standing_appointments WHERE id = ?').pluck().get(written.appointmentId);
    expect(appointment).toMatchObject({
      clientId: appointmentParent,
      weekdays: [2, 4],
      startTime: '16:00',
      durationMinutes: 50,
      modality: 'in-person',
      location: 'Room 2',
      startDate: '2025-03-18',
      skippedDates: [],
    });
    expect(appointment).not.toHaveProperty('endDate');

    const note = openRow(vaultId, 'progress_notes', sealedRow('progress_notes', written.noteId), progressKey);
    expect(note).toMatchObject({
      sessionId: written.sessionId,
      templateId: 'DAP',
      status: 'signed',
      signedBy: 'Dr. Maya Lindqvist',
      fields: { data: 'Client reported sleeping better.', assessment: 'Improving.', plan: '' },
    });
    expect(Object.keys(note.fields as object)).toEqual(['data', 'assessment', 'plan']);
    expect(note).not.toHaveProperty('id');
    expect(note).not.toHaveProperty('addenda');

    const summaryRow = db
      .prepare('SELECT id, key_version, summary_nonce AS nonce, summary_ciphertext AS ciphertext FROM progress_notes WHERE id = ?')
      .get(written.noteId) as SealedRow;
    const summaryAad = utf8(`summary|${vaultId}|progress_notes|${written.noteId}|progress|${summaryRow.key_version}`);
    const summary = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, summaryRow.ciphertext, summaryAad, summaryRow.nonce, progressKey);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(summary)).toBe(
      JSON.stringify({ sessionId: written.sessionId, templateId: 'DAP', status: 'signed' }),
    );
    expect(() => openRow(vaultId, 'progress_notes', summaryRow, progressKey)).toThrow();
    const indexes = (table: string) =>
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name").pluck().all(table);
    expect(indexes('progress_notes')).toEqual(['progress_notes_summaries', 'progress_notes_without_summary']);
    expect(indexes('sessions')).toEqual(['sessions_by_client', 'sessions_rows_by_client']);

    const addendum = db
      .prepare('SELECT id, note_id, key_version, nonce, ciphertext FROM addenda')
      .get() as SealedRow & { note_id: string };
    expect(openRow(vaultId, 'addenda', addendum, progressKey)).toMatchObject({
      noteId: addendum.note_id,
      text: 'Late entry: called on Tuesday.',
      author: 'Dr. Maya Lindqvist',
    });
  });

  it('decrypts every version of a diagnosis and a signed treatment plan, each naming its client', () => {
    const versions = (
      db.prepare('SELECT id, client_id, key_version, nonce, ciphertext FROM diagnoses').all() as (SealedRow & { client_id: string })[]
    )
      .map((row) => ({ row, payload: openRow(vaultId, 'diagnoses', row, progressKey) }))
      .filter(({ payload }) => payload.diagnosisId === written.diagnosisId);
    expect(versions.map(({ payload }) => payload.version).sort()).toEqual([1, 2]);
    for (const { row, payload } of versions) {
      expect(payload).toMatchObject({
        diagnosisId: written.diagnosisId,
        clientId: row.client_id,
        code: 'F43.22',
        description: 'Adjustment disorder with anxiety',
        rank: 'primary',
      });
      expect(payload.recordedAt).toMatch(/Z$/);
    }
    const latest = versions.find(({ payload }) => payload.version === 2)!.payload;
    expect(latest).toMatchObject({ status: 'resolved', onsetDate: '2025-02-01' });
    expect(versions.find(({ row }) => row.id === written.diagnosisId)!.payload).toMatchObject({ version: 1, status: 'active' });

    const plan = openRow(vaultId, 'treatment_plans', sealedRow('treatment_plans', written.planId), progressKey);
    expect(plan).toMatchObject({
      clientId: written.clientId,
      revision: 1,
      status: 'signed',
      signedBy: 'Dr. Maya Lindqvist',
      content: {
        problems: [{ statement: 'Worry after a move', diagnosisIds: [written.diagnosisId], goals: [{ objectives: [{ targetDate: '2025-06-01' }] }] }],
        interventions: [{ description: 'CBT', frequency: 'weekly', modality: 'individual, video' }],
      },
    });
    expect(plan.reviewDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(plan).not.toHaveProperty('supersedesId');
  });

  it('decrypts a PHQ-9 under its session, its score, band and item 9 flag as documented', () => {
    const row = db.prepare('SELECT id, session_id, key_version, nonce, ciphertext FROM outcome_measures').get() as SealedRow & {
      session_id: string;
    };
    expect(row.id).toBe(written.measureId);
    expect(row.session_id).toBe(written.sessionId);
    const payload = openRow(vaultId, 'outcome_measures', row, progressKey);
    expect(payload).toEqual({
      clientId: written.clientId,
      sessionId: written.sessionId,
      instrument: 'phq9',
      responses: [2, 2, 1, 2, 1, 1, 1, 0, 1],
      score: 11,
      band: 'moderate',
      risk: true,
      difficulty: 'somewhat',
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
  });

  it('decrypts an access request with its extension, naming its client', () => {
    const request = openRow(vaultId, 'access_requests', sealedRow('access_requests', written.accessRequestId), progressKey);
    const parent = db.prepare('SELECT client_id FROM access_requests WHERE id = ?').pluck().get(written.accessRequestId);
    expect(request).toEqual({
      clientId: parent,
      receivedOn: '2025-03-20',
      requestedBy: 'The client',
      requested: 'Everything since January',
      form: 'electronic-copy',
      format: 'PDF',
      delivery: 'email',
      deliveryDetails: '',
      extension: { extendedOn: '2025-03-21', reason: 'Waiting for the billing office' },
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
  });

  it('decrypts a court order under the progress key, naming its client, the judge and that it names psychotherapy notes', () => {
    const row = db
      .prepare('SELECT id, client_id, key_version, nonce, ciphertext FROM court_orders WHERE id = ?')
      .get(written.courtOrderId) as SealedRow & { client_id: string };
    expect(row.client_id).toBe(written.clientId);
    expect(openRow(vaultId, 'court_orders', row, progressKey)).toEqual({
      clientId: written.clientId,
      court: 'Superior Court of California, County of Alameda',
      judge: 'Hon. Rosa Whitaker',
      caseNumber: 'FL-2025-0117',
      signedOn: '2025-04-02',
      signedBy: 'judge',
      namesPsychotherapyNotes: true,
      createdAt: expect.stringMatching(/Z$/),
    });
  });

  it("decrypts a custom template, and a note's structured parts and its copy of that template", () => {
    const template = openRow(vaultId, 'note_templates', sealedRow('note_templates', written.templateId), progressKey);
    expect(template).toEqual({
      name: 'Brief check-in',
      basedOn: 'DAP',
      fields: [
        { id: 'data', label: 'Check-in', prompt: 'How the week went.', rows: 4 },
        { id: 'nextstep', label: 'Next step', prompt: '', rows: 2, carryForward: true },
      ],
      carriedParts: ['attendees', 'risk'],
      version: 1,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
    const note = openRow(vaultId, 'progress_notes', sealedRow('progress_notes', written.structuredNoteId), progressKey);
    expect(note.templateId).toBe('DAP');
    expect(note.template).toEqual({ customId: written.templateId, version: 1, name: 'Brief check-in', fields: template.fields });
    expect(note.fields).toEqual({ data: 'Calmer week.', nextstep: 'Keep the walks.' });
    const summaryRow = db
      .prepare('SELECT id, key_version, summary_nonce AS nonce, summary_ciphertext AS ciphertext FROM progress_notes WHERE id = ?')
      .get(written.structuredNoteId) as SealedRow;
    const summaryAad = utf8(`summary|${vaultId}|progress_notes|${written.structuredNoteId}|progress|${summaryRow.key_version}`);
    const summary = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, summaryRow.ciphertext, summaryAad, summaryRow.nonce, progressKey);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(summary)).toBe(
      JSON.stringify({ sessionId: note.sessionId, templateId: 'DAP', status: 'draft', templateName: 'Brief check-in' }),
    );
    expect(note.structure).toMatchObject({
      service: { code: '90834', start: '16:02', end: '16:47', interactiveComplexity: false, crisisUnits: 0, minutes: 45 },
      attendees: ['Client'],
      diagnoses: [{ code: 'F41.1', description: 'Generalized anxiety disorder' }],
      mentalStatus: { withinNormalLimits: true, findings: { mood: 'Anxious' } },
      risk: { suicidal: { level: 'passive' }, safetyPlan: { reviewed: true, details: 'Reviewed; unchanged.' } },
      interventions: ['CBT'],
      objectives: [{ planId: written.planId, problem: 0, goal: 0, objective: 0, statement: 'Sleeps 7 hours', progress: 'progressing', comment: '6 hours' }],
    });
  });

  it('keeps the settings in the one row with the fixed id', () => {
    const row = sealedRow('settings', '00000000000000000000000000000001');
    expect(openRow(vaultId, 'settings', row, progressKey)).toMatchObject({
      clinicianName: 'Dr. Maya Lindqvist',
      vaultIdleMinutes: 15,
    });
  });

  it('binds each ciphertext to its row: the same bytes under another row id do not open', () => {
    const row = sealedRow('clients', written.clientId);
    expect(() => openRow(vaultId, 'clients', { ...row, id: written.sessionId }, progressKey)).toThrow();
    expect(() => openRow(vaultId, 'sessions', { ...row }, progressKey)).toThrow();
  });

  it('opens the psychotherapy compartment with its own passphrase and decrypts a psychotherapy note', () => {
    const psychotherapySlot = slot('psychotherapy', 'passphrase');
    expect(() => unwrap(vaultId, psychotherapySlot, passphraseKek(psychotherapySlot, PASSPHRASE))).toThrow();
    const kek = passphraseKek(psychotherapySlot, PSYCH_PASSPHRASE);
    const key = unwrap(vaultId, psychotherapySlot, kek);
    const note = openRow(
      vaultId,
      'psychotherapy_notes',
      sealedRow('psychotherapy_notes', written.psychotherapyNoteId),
      key,
    );
    expect(note).toMatchObject({ sessionId: written.sessionId, text: PSYCH_TEXT });
    expect(note).not.toHaveProperty('id');
  });

  it('opens both recovery slots with the recovery key as displayed', () => {
    expect(recoveryKey).toMatch(/^([0-9a-f]{8}-){7}[0-9a-f]{8}$/);
    const kek = sodium.crypto_kdf_derive_from_key(32, 1, 'tvrecov1', parseDisplayedRecoveryKey(recoveryKey));
    expect(hex(unwrap(vaultId, slot('progress', 'recovery'), kek))).toBe(hex(progressKey));
    const psychotherapyKey = unwrap(vaultId, slot('psychotherapy', 'recovery'), kek);
    const note = openRow(
      vaultId,
      'psychotherapy_notes',
      sealedRow('psychotherapy_notes', written.psychotherapyNoteId),
      psychotherapyKey,
    );
    expect(note.text).toBe(PSYCH_TEXT);
  });

  it('verifies the audit chain from its first MAC, and decrypts its entries', () => {
    const rows = db
      .prepare('SELECT seq, id, key_version, nonce, ciphertext, mac FROM audit_log ORDER BY seq')
      .all() as (SealedRow & {
      seq: number;
      mac: Buffer;
    })[];
    const macKey = sodium.crypto_kdf_derive_from_key(32, 1, 'tvaudit1', progressKey);
    const macOf = (previous: Uint8Array, row: (typeof rows)[number]) =>
      sodium.crypto_auth(
        concat(previous, utf8(`audit|${vaultId}|${row.seq}|${row.id}|${row.key_version}|`), row.nonce, row.ciphertext),
        macKey,
      );

    const [first] = rows;
    expect(first?.seq).toBe(1);
    expect(hex(macOf(new Uint8Array(32), first!))).toBe(hex(first!.mac));
    expect(openRow(vaultId, 'audit_log', first!, progressKey)).toMatchObject({
      event: 'vault.created',
      detail: { kdfOps: 3, kdfMemMiB: 64 },
    });

    let previous: Uint8Array = new Uint8Array(32);
    const events = rows.map((row, index) => {
      expect(row.seq).toBe(index + 1);
      expect(
        sodium.crypto_auth_verify(
          row.mac,
          concat(
            previous,
            utf8(`audit|${vaultId}|${row.seq}|${row.id}|${row.key_version}|`),
            row.nonce,
            row.ciphertext,
          ),
          macKey,
        ),
      ).toBe(true);
      previous = row.mac;
      const payload = openRow(vaultId, 'audit_log', row, progressKey);
      expect(payload).not.toHaveProperty('seq');
      return payload.event;
    });
    expect(events).toEqual([
      'vault.created',
      'captureKeys.created',
      'measure.recorded',
      'progressNote.signed',
      'psychotherapy.opened',
      'psychotherapy.closed',
      'psychotherapy.captured',
      'treatmentPlan.signed',
      'vault.locked',
    ]);
  });

  it('reads the quick-capture public key with the progress key, and seals to it as the app does', () => {
    const publicRow = db.prepare('SELECT id, key_version, nonce, ciphertext FROM capture_public_keys').get() as SealedRow;
    const publicRecord = openRow(vaultId, 'capture_public_keys', publicRow, progressKey);
    const publicKey = sodium.from_base64(publicRecord.publicKey as string, sodium.base64_variants.ORIGINAL);
    expect(publicKey).toHaveLength(32);

    const sealedParent = db.prepare('SELECT session_id FROM sealed_notes WHERE id = ?').pluck().get(written.sealedNoteId);
    const outer = openRow(vaultId, 'sealed_notes', sealedRow('sealed_notes', written.sealedNoteId), progressKey);
    expect(outer).toEqual({ sessionId: sealedParent, keyPairId: publicRow.id, envelope: expect.any(String) });
    const envelope = sodium.from_base64(outer.envelope as string, sodium.base64_variants.ORIGINAL);
    // Ephemeral public key (32) || XSalsa20-Poly1305 ciphertext with its 16-byte tag.
    expect(envelope.length).toBeGreaterThan(32 + 16);
    expect(new TextDecoder().decode(envelope)).not.toContain('ferry');
    expect(() => sodium.crypto_box_seal_open(envelope, publicKey, progressKey)).toThrow();
  });

  it('opens a sealed note with the secret key read with the psychotherapy key, and with nothing else', () => {
    const psychotherapySlot = slot('psychotherapy', 'passphrase');
    const psychotherapyKey = unwrap(vaultId, psychotherapySlot, passphraseKek(psychotherapySlot, PSYCH_PASSPHRASE));
    const publicRow = db.prepare('SELECT id, key_version, nonce, ciphertext FROM capture_public_keys').get() as SealedRow;
    const publicKey = sodium.from_base64(
      openRow(vaultId, 'capture_public_keys', publicRow, progressKey).publicKey as string,
      sodium.base64_variants.ORIGINAL,
    );
    const secretRow = db
      .prepare('SELECT id, key_pair_id, key_version, nonce, ciphertext FROM capture_secret_keys')
      .get() as SealedRow & { key_pair_id: string };
    expect(secretRow.key_pair_id).toBe(publicRow.id);
    expect(() => openRow(vaultId, 'capture_secret_keys', secretRow, progressKey)).toThrow();
    const secretRecord = openRow(vaultId, 'capture_secret_keys', secretRow, psychotherapyKey);
    expect(secretRecord.keyPairId).toBe(secretRow.key_pair_id);
    const secretKey = sodium.from_base64(secretRecord.secretKey as string, sodium.base64_variants.ORIGINAL);
    expect(hex(sodium.crypto_scalarmult_base(secretKey))).toBe(hex(publicKey));

    const outer = openRow(vaultId, 'sealed_notes', sealedRow('sealed_notes', written.sealedNoteId), progressKey);
    const envelope = sodium.from_base64(outer.envelope as string, sodium.base64_variants.ORIGINAL);
    const content = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(sodium.crypto_box_seal_open(envelope, publicKey, secretKey)));
    expect(content).toEqual({ sessionId: written.sessionId, text: SEALED_TEXT, capturedAt: expect.stringMatching(/Z$/) });
    expect(envelope.length).toBe(32 + new TextEncoder().encode(JSON.stringify(content)).length + 16);
  });
});

describe('docs/VAULT_FORMAT.md, the primitives spelled out for libraries that lack them', () => {
  beforeAll(() => sodium.ready);

  it('crypto_kdf_derive_from_key is keyed BLAKE2b of nothing with the documented salt and personalization', () => {
    const master = sodium.randombytes_buf(32);
    for (const [id, context] of [[1, 'tvrecov1'], [1, 'tvaudit1'], [1, 'tvbackup'], [7, 'tvaudit1']] as const) {
      const salt = new Uint8Array(16);
      new DataView(salt.buffer).setBigUint64(0, BigInt(id), true);
      const personal = new Uint8Array(16);
      personal.set(utf8(context));
      const spelledOut = sodium.crypto_generichash_blake2b_salt_personal(32, master, salt, personal);
      expect(hex(spelledOut)).toBe(hex(sodium.crypto_kdf_derive_from_key(32, id, context, master)));
    }
  });

  it('crypto_box_seal is the ephemeral public key, then crypto_box_easy under the BLAKE2b-192 nonce of both public keys', () => {
    const recipient = sodium.crypto_box_keypair();
    const content = utf8('{"sessionId":"5a1f","text":"ferry","capturedAt":"2026-04-02T15:04:05.000Z"}');
    const envelope = sodium.crypto_box_seal(content, recipient.publicKey);
    expect(envelope.length).toBe(32 + content.length + 16);
    const ephemeral = envelope.subarray(0, 32);
    const nonce = sodium.crypto_generichash(24, concat(ephemeral, recipient.publicKey), null);
    const opened = sodium.crypto_box_open_easy(envelope.subarray(32), nonce, ephemeral, recipient.privateKey);
    expect(hex(opened)).toBe(hex(content));
  });

  it('crypto_auth is HMAC-SHA-512 truncated to its first 32 bytes', () => {
    const key = sodium.randombytes_buf(32);
    const message = utf8('audit|8e0c|1|5a1f|1|');
    const hmac = createHmac('sha512', key).update(message).digest().subarray(0, 32);
    expect(hex(sodium.crypto_auth(message, key))).toBe(hex(hmac));
  });

  it('reads a recovery key back with every documented whitespace character and dash removed', () => {
    const key = sodium.randombytes_buf(32);
    const groups = sodium.to_hex(key).toUpperCase().match(/.{8}/g)!;
    const spaces = ['\t', '\n', '\u00a0', '\u2003', '\u202f', '\u3000', '\ufeff', ' -'];
    const typed = groups.map((group, index) => `${group}${spaces[index % spaces.length]}`).join('');
    expect(hex(parseDisplayedRecoveryKey(typed))).toBe(hex(key));
    expect(hex(parseRecoveryKey(sodium, typed)!)).toBe(hex(key));
  });
});
