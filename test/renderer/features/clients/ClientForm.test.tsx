// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientForm } from '../../../../renderer/features/clients/ClientForm';

afterEach(() => cleanup());

describe('client form', () => {
  it("drops \"Enter the client's name.\" as soon as the name is typed after a failed submit", async () => {
    const submitted: string[] = [];
    const user = userEvent.setup();
    render(
      <ClientForm title="New client" submitLabel="Add client" onCancel={() => undefined} onSubmit={async (input) => void submitted.push(input.name)} />,
    );
    await user.click(screen.getByRole('button', { name: 'Add client' }));
    expect(screen.getByText("Enter the client's name.")).toBeTruthy();
    const name = screen.getByLabelText('Full name');
    expect(name.getAttribute('aria-invalid')).toBe('true');

    await user.type(name, 'Ines');
    expect(screen.queryByText("Enter the client's name.")).toBeNull();
    expect(name.getAttribute('aria-invalid')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Add client' }));
    expect(submitted).toEqual(['Ines']);
  });
});
