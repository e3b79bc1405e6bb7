// @vitest-environment jsdom
import '../../helpers/nodeTypedArrays';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReleaseDialog } from '../../../../renderer/features/psychotherapy/ReleaseDialog';
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
});

async function seeded() {
  const vault = shared.host.vault;
  const { client, session } = seedSession(shared);
  if (vault.state() !== 'open+psychotherapy') await vault.openPsychotherapy(PSYCH_PASSPHRASE);
  vault.psychotherapyNotes.create({ sessionId: session.id, text: 'Process note about the rupture' });
  return { client, notes: vault.psychotherapyNotes.listForClient(client.id) };
}

async function fillOrder(dialog: HTMLElement, signer: string) {
  const user = userEvent.setup();
  await user.click(within(dialog).getByRole('checkbox', { name: /Session on/ }));
  await user.click(within(dialog).getByRole('radio', { name: 'A court order signed by a judge' }));
  await user.selectOptions(within(dialog).getByLabelText('Signed by', { exact: true }), signer);
  await user.type(within(dialog).getByLabelText('Court', { exact: true }), 'Superior Court, County of Marin');
  await user.type(within(dialog).getByLabelText("Judge's name"), 'Hon. Ada Brennan');
  await user.type(within(dialog).getByLabelText('Case number'), 'FL-26-0042');
  await user.type(within(dialog).getByLabelText('Date signed'), '2025-03-02');
  await user.type(within(dialog).getByLabelText('Recipient'), 'Dr. Sam Ortiz');
  await user.type(within(dialog).getByLabelText('Purpose'), 'Custody evaluation');
  return user;
}

describe('release dialog', () => {
  it('refuses a subpoena signed by an attorney before sending anything, and records no court order', async () => {
    const { client, notes } = await seeded();
    renderWithStores(shared.bridge, <ReleaseDialog clientId={client.id} notes={notes} onClose={() => undefined} />);
    const dialog = screen.getByRole('dialog', { name: 'Release psychotherapy notes' });
    const user = await fillOrder(dialog, 'attorney');
    await user.click(within(dialog).getByLabelText('The order names psychotherapy notes specifically'));
    await user.type(within(dialog).getByLabelText('Psychotherapy passphrase'), PSYCH_PASSPHRASE);
    await user.click(within(dialog).getByRole('button', { name: 'Choose where to save…' }));
    expect(within(dialog).getByText(/A subpoena signed by an attorney or a clerk does not release psychotherapy notes/)).toBeTruthy();
    expect(shared.host.vault.courtOrders.listForClient(client.id)).toEqual([]);
    expect(shared.host.vault.disclosures.listForClient(client.id)).toEqual([]);
  });

  it("records a judge's order, then shows main's refusal of a wrong passphrase and clears the field", async () => {
    const { client, notes } = await seeded();
    renderWithStores(shared.bridge, <ReleaseDialog clientId={client.id} notes={notes} onClose={() => undefined} />);
    const dialog = screen.getByRole('dialog', { name: 'Release psychotherapy notes' });
    const user = await fillOrder(dialog, 'judge');
    await user.click(within(dialog).getByLabelText('The order names psychotherapy notes specifically'));
    await user.type(within(dialog).getByLabelText('Psychotherapy passphrase'), 'not the passphrase');
    await user.click(within(dialog).getByRole('button', { name: 'Choose where to save…' }));
    expect((await within(dialog).findByRole('alert', {}, { timeout: 20_000 })).textContent).toMatch(/passphrase does not open the psychotherapy notes/);
    expect((within(dialog).getByLabelText('Psychotherapy passphrase') as HTMLInputElement).value).toBe('');
    expect(shared.host.vault.courtOrders.listForClient(client.id)).toHaveLength(1);
    expect(shared.host.vault.disclosures.listForClient(client.id)).toEqual([]);
    expect(within(dialog).getByRole('combobox', { name: 'Court order' })).toBeTruthy();
  });
});
