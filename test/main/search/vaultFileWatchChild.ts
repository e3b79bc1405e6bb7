/**
 * Run in a child process whose working folder and TMPDIR are fresh, empty
 * folders: makes a vault file in the working folder, unlocks it and opens
 * the psychotherapy compartment, then watches both folders while the search
 * indexes build and answer queries; prints every file event and every new
 * name left behind as one JSON line (see fileWatchChild.ts for the control).
 */
import { readdirSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVaultSearch } from '../../../main/search/vaultSearch';
import { DEFAULT_KDF_PARAMS } from '../../../main/vault/kdfParams';
import { openVault } from '../../../main/vault/vault';
import { fastDerive } from '../ipc/fastDerive';

const PASSPHRASE = 'a long enough passphrase for the watch';
const WORDS = ['panic', 'sleep', 'grief', 'work', 'family', 'exposure', 'Tomás', 'anxiety', 'plan', 'homework'];

async function main(): Promise<void> {
  const vault = await openVault(join(process.cwd(), 'vault.sqlite'), { kdf: DEFAULT_KDF_PARAMS, derive: fastDerive });
  await vault.create({ passphrase: PASSPHRASE });
  await vault.openPsychotherapy(PASSPHRASE);
  for (let c = 0; c < 20; c += 1) {
    const client = vault.clients.create({ name: `${WORDS[c % WORDS.length]} Client ${c}` });
    vault.transaction(() => {
      for (let s = 0; s < 40; s += 1) {
        const day = String((s % 28) + 1).padStart(2, '0');
        const session = vault.sessions.create({ clientId: client.id, date: `2024-02-${day}`, startTime: '09:00', endTime: '09:50', modality: 'video' });
        const text = Array.from({ length: 150 }, (_, w) => `${WORDS[(c * 7 + s + w) % WORDS.length]}${w % 11}`).join(' ');
        vault.progressNotes.saveDraft({ sessionId: session.id, templateId: 'SOAP', fields: { subjective: text, plan: `review ${s}` } });
        if (s % 5 === 0) vault.psychotherapyNotes.create({ sessionId: session.id, text: `process ${text}` });
      }
    });
  }
  await vault.lock();

  const held: (() => void)[] = [];
  let watching = false;
  const search = createVaultSearch(vault, { later: (work) => (watching ? setImmediate(work) : held.push(work)) });
  await vault.unlock(PASSPHRASE);
  await vault.openPsychotherapy(PASSPHRASE);

  const folders = [process.cwd(), tmpdir()];
  const before = new Set(folders.flatMap((folder) => readdirSync(folder)));
  const events: string[] = [];
  const watchers = folders.map((folder) => watch(folder, (event, name) => events.push(`${event} ${name}`)));
  watching = true;
  for (const work of held.splice(0)) setImmediate(work);
  const builds = await Promise.all([search.built('progress'), search.built('psychotherapy')]);
  for (const text of ['panic', 'sleep work', 'gri', '"family3 exposure4"', 'tomas', 'process']) {
    search.search({ text, limit: 50 });
    search.search({ text, filters: { status: 'draft', from: '2024-02-05', to: '2024-02-20', includePsychotherapy: true } });
  }
  setTimeout(() => {
    for (const watcher of watchers) watcher.close();
    const left = folders.flatMap((folder) => readdirSync(folder)).filter((name) => !before.has(name));
    console.log(JSON.stringify({ documents: builds.map((build) => build?.documents ?? 0), events, left }));
    void vault.close();
  }, 200);
}

void main();
