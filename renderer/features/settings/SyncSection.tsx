import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import type { SyncDeviceView, SyncStatusView } from '../../../shared/domain/sync';
import { describeSyncProblem } from '../../api/errorText';
import { bindValue, TextField } from '../../components/Field';
import { FormError } from '../../components/FormError';
import { formatDate, formatDateTime } from '../../components/format';
import { selectSyncBusy, selectSyncProgress, selectSyncStatus } from '../../stores/syncStore';
import { useStores } from '../../stores/StoresContext';
import { SyncConflictsDialog } from './SyncConflictsDialog';
import { AcceptKeysForm, RemoveDeviceDialog } from './SyncKeyChanges';

const NAME_MAX = 60;

function nameError(value: string): string | null {
  if (value.trim() === '') return 'Enter a name for this computer.';
  return value.trim().length > NAME_MAX ? `Use at most ${NAME_MAX} characters.` : null;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** One sentence for the live region: what sync is doing, or what went wrong last. */
export function syncSummary(status: SyncStatusView): string {
  if (status.running) return 'Syncing with the folder…';
  if (status.lastError) return describeSyncProblem(status.lastError);
  if (status.lastExchangeAt === null) return 'Not synced yet.';
  return `Up to date with the folder as of ${formatDateTime(status.lastExchangeAt)}.`;
}

/** Sync off: a name for this computer, then the folder, chosen in main's dialog. */
function TurnOn({ status }: { status: SyncStatusView }) {
  const { sync } = useStores();
  const busy = useStore(sync, selectSyncBusy);
  const [name, setName] = useState(status.device.name ?? '');
  const [tried, setTried] = useState(false);
  const error = tried ? nameError(name) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (nameError(name)) return;
    void sync.getState().chooseFolder(name.trim());
  };

  return (
    <form className="subgroup" onSubmit={submit} noValidate aria-label="Turn on sync">
      <h3>Turn on sync</h3>
      <TextField
        label="Name of this computer"
        hint="Your other computers show this name, for example Office desktop or Laptop."
        autoComplete="off"
        maxLength={NAME_MAX}
        error={error}
        {...bindValue(name, setName)}
      />
      <p className="field-hint">
        Choose a folder that Syncthing, Dropbox, iCloud Drive or OneDrive already keeps in step between your computers. On
        your other computer, choose “Join a vault from a sync folder” when it asks to create a vault.
      </p>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy !== null}>
          {busy === 'choose' ? 'Choosing the folder…' : 'Choose sync folder…'}
        </button>
      </div>
    </form>
  );
}

function Devices({ status }: { status: SyncStatusView }) {
  const headingId = useId();
  const [removing, setRemoving] = useState<SyncDeviceView | null>(null);
  return (
    <div className="stack">
      <h3 id={headingId}>Computers syncing this vault</h3>
      <ul className="sync-devices" aria-labelledby={headingId}>
        {status.devices.map((device) => (
          <li key={device.id}>
            <strong>{device.name}</strong>
            {device.thisDevice ? <span className="badge">This computer</span> : null}
            <span className="field-hint">Added {formatDate(device.addedAt.slice(0, 10))}</span>
            {device.removedAt ? <span className="badge badge-muted">Removed {formatDate(device.removedAt.slice(0, 10))}</span> : null}
            {device.thisDevice || device.removedAt ? null : (
              <button type="button" className="link-button" aria-haspopup="dialog" onClick={() => setRemoving(device)} aria-label={`Remove ${device.name}…`}>
                Remove…
              </button>
            )}
          </li>
        ))}
      </ul>
      {status.devices.length === 1 ? (
        <p className="field-hint">Other computers appear here once they have joined and synced.</p>
      ) : null}
      {removing ? <RemoveDeviceDialog device={removing} onClose={() => setRemoving(null)} /> : null}
    </div>
  );
}

function Rename({ status }: { status: SyncStatusView }) {
  const { sync } = useStores();
  const busy = useStore(sync, selectSyncBusy);
  const [name, setName] = useState(status.device.name ?? '');
  const [saved, setSaved] = useState(false);
  const error = nameError(name);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (error) return;
    setSaved(await sync.getState().renameDevice(name.trim()));
  };

  return (
    <form className="sync-rename" onSubmit={submit} onChangeCapture={() => setSaved(false)} noValidate aria-label="Rename this computer">
      <TextField label="Name of this computer" autoComplete="off" maxLength={NAME_MAX} error={error} {...bindValue(name, setName)} />
      <div className="actions">
        <button type="submit" className="button" disabled={busy !== null || name.trim() === status.device.name}>
          Rename
        </button>
        <p role="status" className="form-status">
          {saved ? 'Renamed this computer' : ''}
        </p>
      </div>
    </form>
  );
}

