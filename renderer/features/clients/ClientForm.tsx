import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Client } from '../../../shared/domain/records';
import type { ClientInput } from '../../../shared/domain/schemas';
import { TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { useSubmit } from '../../components/useSubmit';

interface ClientFormProps {
  title: string;
  initial?: Client;
  submitLabel: string;
  onSubmit(input: ClientInput): Promise<void>;
  onCancel(): void;
}

type Draft = Record<'name' | 'preferredName' | 'sortAs' | 'dateOfBirth' | 'chartNumber' | 'phone' | 'email', string>;

function draftOf(client?: Client): Draft {
  return {
    name: client?.name ?? '',
    preferredName: client?.preferredName ?? '',
    sortAs: client?.sortAs ?? '',
    dateOfBirth: client?.dateOfBirth ?? '',
    chartNumber: client?.chartNumber ?? '',
    phone: client?.phone ?? '',
    email: client?.email ?? '',
  };
}

/** Empty optional fields are left out rather than saved as empty strings. */
function inputOf(draft: Draft): ClientInput {
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  const input: ClientInput = { name: draft.name.trim() };
  const extras = {
    preferredName: optional(draft.preferredName),
    sortAs: optional(draft.sortAs),
    dateOfBirth: optional(draft.dateOfBirth),
    chartNumber: optional(draft.chartNumber),
    phone: optional(draft.phone),
    email: optional(draft.email),
  };
  for (const [key, value] of Object.entries(extras)) {
    if (value !== undefined) Object.assign(input, { [key]: value });
  }
  return input;
}

export function ClientForm({ title, initial, submitLabel, onSubmit, onCancel }: ClientFormProps) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [nameError, setNameError] = useState<string | null>(null);
  const submit = useSubmit();
  const field = (key: keyof Draft) => ({
    value: draft[key],
    onChange: (event: { target: { value: string } }) => {
      setDraft({ ...draft, [key]: event.target.value });
      // The name's error goes once there is a name, not at the next submit.
      if (key === 'name' && event.target.value.trim()) setNameError(null);
    },
  });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft.name.trim()) {
      setNameError("Enter the client's name.");
      return;
    }
    setNameError(null);
    await submit.run(() => onSubmit(inputOf(draft)));
  };

  return (
    <form className="panel stack" onSubmit={save} noValidate aria-label={title}>
      <h2>{title}</h2>
      <div className="grid-2">
        <TextField label="Full name" autoComplete="off" autoFocus required error={nameError} {...field('name')} />
        <TextField label="Preferred name (optional)" autoComplete="off" {...field('preferredName')} />
        <TextField
          label="Family name, for sorting (optional)"
          hint="The client list sorts by this; without it, by the last word of the name."
          autoComplete="off"
          {...field('sortAs')}
        />
        <TextField label="Date of birth (optional)" type="date" {...field('dateOfBirth')} />
        <TextField label="Chart number (optional)" autoComplete="off" {...field('chartNumber')} />
        <TextField label="Phone (optional)" type="tel" autoComplete="off" {...field('phone')} />
        <TextField label="Email (optional)" type="email" autoComplete="off" {...field('email')} />
      </div>
      <FormError message={submit.failure} />
      <FormActions submit={submitLabel} busy={submit.busy} onCancel={onCancel} />
    </form>
  );
}
