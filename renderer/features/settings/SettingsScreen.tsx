import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import type { Settings } from '../../../shared/domain/schemas';
import { isValidNpi } from '../../../shared/domain/schemas';
import { bindValue, CheckboxField, TextAreaField, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { PageHeading } from '../../components/PageHeading';
import { useSubmit } from '../../components/useSubmit';
import { selectSettings } from '../../stores/settingsStore';
import { useStores } from '../../stores/StoresContext';
import { BackupSection } from './BackupSection';
import { KeyRotationSection } from './KeyRotationSection';
import { SyncSection } from './SyncSection';
import { TemplatesSection } from './TemplatesSection';
import { PassphraseChangeForm } from './PassphraseChangeForm';
import { RestoreNotice } from './RestoreNotice';

type TextKey = 'clinicianName' | 'credentials' | 'licence' | 'npi' | 'taxId' | 'practiceName' | 'phone' | 'email' | 'address';

function npiError(value: string): string | null {
  return value === '' || isValidNpi(value) ? null : 'Enter the 10-digit NPI exactly; its last digit does not match.';
}

function taxIdError(value: string): string | null {
  return value === '' || /^\d{2}-\d{7}$/.test(value) ? null : 'Enter the EIN as 12-3456789.';
}

function minutesError(value: string): string | null {
  const minutes = Number(value);
  return Number.isInteger(minutes) && minutes >= 1 && minutes <= 60 ? null : 'Enter whole minutes from 1 to 60.';
}

function overdueError(value: string): string | null {
  const hours = Number(value);
  return Number.isInteger(hours) && hours >= 1 && hours <= 720 ? null : 'Enter whole hours from 1 to 720.';
}

function MinutesField({ label, value, onChange }: { label: string; value: string; onChange(value: string): void }) {
  return (
    <TextField label={label} type="number" min={1} max={60} inputMode="numeric" error={minutesError(value)} {...bindValue(value, onChange)} />
  );
}

function SettingsForm({ initial }: { initial: Settings }) {
  const { settings } = useStores();
  const [draft, setDraft] = useState(initial);
  const [vaultMinutes, setVaultMinutes] = useState(String(initial.vaultIdleMinutes));
  const [psychotherapyMinutes, setPsychotherapyMinutes] = useState(String(initial.psychotherapyIdleMinutes));
  const [overdueHours, setOverdueHours] = useState(String(initial.draftOverdueHours));
  const [saved, setSaved] = useState(false);
  const submit = useSubmit();
  const text = (key: TextKey) => bindValue(draft[key], (value) => setDraft({ ...draft, [key]: value }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (minutesError(vaultMinutes) || minutesError(psychotherapyMinutes) || overdueError(overdueHours)) return;
    if (npiError(draft.npi) || taxIdError(draft.taxId)) return;
    setSaved(false);
    setSaved(
      await submit.run(() =>
        settings
          .getState()
          .save({
            ...draft,
            // Saved on their own in Note templates; this form never holds a stale copy of them.
            interventions: settings.getState().settings?.interventions ?? draft.interventions,
            vaultIdleMinutes: Number(vaultMinutes),
            psychotherapyIdleMinutes: Number(psychotherapyMinutes),
            draftOverdueHours: Number(overdueHours),
          }),
      ),
    );
  };

  return (
    <form className="stack" onSubmit={save} onChangeCapture={() => setSaved(false)} noValidate>
      <fieldset className="panel stack">
        <legend>Practice details</legend>
        <p className="field-hint">Printed on exported progress notes. Your name and credentials sign your notes.</p>
        <div className="grid-2">
          <TextField label="Your name" autoComplete="name" {...text('clinicianName')} />
          <TextField label="Credentials" hint="For example: LCSW, PhD" autoComplete="off" {...text('credentials')} />
          <TextField label="License number" autoComplete="off" {...text('licence')} />
          <TextField
            label="NPI"
            hint="Your 10-digit National Provider Identifier"
            inputMode="numeric"
            autoComplete="off"
            error={npiError(draft.npi)}
            {...text('npi')}
          />
          <TextField
            label="Tax ID (EIN)"
            hint="The practice's employer identification number, for example 12-3456789"
            autoComplete="off"
            error={taxIdError(draft.taxId)}
            {...text('taxId')}
          />
          <TextField label="Practice name" autoComplete="organization" {...text('practiceName')} />
          <TextField label="Practice phone" type="tel" autoComplete="tel" {...text('phone')} />
          <TextField label="Practice email" type="email" autoComplete="email" {...text('email')} />
        </div>
        <TextAreaField label="Practice address" rows={3} {...text('address')} />
      </fieldset>

      <fieldset className="panel stack">
        <legend>Notes</legend>
        <TextField
          label="Drafts are overdue after (hours since the session)"
          hint="Today lists unsigned drafts with their age and marks those past this as overdue."
          type="number"
          min={1}
          max={720}
          inputMode="numeric"
          error={overdueError(overdueHours)}
          {...bindValue(overdueHours, setOverdueHours)}
        />
      </fieldset>

      <fieldset className="panel stack">
        <legend>Locking</legend>
        <div className="grid-2">
          <MinutesField label="Lock the vault after (minutes without activity)" value={vaultMinutes} onChange={setVaultMinutes} />
          <MinutesField
            label="Close psychotherapy notes after (minutes without use)"
            value={psychotherapyMinutes}
            onChange={setPsychotherapyMinutes}
          />
        </div>
        <CheckboxField
          label="Hide the window from screen sharing and screenshots"
          checked={draft.contentProtection}
          onChange={(event) => setDraft({ ...draft, contentProtection: event.target.checked })}
        />
      </fieldset>

      <FormError message={submit.failure} />
      <FormActions submit="Save settings" busy={submit.busy}>
        <p role="status" className="form-status">
          {saved ? 'Settings saved' : ''}
        </p>
      </FormActions>
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

/** Practice details for exports and signatures, the lock timings, passphrases, backups and sync. */
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
      <TemplatesSection />
      <PassphraseSection />
      <KeyRotationSection />
      <BackupSection />
      <SyncSection />
    </div>
  );
}