function ImportProgress() {
  const { sync } = useStores();
  const progress = useStore(sync, selectSyncProgress);
  const id = useId();
  if (!progress || progress.total === 0) return null;
  return (
    <div className="backup-progress">
      <label htmlFor={id}>
        Reading changes from your other computers: {progress.imported} of {plural(progress.total, 'file', 'files')}
      </label>
      <progress id={id} max={progress.total} value={Math.min(progress.imported, progress.total)} />
    </div>
  );
}

/** "2 conflicts — Review": both versions are kept until the therapist chooses, in the dialog. */
function ConflictsToReview({ count, onReview }: { count: number; onReview(): void }) {
  return (
    <div className="form-warning sync-conflicts-line">
      <p>
        {plural(count, 'conflict', 'conflicts')}: changed on two computers before they synced. Both versions are kept; nothing was lost.
      </p>
      <button type="button" className="button" onClick={onReview} aria-haspopup="dialog">
        Review
      </button>
    </div>
  );
}

/** Sync on: where, who, when, what is waiting, and the actions. */
function SyncOn({ status }: { status: SyncStatusView }) {
  const { sync } = useStores();
  const busy = useStore(sync, selectSyncBusy);
  // Kept here, not in the count's line: the dialog stays open after the last conflict is resolved and the line goes.
  const [reviewing, setReviewing] = useState(false);
  return (
    <div className="subgroup">
      <dl className="sync-facts">
        <div>
          <dt>Sync folder</dt>
          <dd>{status.folderName}</dd>
        </div>
        <div>
          <dt>Last exchange</dt>
          <dd>{status.lastExchangeAt ? formatDateTime(status.lastExchangeAt) : 'Not yet'}</dd>
        </div>
        <div>
          <dt>Waiting to be sent</dt>
          <dd>{plural(status.pending, 'change', 'changes')}</dd>
        </div>
        <div>
          <dt>Conflicts</dt>
          <dd>{status.conflicts}</dd>
        </div>
      </dl>
      {status.lastError === 'SYNC_KEYS_ROTATED' ? <AcceptKeysForm /> : null}
      {status.conflicts > 0 ? <ConflictsToReview count={status.conflicts} onReview={() => setReviewing(true)} /> : null}
      {reviewing ? <SyncConflictsDialog onClose={() => setReviewing(false)} /> : null}
      {status.refused > 0 ? (
        <p className="field-hint">
          {plural(status.refused, 'file', 'files')} in the folder could not be read at the last exchange. A file your sync
          app is still copying is read at the next one; a damaged one is left unread, and nothing of it is merged.
        </p>
      ) : null}
      <ImportProgress />
      <div className="actions">
        <button type="button" className="button button-primary" disabled={busy !== null || status.running} onClick={() => void sync.getState().runNow()}>
          {busy === 'run' || status.running ? 'Syncing…' : 'Sync now'}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy !== null || status.device.name === null}
          onClick={() => void sync.getState().chooseFolder(status.device.name ?? '')}
        >
          Choose another folder…
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => void sync.getState().turnOff()}>
          Turn off sync
        </button>
      </div>
      <p className="field-hint">
        Turning off sync stops exchanging with the folder. This vault keeps everything it holds, and so does the folder.
      </p>
      <Devices status={status} />
      <Rename key={status.device.name ?? ''} status={status} />
    </div>
  );
}

/** Sync between the therapist's own computers through a folder their sync app keeps in step. */
export function SyncSection() {
  const { sync } = useStores();
  const status = useStore(sync, selectSyncStatus);
  const loadError = useStore(sync, (state) => state.loadError);
  const failure = useStore(sync, (state) => state.failure);
  const headingId = useId();

  useEffect(() => {
    void sync.getState().load();
  }, [sync]);

  const problem = status?.folderName && !status.running && status.lastError !== null;
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>Sync between computers</h2>
      <p className="field-hint">
        Keeps this vault the same on two or three of your computers. Only encrypted files go into the sync folder; each
        computer keeps its own vault, and a note opens only with your passphrase.
      </p>
      <FormError message={loadError ?? failure} />
      <p role="status" aria-live="polite" className={problem ? 'form-warning' : undefined}>
        {status?.folderName ? syncSummary(status) : ''}
      </p>
      {status ? status.folderName ? <SyncOn status={status} /> : <TurnOn status={status} /> : null}
    </section>
  );
}
