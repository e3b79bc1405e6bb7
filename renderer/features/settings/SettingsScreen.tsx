import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import type { Settings } from '../../../shared/domain/schemas';
import { CheckboxField, TextAreaField, TextField } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { PageHeading } from '../../components/PageHeading';
import { useSubmit } from '../../components/useSubmit';
import { selectSettings } from '../../stores/settingsStore';
import { useStores } from '../../stores/StoresContext';
import { BackupSection } from './BackupSection';
import { PassphraseChangeForm } from './PassphraseChangeForm';
import { RestoreNotice } from './RestoreNotice';

type TextKey = 'clinicianName' | 'credentials' | 'licence' | 'practiceName' | 'phone' | 'email';

function minutesError(value: string): string | null {
  const minutes = Number(value);
  return Number.isInteger(minutes) && minutes >= 1 && minutes <= 60 ? null : 'Enter whole minutes from 1 to 60.';
}

function SettingsForm({ initial }: { initial: Settings }) {
  const { settings } = useStores();
  const [draft, setDraft] = useState(initial);
  const [vaultMinutes, setVaultMinutes] = useState(String(initial.vaultIdleMinutes));
  const [psychotherapyMinutes, setPsychotherapyMinutes] = useState(String(initial.psychotherapyIdleMinutes));
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  const vaultError = minutesError(vaultMinutes);
  const psychotherapyError = minutesError(psychotherapyMinutes);

  const text = (key: TextKey) => ({
    value: draft[key],
    onChange: (event: { target: { value: string } }) => {
      setSaved(false);
      setDraft({ ...draft, [key]: event.target.value });
    },
  });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (vaultError || psychotherapyError) return;
    setSaved(false);
    setSaved(
      await submit.run(() =>
        settings
          .getState()
          .save({ ...draft, vaultIdleMinutes: Number(vaultMinutes), psychotherapyIdleMinutes: Number(psychotherapyMinutes) }),
      ),
    );
  };

  return (
    <form className="stack" onSubmit={save} noValidate>
      <fieldset className="panel stack">
        <legend>Practice details</legend>
        <p className="field-hint">Printed on exported progress notes. Your name and credentials sign your notes.</p>
        <div className="grid-2">
          <TextField label="Your name" autoComplete="name" {...text('clinicianName')} />
          <TextField label="Credentials" hint="For example: LCSW, PhD" autoComplete="off" {...text('credentials')} />
          <TextField label="Licence number" autoComplete="off" {...text('licence')} />
          <TextField label="Practice name" autoComplete="organization" {...text('practiceName')} />
          <TextField label="Practice phone" type="tel" autoComplete="tel" {...text('phone')} />
          <TextField label="Practice email" type="email" autoComplete="email" {...text('email')} />
        </div>
        <TextAreaField
          label="Practice address"
          rows={3}
          value={draft.address}
          onChange={(event) => {
            setSaved(false);
            setDraft({ ...draft, address: event.target.value });
          }}
        />
      </fieldset>

      <fieldset className="panel stack">
        <legend>Locking</legend>
        <div className="grid-2">
          <TextField
            label="Lock the vault after (minutes without activity)"
            type="number"
            min={1}
            max={60}
            inputMode="numeric"
            value={vaultMinutes}
            error={vaultError}
            onChange={(event) => {
              setSaved(false);
              setVaultMinutes(event.target.value);
            }}
          />
          <TextField
            label="Close psychotherapy notes after (minutes without use)"
            type="number"
            min={1}
            max={60}
            inputMode="numeric"
            value={psychotherapyMinutes}
            error={psychotherapyError}
            onChange={(event) => {
              setSaved(false);
              setPsychotherapyMinutes(event.target.value);
            }}
          />
        </div>
        <CheckboxField
          label="Hide the window from screen sharing and screenshots"
          checked={draft.contentProtection}
          onChange={(event) => {
            setSaved(false);
            setDraft({ ...draft, contentProtection: event.target.checked });
          }}
        />
      </fieldset>

      <FormError message={submit.failure} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Save settings
        </button>
        <p role="status" className="form-status">
          {saved ? 'Settings saved' : ''}
        </p>
      </div>
    </form>
  );
}

function PassphraseSection() {
  const headingId = useId();
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>Passphrases</h2>
      <p className="field-hint">
        The vault passphrase and the psychotherapy passphrase are separate: changing one does not change the other,
        even if they are the same today.
      </p>
      <div className="grid-2 passphrase-forms">
        <PassphraseChangeForm kind="vault" />
        <PassphraseChangeForm kind="psychotherapy" />
      </div>
    </section>
  );
}

/** Practice details for exports and signatures, the lock timings, passphrases and backups. */
export function SettingsScreen() {
  const { settings } = useStores();
  const current = useStore(settings, selectSettings);
  const loadError = useStore(settings, (state) => state.loadError);

  useEffect(() => {
    void settings.getState().load();
  }, [settings]);

  return (
    <div className="screen">
      <div className="screen-header">
        <PageHeading>Settings</PageHeading>
      </div>
      <RestoreNotice />
      <FormError message={loadError} />
      {current ? <SettingsForm initial={current} /> : !loadError ? <p role="status">Loading…</p> : null}
      <PassphraseSection />
      <BackupSection />
    </div>
  );
}
