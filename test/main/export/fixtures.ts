import type { Client, ProgressNote, Session } from '../../../shared/domain/records';
import type { ClientInput, Modality, Settings } from '../../../shared/domain/schemas';
import { DEFAULT_SETTINGS } from '../../../shared/domain/schemas';
import type { TemplateId } from '../../../shared/templates';
import { TEMPLATE_IDS } from '../../../shared/templates';
import type { Vault } from '../../../main/vault/vaultApi';
import type { Difficulty, MeasureInstrument } from '../../../shared/clinical/measures';
import { addendumText, caseProfile, noteSize, progressNoteFields } from '../../fixtures/synthetic/clinicalText';
import { seededRandom } from '../../fixtures/synthetic/random';

/** Synthetic practice details: every person and place here is invented. */
export const SAMPLE_PRACTICE: Settings = {
  ...DEFAULT_SETTINGS,
  clinicianName: 'Dr. Maya Lindqvist',
  credentials: 'PsyD, Licensed Psychologist',
  licence: 'PSY 48213 (California)',
  npi: '1234567893',
  taxId: '94-1234567',
  practiceName: 'Harbor Street Psychology',
  address: '412 Harbor Street, Suite 3, San Francisco, CA 94111',
  phone: '+1 (415) 555-0142',
  email: 'office@harborstreet.example',
};

export const SIGNER = 'Dr. Maya Lindqvist, PsyD, Licensed Psychologist';

const DAY_MS = 86_400_000;
const MODALITIES: readonly Modality[] = ['in-person', 'in-person', 'video', 'phone'];

export interface RecordOptions {
  client: ClientInput;
  notes: number;
  seed: number;
  /** The first session; the others follow weekly. */
  firstDate: string;
  /** Every n-th note stays a draft (0: none). */
  draftEvery?: number;
  /** Every n-th signed note gets an addendum (0: none). */
  addendumEvery?: number;
  templates?: readonly TemplateId[];
  /** Text for a psychotherapy note beside the n-th session; needs the compartment open. */
  psychotherapyText?: (index: number) => string | null;
  /** PHQ-9 or GAD-7 answers given in the n-th session, recorded before its note is signed. */
  measures?: (index: number) => readonly { instrument: MeasureInstrument; responses: number[]; difficulty?: Difficulty }[];
  /** Moves a test clock so signatures fall the day after their session. */
  setNow?: (ms: number) => void;
}

export interface WrittenRecord {
  client: Client;
  entries: { session: Session; note: ProgressNote }[];
  psychotherapyTexts: string[];
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A client with `notes` weekly sessions, each with a progress note, written in one transaction. */
export function writeRecord(vault: Vault, options: RecordOptions): WrittenRecord {
  const random = seededRandom(options.seed);
  const profile = caseProfile(random, 'Alex');
  const templates = options.templates ?? TEMPLATE_IDS;
  return vault.transaction(() => {
    options.setNow?.(Date.parse(`${options.firstDate}T09:00:00`) - 30 * DAY_MS);
    const client = vault.clients.create(options.client);
    const entries: WrittenRecord['entries'] = [];
    const psychotherapyTexts: string[] = [];
    for (let index = 0; index < options.notes; index += 1) {
      const date = addDays(options.firstDate, index * 7);
      const startMs = Date.parse(`${date}T10:00:00`);
      options.setNow?.(startMs);
      const modality = MODALITIES[index % MODALITIES.length]!;
      const session = vault.sessions.create({
        clientId: client.id,
        date,
        startTime: '10:00',
        endTime: '10:50',
        modality,
        ...(modality === 'in-person' ? { location: 'Room 2' } : {}),
      });
      const templateId = templates[index % templates.length]!;
      const draft = options.draftEvery ? index % options.draftEvery === options.draftEvery - 1 : false;
      const context = { profile, sessionNumber: index + 1, progress: index / Math.max(1, options.notes - 1), modality, date };
      const fields = progressNoteFields(random, templateId, context, noteSize(random), draft);
      let note = vault.progressNotes.saveDraft({ sessionId: session.id, templateId, fields });
      for (const answers of options.measures?.(index) ?? []) vault.measures.record({ clientId: client.id, sessionId: session.id, ...answers });
      if (!draft) {
        options.setNow?.(startMs + 4 * 3_600_000);
        note = vault.progressNotes.sign(note.id, SIGNER);
        if (options.addendumEvery && index % options.addendumEvery === 0) {
          options.setNow?.(startMs + 2 * DAY_MS);
          note = vault.progressNotes.addAddendum({ noteId: note.id, text: addendumText(random, context), author: SIGNER });
        }
      }
      const psychotherapy = options.psychotherapyText?.(index);
      if (psychotherapy) {
        vault.psychotherapyNotes.create({ sessionId: session.id, text: psychotherapy });
        psychotherapyTexts.push(psychotherapy);
      }
      entries.push({ session, note });
    }
    return { client, entries, psychotherapyTexts };
  });
}
