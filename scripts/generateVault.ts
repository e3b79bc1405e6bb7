/**
 * Builds a seeded synthetic vault file for demos, manual testing and benchmarks.
 *
 *   npm run generate-vault -- --out /tmp/demo.sqlite --clients 200 --sessions 125 --seed 42 \
 *     --passphrase 'a passphrase of 12+ characters' [--psychotherapy-passphrase ...] [--canary TEXT ...]
 *
 * Prints the counts, the recovery key (shown once, as the app does) and how long the build took.
 */
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSyntheticVault } from '../test/fixtures/syntheticVault';

const USAGE = `Usage: npm run generate-vault -- --out <path> --passphrase <text> [options]

Writes a seeded synthetic vault (fictional clients and notes) for demos, manual testing and benchmarks.

  --out <path>                        where to write the vault file (must not exist yet)
  --passphrase <text>                 the vault passphrase, at least 12 characters
  --psychotherapy-passphrase <text>   a separate passphrase for psychotherapy notes (default: the vault passphrase)
  --clients <n>                       number of clients (default 200)
  --sessions <n>                      sessions per client (default 125)
  --seed <n>                          random seed; the same seed gives the same content (default 42)
  --canary <text>                     plant this text in a psychotherapy note; repeat for more canaries
  --help                              print this help and exit
`;

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      clients: { type: 'string', default: '200' },
      sessions: { type: 'string', default: '125' },
      seed: { type: 'string', default: '42' },
      passphrase: { type: 'string' },
      'psychotherapy-passphrase': { type: 'string' },
      canary: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!values.out) throw new Error('--out <path> is required');
  if (!values.passphrase) throw new Error('--passphrase is required (at least 12 characters)');
  const path = resolve(values.out);
  if (existsSync(path)) throw new Error(`${path} already exists; choose a new path`);

  const request = {
    path,
    clients: positiveInteger('clients', values.clients),
    sessionsPerClient: positiveInteger('sessions', values.sessions),
    seed: Number.parseInt(values.seed, 10) >>> 0,
    passphrase: values.passphrase,
    ...(values['psychotherapy-passphrase'] ? { psychotherapyPassphrase: values['psychotherapy-passphrase'] } : {}),
    ...(values.canary ? { canaries: values.canary } : {}),
  };
  const { vault, summary } = await generateSyntheticVault(request).catch((error: unknown) => {
    // The path was free when we started, so whatever is there now is our half-built vault.
    for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
    throw error;
  });
  await vault.close();

  const templates = Object.entries(summary.templates)
    .map(([id, count]) => `${id} ${count}`)
    .join(', ');
  console.log(`Vault written to ${path}`);
  console.log(`  clients ${summary.clients}, sessions ${summary.sessions}`);
  console.log(
    `  progress notes ${summary.progressNotes} (signed ${summary.signedNotes}, drafts ${summary.draftNotes}), addenda ${summary.addenda}`,
  );
  console.log(`  templates: ${templates}`);
  console.log(`  psychotherapy notes ${summary.psychotherapyNotes}`);
  console.log(
    `  diagnoses ${summary.diagnoses}, signed treatment plan revisions ${summary.treatmentPlans}, PHQ-9 and GAD-7 readings ${summary.measures}`,
  );
  if (summary.canaryNotes.length > 0)
    console.log(`  canaries planted in ${summary.canaryNotes.length} psychotherapy notes`);
  console.log(`  ${summary.transactions} transactions, built in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
  console.log(`Recovery key (shown once): ${summary.recoveryKey}`);
}

main().catch((error: unknown) => {
  console.error(`generate-vault: ${error instanceof Error ? error.message : String(error)}`);
  console.error('Run with --help for the options.');
  process.exitCode = 1;
});
