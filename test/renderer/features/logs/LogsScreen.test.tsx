// @vitest-environment jsdom
/*
 * The Logs screen's audit list with two computers syncing one vault: every
 * computer's entries in one table, each row naming its computer and saying in
 * words how it links in that computer's chain, with scoped column headings;
 * alone, the list keeps its own columns.
 */
import '../../helpers/nodeTypedArrays';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LogsScreen } from '../../../../renderer/features/logs/LogsScreen';
import { renderWithStores } from '../../helpers/renderWithStores';
import { cleanupAfterEach, syncingWithLaptop } from '../../helpers/syncComputers';
import { testVault } from '../../helpers/vaultBridge';

const track = cleanupAfterEach();

async function officeVault() {
  const vault = await testVault();
  track(() => vault.dispose());
  return vault;
}

function auditTable() {
  const section = screen.getByRole('region', { name: 'Audit log' });
  return within(section);
}

describe('the Logs screen’s audit list', () => {
  it('alone, shows this computer’s chain without a Computer column', async () => {
    const vault = await officeVault();
    renderWithStores(vault.bridge, <LogsScreen />);
    const table = await screen.findByRole('table', { name: 'Audit entries, newest first' });
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['#', 'Time', 'Event', 'Details']);
  });

  it('synced, shows both computers’ entries with each computer named and each link in words', async () => {
    const vault = await officeVault();
    const { laptop, fromLaptop } = await syncingWithLaptop(vault, track);
    laptop.audit.record('backup.created', { kind: 'manual' });
    await fromLaptop();

    renderWithStores(vault.bridge, <LogsScreen />);
    const table = await screen.findByRole('table', { name: 'Audit entries from every computer, newest first' });
    const headers = within(table).getAllByRole('columnheader');
    expect(headers.map((cell) => cell.textContent)).toEqual(['Time', 'Computer', '#', 'Event', 'Link', 'Details']);
    expect(headers.every((cell) => cell.getAttribute('scope') === 'col')).toBe(true);
    const rows = within(table).getAllByRole('row').slice(1);
    const cells = rows.map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
    expect(cells.find((row) => row[3] === 'Backup made')?.slice(1)).toEqual(['Laptop', expect.any(String), 'Backup made', 'Verified', 'kind: manual']);
    expect(cells.some((row) => row[1] === 'Office desktop (this computer)')).toBe(true);
    expect(cells.every((row) => ['Verified', 'Broken', 'Gap'].includes(row[4] ?? ''))).toBe(true);
    expect(auditTable().getByRole('status').textContent).toContain('this computer’s chain');
  });
});
