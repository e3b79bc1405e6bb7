import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../shared/domain/records';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';
import { FakeTime } from './fakeTime';
import { expectCode } from './tamper';

const time = new FakeTime();
let made: Awaited<ReturnType<typeof createdVault>>;
let session: Session;
let otherSession: Session;

beforeAll(async () => {
  made = await createdVault({ clock: time });
  const client = made.vault.clients.create({ name: 'Process Client' });
  const times = { startTime: '10:00', endTime: '10:50', modality: 'in-person' } as const;
  session = made.vault.sessions.create({ clientId: client.id, date: '2026-08-01', ...times });
  otherSession = made.vault.sessions.create({ clientId: client.id, date: '2026-08-08', ...times });
});
afterAll(async () => {
  await made?.dispose();
});

const psych = () => made.vault.psychotherapyNotes;

async function expectAllLocked(code: 'LOCKED' | 'PSYCHOTHERAPY_LOCKED') {
  const id = 'a'.repeat(32);
  await expectCode(() => psych().create({ sessionId: session.id, text: 'x' }), code);
  await expectCode(() => psych().get(id), code);
  await expectCode(() => psych().update(id, 'x'), code);
  await expectCode(() => psych().remove(id), code);
  await expectCode(() => psych().listForSession(session.id), code);
}

describe('psychotherapy notes', () => {
  it('answer PSYCHOTHERAPY_LOCKED for every call until the compartment is opened', async () => {
    expect(made.vault.state()).toBe('open');
    await expectAllLocked('PSYCHOTHERAPY_LOCKED');
  });

  it('do not open with the vault passphrase when the compartment has its own', async () => {
    await expectCode(() => made.vault.openPsychotherapy(PASSPHRASE), 'WRONG_PASSPHRASE');
    expect(made.vault.state()).toBe('open');
  });

  it('are created, read, updated, listed oldest first and deleted once the compartment is open', async () => {
    await made.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    const first = psych().create({ sessionId: session.id, text: 'first impressions' });
    time.advance(1000);
    const second = psych().create({ sessionId: session.id, text: 'countertransference' });
    psych().create({ sessionId: otherSession.id, text: 'another session' });
    expect(psych().get(first.id)).toEqual(first);
    time.advance(1000);
    const updated = psych().update(first.id, 'first impressions, revised');
    expect(updated).toEqual({
      ...first,
      text: 'first impressions, revised',
      updatedAt: new Date(time.now()).toISOString(),
      storedVersion: expect.stringMatching(/^[0-9a-f]{48}$/),
    });
    expect(updated.storedVersion).not.toBe(first.storedVersion);
    expect(psych().listForSession(session.id).map((note) => note.id)).toEqual([first.id, second.id]);
    psych().remove(second.id);
    await expectCode(() => psych().get(second.id), 'NOT_FOUND');
    await expectCode(() => psych().remove(second.id), 'NOT_FOUND');
    expect(psych().listForSession(session.id)).toEqual([updated]);
  });

  it('need an existing session and valid input', async () => {
    await expectCode(() => psych().create({ sessionId: 'b'.repeat(32), text: 'x' }), 'NOT_FOUND');
    await expectCode(() => psych().create({ sessionId: session.id, text: 'x'.repeat(100_001) }), 'INVALID_INPUT');
    await expectCode(() => psych().create({ sessionId: session.id, text: 'x', extra: 1 } as never), 'INVALID_INPUT');
    const note = psych().create({ sessionId: session.id, text: 'kept' });
    await expectCode(() => psych().update(note.id, 42 as unknown as string), 'INVALID_INPUT');
    await expectCode(() => psych().get('not-an-id'), 'INVALID_INPUT');
  });

  it('lock again when the compartment closes, and are there when it reopens', async () => {
    const kept = psych().listForSession(session.id);
    made.vault.closePsychotherapy();
    expect(made.vault.state()).toBe('open');
    await expectAllLocked('PSYCHOTHERAPY_LOCKED');
    made.vault.clients.list();
    await made.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    expect(psych().listForSession(session.id)).toEqual(kept);
  });

  it('answer LOCKED for every call while the whole vault is locked', async () => {
    await made.vault.lock('manual');
    await expectAllLocked('LOCKED');
    await expectCode(() => made.vault.openPsychotherapy(PSYCH_PASSPHRASE), 'LOCKED');
  });
});
