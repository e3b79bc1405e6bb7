/**
 * Writes docs/sample-export.pdf, a whole-record export of an invented client,
 * and its first page as docs/screenshots/export-page1.png (needs pdftoppm,
 * from Debian's poppler-utils).
 *
 *   npx tsx scripts/sampleExport.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadExportFonts } from '../main/export/exportFonts';
import { resolveBasis } from '../main/export/exportBasis';
import { resolveExport } from '../main/export/exportScope';
import { renderProgressPdf } from '../main/export/progressPdf';
import { progressSourceOf } from '../main/ipc/handlers/exportHandlers';
import { DEFAULT_KDF_PARAMS } from '../main/vault/kdfParams';
import { openVault } from '../main/vault/vault';
import { SAMPLE_PRACTICE, SIGNER, writeRecord } from '../test/main/export/fixtures';

process.env.TZ = 'America/Los_Angeles';

async function main(): Promise<void> {
  const docs = resolve(import.meta.dirname, '..', 'docs');
  const dir = mkdtempSync(join(tmpdir(), 'tv-sample-'));
  let now = Date.parse('2026-01-05T17:00:00Z');
  const vault = await openVault(join(dir, 'vault.sqlite'), { kdf: DEFAULT_KDF_PARAMS, clock: { now: () => now } });
  try {
    await vault.create({ passphrase: 'a synthetic sample passphrase' });
    vault.settings.save(SAMPLE_PRACTICE);
    const { client, entries } = writeRecord(vault, {
      client: {
        name: 'Zoë Ørsted-Núñez',
        preferredName: 'Zoë',
        dateOfBirth: '1990-04-02',
        chartNumber: 'TV-00042',
        phone: '+1 (415) 555-0187',
        email: 'zoe.orsted@example.org',
      },
      notes: 6,
      seed: 42,
      firstDate: '2026-01-06',
      draftEvery: 6,
      // PHQ-9 and GAD-7 at the first session and every other one after, easing as therapy goes on.
      measures: (index) =>
        index % 2 === 0
          ? [
              { instrument: 'phq9', responses: [3, 2, 2, 2, 2, 1, 2, 1, index === 0 ? 1 : 0].map((answer) => Math.max(0, answer - index / 2)) },
              { instrument: 'gad7', responses: [3, 3, 2, 2, 2, 2, 2].map((answer) => Math.max(0, answer - index / 2)) },
            ]
          : [],
      addendumEvery: 3,
      templates: ['SOAP', 'DAP', 'BIRP'],
      setNow: (ms) => {
        now = ms;
      },
    });
    now = Date.parse(`${entries[1]!.session.date}T16:30:00`);
    vault.progressNotes.addAddendum({
      noteId: entries[1]!.note.id,
      text: 'Collateral call with the interpreter, 李小龍, to confirm the session times; no clinical content discussed.',
      author: SIGNER,
    });
    now = Date.parse(`2026-02-27T15:00:00`);
    const authorization = vault.authorizations.create({
      clientId: client.id,
      kind: 'records',
      information: 'Progress notes, diagnoses and treatment plans from January 2026 onward',
      discloser: 'Dr. Maya Lindqvist, Harbor Street Psychology',
      recipient: 'Bayview Health Plan, Utilization Review',
      purpose: 'Review of a claim for continued outpatient treatment',
      expiry: { kind: 'date', date: '2026-12-31' },
      signedOn: '2026-02-27',
      signedBy: { kind: 'client' },
    });
    now = Date.parse(`2026-03-02T10:15:00`);
    const plan = resolveExport(progressSourceOf(vault), { kind: 'record', clientId: client.id }, true);
    const rendered = await renderProgressPdf(plan, {
      fonts: loadExportFonts(),
      release: {
        recipient: 'Bayview Health Plan, Utilization Review',
        purpose: 'Records request signed by the client on 2026-02-27',
        basis: resolveBasis({ kind: 'authorization', authorizationId: authorization.id }, client.id, (id) => vault.authorizations.get(id)),
        preparedAt: new Date(now),
      },
    });
    if (!rendered) throw new Error('The sample export was cancelled');
    mkdirSync(join(docs, 'screenshots'), { recursive: true });
    const pdf = join(docs, 'sample-export.pdf');
    writeFileSync(pdf, rendered.bytes);
    console.log(`${pdf}: ${rendered.pageCount} pages, ${rendered.bytes.length} bytes`);
    const png = spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, join(docs, 'screenshots', 'export-page1')]);
    if (png.status === 0) console.log(`${join(docs, 'screenshots', 'export-page1.png')}: page 1`);
    else console.log('pdftoppm not available (apt-get install -y poppler-utils): no PNG written');
  } finally {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`sample-export: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
