import { afterEach, describe, expect, it } from 'vitest';
import { createdVault, PASSPHRASE, PSYCH_PASSPHRASE } from '../../helpers/tempVault';

let disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(disposers.map((d) => d()));
  disposers = [];
});

async function fresh() {
  const made = await createdVault();
  disposers.push(made.dispose);
  return made;
}

describe('vault lifecycle', () => {
  it('is open after creation and returns a recovery key once', async () => {
    const { vault, recoveryKey } = await fresh();
    expect(vault.state()).toBe('open');
    expect(recoveryKey).toMatch(/^([0-9a-f]{8}-){7}[0-9a-f]{8}$/);
  });

  it('stores a client, a session and a SOAP note and reads them back after lock and unlock', async () => {
    const { vault } = await fresh();
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
  });
});
