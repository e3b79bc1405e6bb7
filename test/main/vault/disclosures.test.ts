import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { DisclosureInput } from '../../../main/vault/disclosures';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { openVault } from '../../../main/vault/vault';
import { createdVault, PASSPHRASE } from '../../helpers/tempVault';
import { expectCode, expectIntegrity, withFileRowChanged, withRawFile } from './tamper';

let disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(disposers.map((dispose) => dispose()));
  disposers = [];
});

async function fresh() {
  const made = await createdVault();
  disposers.push(made.dispose);
  return made;
}

function input(clientId: string, extra: Partial<DisclosureInput> = {}): DisclosureInput {
  return {
    clientId,
    recipient: 'Bayview Health Plan',
    purpose: 'Utilization review',
    basis: { kind: 'treatment-payment-operations', use: 'payment' },
    scope: { kind: 'record' },
    noteIds: ['a'.repeat(32)],
    draftCount: 0,
    pageCount: 3,
    passwordProtected: false,
    ...extra,
  };
}

describe('disclosures', () => {
  it('are recorded per client with a timestamp and listed oldest first', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const made = await createdVault({ clock: { now: () => now } });
    disposers.push(made.dispose);
    const { vault } = made;
    const client = vault.clients.create({ name: 'Disclosure Client' });
    const other = vault.clients.create({ name: 'Other Client' });
    const first = vault.disclosures.record(input(client.id, { scope: { kind: 'range', from: '2026-01-01', to: '2026-02-01' } }));
    now += 60_000;
    const second = vault.disclosures.record(input(client.id, { recipient: 'Dr. Referral' }));
    vault.disclosures.record(input(other.id));
    expect(first).toMatchObject({ ...input(client.id), scope: { kind: 'range' }, disclosedAt: '2026-03-01T10:00:00.000Z' });
    expect(first.id).toMatch(/^[0-9a-f]{32}$/);
    expect(vault.disclosures.listForClient(client.id)).toEqual([first, second]);
  });

  it('refuses an unknown client and malformed input without echoing it', async () => {
    const { vault } = await fresh();
    const client = vault.clients.create({ name: 'Input Client' });
    await expectCode(() => vault.disclosures.record(input('f'.repeat(32))), 'NOT_FOUND');
    const error = await expectCode(() => vault.disclosures.record(input(client.id, { recipient: '  ' })), 'INVALID_INPUT');
    expect(error.message).not.toContain('Bayview');
  });

  it('are stored encrypted: the recipient and purpose are not in the file', async () => {
    const { vault, path } = await fresh();
    const client = vault.clients.create({ name: 'Cipher Client' });
    vault.disclosures.record(input(client.id, { recipient: 'Recipient-Plaintext-Probe', purpose: 'Purpose-Plaintext-Probe' }));
    await vault.close();
    const file = readFileSync(path);
    expect(file.includes(Buffer.from('Recipient-Plaintext-Probe'))).toBe(false);
    expect(file.includes(Buffer.from('Purpose-Plaintext-Probe'))).toBe(false);
    expect(withRawFile(path, (db) => db.prepare('SELECT COUNT(*) AS n FROM disclosures').get())).toEqual({ n: 1 });
  });

  it('detect a row re-pointed at another client', async () => {
    const { vault, path } = await fresh();
    const client = vault.clients.create({ name: 'Original Client' });
    const other = vault.clients.create({ name: 'Target Client' });
    const disclosure = vault.disclosures.record(input(client.id));
    await vault.close();
    await withFileRowChanged(path, 'disclosures', { column: 'id', value: disclosure.id }, { client_id: other.id }, async () => {
      const reopened = await openVault(path, { kdf: DEFAULT_KDF_PARAMS });
      try {
        await reopened.unlock(PASSPHRASE);
        await expectIntegrity(() => reopened.disclosures.listForClient(other.id), 'disclosures', disclosure.id, ['Bayview']);
      } finally {
        await reopened.close();
      }
    });
  });
});
