// @vitest-environment jsdom
import '../../helpers/nodeTypedArrays';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClientPage } from '../../../../renderer/features/clients/ClientPage';
import { SessionScreen } from '../../../../renderer/features/session/SessionScreen';
import { renderWithStores } from '../../helpers/renderWithStores';
import { seedSession } from '../../helpers/seed';
import type { TestVault } from '../../helpers/vaultBridge';
import { PSYCH_PASSPHRASE, testVault } from '../../helpers/vaultBridge';

const CANARY = 'PSYCH-CANARY rupture and repair in the room';

/** One vault per file: every test seeds its own client and session in it. */
let shared: TestVault;
beforeAll(async () => {
  shared = await testVault();
});
afterAll(async () => {
  await shared.dispose();
});
afterEach(() => {
  cleanup();
});

/** A session with a progress note and a psychotherapy note, the compartment shut again. */
async function seeded() {
  const vault = shared;
  vault.host.vault.closePsychotherapy();
  const { client, session } = seedSession(vault);
  vault.host.vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: 'Progress text' } });
  await vault.host.vault.openPsychotherapy(PSYCH_PASSPHRASE);
  vault.host.vault.psychotherapyNotes.create({ sessionId: session.id, text: CANARY });
  vault.host.vault.closePsychotherapy();
  return { vault, client, session };
}

/** Everything the page shows or holds in its form fields. */
function pageText(root: HTMLElement = document.body): string {
  const values = [...root.querySelectorAll('textarea, input')].map((field) => (field as HTMLInputElement).value);
  return [root.textContent ?? '', ...values].join('\n');
}

describe('psychotherapy panel', () => {
  it('is closed when the session opens and shows none of its text until the passphrase is given', async () => {
    const { vault, client, session } = await seeded();
    renderWithStores(vault.bridge, <SessionScreen clientId={client.id} sessionId={session.id} />);
    await screen.findByRole('textbox', { name: 'Subjective' });

    expect(screen.getByRole('button', { name: 'Open psychotherapy notes…' })).toBeTruthy();
    expect(pageText()).not.toContain('PSYCH-CANARY');
    expect(vault.host.vault.state()).toBe('open');
  });

  it('opens with the passphrase, keeps its text inside the panel, and counts down to the relock', async () => {
    const { vault, client, session } = await seeded();
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <SessionScreen clientId={client.id} sessionId={session.id} />);

    await user.click(await screen.findByRole('button', { name: 'Open psychotherapy notes…' }));
    await user.type(screen.getByLabelText('Psychotherapy passphrase'), PSYCH_PASSPHRASE);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    const note = (await screen.findByRole('textbox', { name: 'Psychotherapy note 1' }, { timeout: 5000 })) as HTMLTextAreaElement;
    expect(note.value).toBe(CANARY);

    const progress = screen.getByRole('region', { name: 'Progress note' });
    expect(pageText(progress)).not.toContain('PSYCH-CANARY');
    await screen.findByText(/^Relocks in \d+:\d\d without activity$/);
    expect(within(screen.getByRole('region', { name: /Psychotherapy notes/ })).getByRole('textbox').isSameNode(note)).toBe(true);
  });

  it('refuses a wrong passphrase and stays closed', async () => {
    const { vault, client, session } = await seeded();
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <SessionScreen clientId={client.id} sessionId={session.id} />);

    await user.click(await screen.findByRole('button', { name: 'Open psychotherapy notes…' }));
    await user.type(screen.getByLabelText('Psychotherapy passphrase'), 'not the passphrase');
    await user.click(screen.getByRole('button', { name: 'Open' }));
    await screen.findByText('That passphrase does not open this vault.', undefined, { timeout: 5000 });
    expect(pageText()).not.toContain('PSYCH-CANARY');
    expect(vault.host.vault.state()).toBe('open');
  });

  it('empties itself when main relocks the compartment', async () => {
    const { vault, client, session } = await seeded();
    const user = userEvent.setup();
    renderWithStores(vault.bridge, <SessionScreen clientId={client.id} sessionId={session.id} />);
    await user.click(await screen.findByRole('button', { name: 'Open psychotherapy notes…' }));
    await user.type(screen.getByLabelText('Psychotherapy passphrase'), PSYCH_PASSPHRASE);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    await screen.findByRole('textbox', { name: 'Psychotherapy note 1' }, { timeout: 5000 });

    vault.host.vault.closePsychotherapy('psychotherapy-idle');
    await screen.findByRole('button', { name: 'Open psychotherapy notes…' });
    expect(pageText()).not.toContain('PSYCH-CANARY');
  });

  it('never shows psychotherapy text on the client page, even with the compartment open', async () => {
    const { vault, client } = await seeded();
    await vault.host.vault.openPsychotherapy(PSYCH_PASSPHRASE);
    renderWithStores(vault.bridge, <ClientPage clientId={client.id} />);
    await screen.findByRole('list', { name: 'Sessions, newest first' });
    expect(pageText()).not.toContain('PSYCH-CANARY');
    expect(pageText()).not.toContain('Progress text');
    await waitFor(() => expect(screen.getByText('Draft')).toBeTruthy());
  });
});
