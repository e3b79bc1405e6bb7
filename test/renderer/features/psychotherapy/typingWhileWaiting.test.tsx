// @vitest-environment jsdom
import '../../helpers/nodeTypedArrays';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SessionScreen } from '../../../../renderer/features/session/SessionScreen';
import { holdingReplies } from '../../helpers/holdingBridge';
import { renderWithStores } from '../../helpers/renderWithStores';
import { seedSession } from '../../helpers/seed';
import type { TestVault } from '../../helpers/vaultBridge';
import { PSYCH_PASSPHRASE, testVault } from '../../helpers/vaultBridge';

let shared: TestVault;
beforeAll(async () => {
  shared = await testVault();
});
afterAll(async () => {
  await shared.dispose();
});
afterEach(() => {
  cleanup();
  shared.host.vault.closePsychotherapy();
});

describe('typing while the psychotherapy panel waits for main', () => {
  it('keeps a passphrase retyped while "Opening…" showed when the first one is refused', async () => {
    const { client, session } = seedSession(shared);
    const { bridge, gate } = holdingReplies(shared.bridge, 'psychotherapy.open');
    const user = userEvent.setup();
    renderWithStores(bridge, <SessionScreen clientId={client.id} sessionId={session.id} />);

    await user.click(await screen.findByRole('button', { name: 'Open psychotherapy notes…' }));
    const field = screen.getByLabelText('Psychotherapy passphrase') as HTMLInputElement;
    await user.type(field, 'a wrong guess');
    await user.click(screen.getByRole('button', { name: 'Open' }));
    await screen.findByRole('button', { name: 'Opening…' });
    await waitFor(() => expect(gate.held).toHaveLength(1), { timeout: 5000 });
    await user.clear(field);
    await user.type(field, 'retyped meanwhile');
    gate.held[0]?.();

    await screen.findByText('That passphrase does not open this vault.', undefined, { timeout: 5000 });
    expect(field.value).toBe('retyped meanwhile');
  });

  it('puts the keys typed right after "Add psychotherapy note" into the new note', async () => {
    const { client, session } = seedSession(shared);
    const { bridge, gate } = holdingReplies(shared.bridge, 'psychotherapyNotes.create');
    const user = userEvent.setup();
    renderWithStores(bridge, <SessionScreen clientId={client.id} sessionId={session.id} />);

    await user.click(await screen.findByRole('button', { name: 'Open psychotherapy notes…' }));
    await user.type(screen.getByLabelText('Psychotherapy passphrase'), `${PSYCH_PASSPHRASE}{Enter}`);
    await user.click(await screen.findByRole('button', { name: 'Add psychotherapy note' }, { timeout: 5000 }));
    await user.keyboard('Felt');
    await waitFor(() => expect(gate.held).toHaveLength(1), { timeout: 5000 });
    gate.held[0]?.();

    const note = (await screen.findByRole('textbox', { name: 'Psychotherapy note 1' }, { timeout: 5000 })) as HTMLTextAreaElement;
    await waitFor(() => expect(note.value).toBe('Felt'));
    expect(document.activeElement).toBe(note);
    await user.keyboard(' rushed');
    expect(note.value).toBe('Felt rushed');
  });
});
