import { afterEach, describe, expect, it } from 'vitest';
import { openVault } from '../../../main/vault/vault';
import type { FilledVault } from '../../fixtures/filledVault';
import { ENCRYPTED_ROW_TABLES, filledVault, PASSPHRASE, PSYCH_PASSPHRASE, rawTables } from '../../fixtures/filledVault';

const NEW_PASSPHRASE = 'a brand new vault passphrase';
const NEW_PSYCH_PASSPHRASE = 'a brand new psychotherapy passphrase';
const DATA_TABLES = ['vault_meta', ...ENCRYPTED_ROW_TABLES.filter((table) => table !== 'audit_log')];

let made: FilledVault | null = null;
afterEach(async () => {
  await made?.dispose();
  made = null;
});

/** A filled vault, closed, with its stored rows; `reopen` opens it again as after a restart. */
async function closedVault() {
  made = await filledVault();
  await made.vault.close();
  const { path } = made;
  return { path, before: rawTables(path), reopen: () => openVault(path) };
}

function slotsBy(tables: ReturnType<typeof rawTables>, compartment: string, kind: string) {
  return tables.key_slots!.filter((slot) => slot.compartment === compartment && slot.kind === kind);
}

describe('changing the vault passphrase', () => {
  it('makes the old passphrase stop working and the new one open, also after a restart; only that slot changes', async () => {
    const { path, before, reopen } = await closedVault();
    const vault = await reopen();
    await vault.unlock(PASSPHRASE);
    await vault.changePassphrase({ compartment: 'progress', currentPassphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE });
    await vault.lock();
    await expect(vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await vault.unlock(NEW_PASSPHRASE);
    expect(vault.clients.list().map((client) => client.name).sort()).toEqual(['Ada Ø. Example', 'Bo Sample', 'Cy Placeholder']);
    await vault.openPsychotherapy(PSYCH_PASSPHRASE);
    await vault.close();

    const after = rawTables(path);
    for (const table of DATA_TABLES) expect(after[table], table).toEqual(before[table]);
    expect(after.audit_log!.slice(0, before.audit_log!.length)).toEqual(before.audit_log);
    const changed = slotsBy(after, 'progress', 'passphrase');
    expect(changed).toHaveLength(1);
    expect(changed).not.toEqual(slotsBy(before, 'progress', 'passphrase'));
    for (const [compartment, kind] of [['progress', 'recovery'], ['psychotherapy', 'passphrase'], ['psychotherapy', 'recovery']] as const) {
      expect(slotsBy(after, compartment, kind)).toEqual(slotsBy(before, compartment, kind));
    }

    const restarted = await reopen();
    await expect(restarted.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await restarted.unlock(NEW_PASSPHRASE);
    expect(restarted.audit.list().filter((entry) => entry.event === 'passphrase.changed')).toHaveLength(1);
    await restarted.close();
  });

  it('refuses a wrong current passphrase, changes nothing, and counts it against the throttle', async () => {
    const { path, before, reopen } = await closedVault();
    const vault = await reopen();
    await vault.unlock(PASSPHRASE);
    const wrong = { compartment: 'progress' as const, currentPassphrase: 'not the passphrase', newPassphrase: NEW_PASSPHRASE };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(vault.changePassphrase(wrong)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    }
    await expect(
      vault.changePassphrase({ ...wrong, currentPassphrase: PASSPHRASE }),
    ).rejects.toMatchObject({ code: 'THROTTLED' });
    await expect(
      vault.changePassphrase({ compartment: 'progress', currentPassphrase: PASSPHRASE, newPassphrase: 'short' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await vault.close();
    expect(rawTables(path).key_slots).toEqual(before.key_slots);
  });

  it('needs the vault open', async () => {
    const { reopen } = await closedVault();
    const vault = await reopen();
    await expect(
      vault.changePassphrase({ compartment: 'progress', currentPassphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE }),
    ).rejects.toMatchObject({ code: 'LOCKED' });
    await vault.close();
  });
});

describe('changing the psychotherapy passphrase', () => {
  it('re-wraps only the psychotherapy slot: the vault passphrase and every row stay as they were', async () => {
    const { path, before, reopen } = await closedVault();
    const vault = await reopen();
    await vault.unlock(PASSPHRASE);
    await expect(
      vault.changePassphrase({ compartment: 'psychotherapy', currentPassphrase: PASSPHRASE, newPassphrase: NEW_PSYCH_PASSPHRASE }),
    ).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await vault.changePassphrase({
      compartment: 'psychotherapy',
      currentPassphrase: PSYCH_PASSPHRASE,
      newPassphrase: NEW_PSYCH_PASSPHRASE,
    });
    await expect(vault.openPsychotherapy(PSYCH_PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await vault.close();

    const after = rawTables(path);
    for (const table of [...DATA_TABLES, 'psychotherapy_notes']) expect(after[table], table).toEqual(before[table]);
    expect(slotsBy(after, 'progress', 'passphrase')).toEqual(slotsBy(before, 'progress', 'passphrase'));
    expect(slotsBy(after, 'psychotherapy', 'passphrase')).not.toEqual(slotsBy(before, 'psychotherapy', 'passphrase'));

    const restarted = await reopen();
    await restarted.unlock(PASSPHRASE);
    await restarted.openPsychotherapy(NEW_PSYCH_PASSPHRASE);
    const [client] = restarted.clients.list();
    const [session] = restarted.sessions.listForClient(client!.id);
    expect(restarted.psychotherapyNotes.listForSession(session!.id).map((note) => note.text)).toEqual([
      'process note Ada Ø. Example 2026-01-12',
    ]);
    await restarted.close();
  });
});
