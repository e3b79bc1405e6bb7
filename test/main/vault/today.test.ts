import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../shared/domain/records';
import { DEFAULT_SETTINGS } from '../../../shared/domain/schemas';
import { createdVault, PASSPHRASE } from '../../helpers/tempVault';
import { FakeTime } from './fakeTime';
import { expectCode } from './tamper';

const time = new FakeTime(Date.UTC(2026, 10, 20, 15, 0, 0));
let made: Awaited<ReturnType<typeof createdVault>>;
let tomas: Client;
let maya: Client;

const FOLDER = { folderChosen: true, automatic: true };
const NOW = { date: '2026-11-20', time: '15:00' };
const summary = (request = NOW, backup = FOLDER) => made.vault.today.summary(request, backup);

function session(client: Client, date: string, startTime: string, endTime: string) {
  return made.vault.sessions.create({ clientId: client.id, date, startTime, endTime, modality: 'in-person' });
}

beforeAll(async () => {
  made = await createdVault({ clock: time, timers: time });
  tomas = made.vault.clients.create({ name: 'Tomás Herrera', preferredName: 'Tom', chartNumber: 'C-7' });
  maya = made.vault.clients.create({ name: 'Maya Lind' });
});
afterAll(async () => {
  await made?.dispose();
});

describe('the Today summary', () => {
  it("lists the day's sessions in time order with each note's state", () => {
    const late = session(maya, '2026-11-20', '16:00', '16:50');
    const early = session(tomas, '2026-11-20', '09:00', '09:50');
    const middle = session(maya, '2026-11-20', '11:00', '11:50');
    session(tomas, '2026-11-21', '09:00', '09:50');
    made.vault.progressNotes.saveDraft({ sessionId: middle.id, templateId: 'SOAP', fields: { subjective: 'x' } });

    const today = summary();
    expect(today.sessions.map((row) => row.sessionId)).toEqual([early.id, middle.id, late.id]);
    expect(today.sessions.map((row) => row.noteState)).toEqual(['none', 'draft', 'none']);
    expect(today.sessions[0]).toMatchObject({ clientName: 'Tomás Herrera', preferredName: 'Tom', startTime: '09:00' });
  });

  it('lists ended sessions without a note as notes to write, never ones still to come', () => {
    const today = summary();
    const toWrite = today.notesToWrite.map((row) => `${row.date} ${row.startTime}`);
    expect(toWrite).toEqual(['2026-11-20 09:00']);
    expect(summary({ date: '2026-11-20', time: '16:50' }).notesToWrite.map((row) => row.startTime)).toEqual(['09:00', '16:00']);
  });

  it('owes no note for a cancelled session', () => {
    const cancelled = session(maya, '2026-11-19', '09:00', '09:50');
    made.vault.sessions.update(cancelled.id, {
      clientId: maya.id,
      date: '2026-11-19',
      startTime: '09:00',
      endTime: '09:50',
      modality: 'in-person',
      status: 'cancelled',
    });
    const today = summary();
    expect(today.notesToWrite.map((row) => row.sessionId)).not.toContain(cancelled.id);
    expect(today.sessions.every((row) => row.status === 'scheduled' || row.status === 'attended')).toBe(true);
  });

  it('lists drafts with their age since the session ended and marks them overdue past the setting', () => {
    const old = session(tomas, '2026-11-16', '10:00', '10:50');
    made.vault.progressNotes.saveDraft({ sessionId: old.id, templateId: 'DAP', fields: { data: 'y' } });
    const drafts = summary().draftsToSign;
    expect(drafts.map((row) => [row.date, row.ageHours, row.overdue])).toEqual([
      ['2026-11-16', 4 * 24 + 4, true],
      ['2026-11-20', 3, false],
    ]);
    made.vault.settings.save({ ...DEFAULT_SETTINGS, draftOverdueHours: 200 });
    expect(summary().draftsToSign.map((row) => row.overdue)).toEqual([false, false]);
    expect(summary().overdueAfterHours).toBe(200);
  });

  it('drops a signed note from the drafts and shows it signed', () => {
    const signedSession = session(maya, '2026-11-20', '13:00', '13:50');
    const draft = made.vault.progressNotes.saveDraft({ sessionId: signedSession.id, templateId: 'SOAP', fields: { plan: 'z' } });
    made.vault.progressNotes.sign(draft.id, 'Dr Test');
    const today = summary();
    expect(today.draftsToSign.map((row) => row.sessionId)).not.toContain(signedSession.id);
    expect(today.sessions.find((row) => row.sessionId === signedSession.id)?.noteState).toBe('signed');
  });

  it('carries no note text', () => {
    expect(JSON.stringify(summary())).not.toMatch(/"(subjective|data|plan)"/);
  });

  it('asks for a backup until a folder is chosen, and again a week after the last backup', async () => {
    expect(summary(NOW, { folderChosen: false, automatic: true }).backup.needsAttention).toBe(true);
    expect(summary(NOW, FOLDER).backup).toEqual({ folderChosen: true, lastBackupAt: null, needsAttention: false });
    expect(summary(NOW, { folderChosen: true, automatic: false }).backup.needsAttention).toBe(true);

    made.vault.audit.record('backup.created', { kind: 'manual' });
    const fresh = summary().backup;
    expect(fresh.lastBackupAt).toBe(new Date(time.now()).toISOString());
    expect(fresh.needsAttention).toBe(false);
    time.advance(8 * 24 * 3_600_000);
    await made.vault.unlock(PASSPHRASE);
    expect(summary().backup.needsAttention).toBe(true);
  });

  it('lists signed treatment plans whose review date has come, soonest first, and drops one once revised and signed again', () => {
    const plan = (client: Client, reviewDate: string) => {
      const diagnosis = made.vault.diagnoses.add({ clientId: client.id, code: 'F41.1', rank: 'primary', status: 'active' });
      const draft = made.vault.treatmentPlans.saveDraft({
        clientId: client.id,
        content: {
          problems: [
            {
              statement: 'Worry',
              diagnosisIds: [diagnosis.id],
              goals: [{ statement: 'Less worry', objectives: [{ statement: 'GAD-7 below 10', targetDate: '2027-01-01' }] }],
            },
          ],
          interventions: [{ description: 'CBT', frequency: 'weekly', modality: 'individual' }],
          reviewDate,
        },
      });
      return made.vault.treatmentPlans.sign(draft.id, 'Dr. Test');
    };
    expect(summary().plansDueForReview).toEqual([]);
    const mayaPlan = plan(maya, '2026-11-20');
    const tomasPlan = plan(tomas, '2026-10-01');
    expect(summary().plansDueForReview).toEqual([
      { clientId: tomas.id, clientName: 'Tomás Herrera', planId: tomasPlan.id, revision: 1, reviewDate: '2026-10-01' },
      { clientId: maya.id, clientName: 'Maya Lind', planId: mayaPlan.id, revision: 1, reviewDate: '2026-11-20' },
    ]);
    expect(summary({ date: '2026-11-19', time: '09:00' }).plansDueForReview.map((due) => due.clientName)).toEqual(['Tomás Herrera']);

    const revision = made.vault.treatmentPlans.saveDraft({ clientId: tomas.id, content: { ...tomasPlan.content, reviewDate: '2027-02-18' } });
    expect(summary().plansDueForReview).toHaveLength(2);
    made.vault.treatmentPlans.sign(revision.id, 'Dr. Test');
    expect(summary().plansDueForReview.map((due) => due.clientName)).toEqual(['Maya Lind']);
  });

  it('refuses a date or time that is not one', async () => {
    await expectCode(() => summary({ date: '2026-02-30', time: '10:00' }), 'INVALID_INPUT');
    await expectCode(() => summary({ date: '2026-11-20', time: '24:00' }), 'INVALID_INPUT');
  });

  it('needs the vault open', async () => {
    await made.vault.lock();
    await expectCode(() => summary(), 'LOCKED');
  });
});
