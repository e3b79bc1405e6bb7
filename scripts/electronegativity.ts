// `npm run electronegativity` (tsx scripts/electronegativity.ts): Electronegativity
// (@doyensec/electronegativity) over main/ and renderer/, scanned
// together so its global checks (navigation limits, CSP, permission handlers) see the
// main process and the page as one app. Prints every finding; exits 1 when a HIGH
// finding is not in ACCEPTED below, when a file fails to parse, or when an ACCEPTED
// entry no longer matches anything. docs/ELECTRONEGATIVITY.md explains each entry.
//
// The package's own CLI cannot start here (it requires an undeclared `commander`
// and gets a newer, incompatible one), so its runner is called directly.
// The runner tries to download translations (1 s timeout; the bundled English is
// used offline). The Electron-release check is excluded: it downloads the release
// list with no timeout, and only reads package.json, which this scan does not cover
// (Electron's version is pinned in package.json and updated by the lead).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SCANNED = ['main', 'renderer'];

export interface Accepted {
  id: string;
  file: string;
  reason: string;
}

export interface Finding {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  manualReview: boolean;
}

export interface ScanError {
  file: string;
  message: string;
  tolerable: boolean;
}

export interface Report {
  checks: number;
  errors: ScanError[];
  findings: Finding[];
}

/** The runner's issue objects, as far as this script reads them. */
interface RawIssue {
  id: string;
  severity?: { name?: string };
  confidence?: { name?: string };
  file: string;
  location?: { line?: number };
  manualReview?: boolean;
}

interface RawResult {
  globalChecks: number;
  atomicChecks: number;
  errors: ScanError[];
  issues: RawIssue[];
}

type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<RawResult>;

/**
 * Findings judged acceptable: check id, file (relative to the repo, or N/A for a
 * global check) and the reason, in brief. Any severity may be listed; only HIGH
 * ones fail the run when missing from here.
 */
export const ACCEPTED: Accepted[] = [
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'N/A',
    reason: 'the CSP is sent as a response header by the app:// protocol handler (main/app/protocol.ts), which the tool cannot see',
  },
  {
    id: 'PRELOAD_JS_CHECK',
    file: 'main/app/window.ts',
    reason: 'manual-review reminder; main/preload/ exposes one invoke per contract channel and push subscriptions, nothing else',
  },
];

function describe(issue: RawIssue): Finding {
  return {
    id: issue.id,
    severity: issue.severity?.name ?? 'UNKNOWN',
    confidence: issue.confidence?.name ?? 'UNKNOWN',
    file: issue.file,
    line: issue.location?.line ?? 0,
    manualReview: Boolean(issue.manualReview),
  };
}

export async function scan(): Promise<Report> {
  const run = require('@doyensec/electronegativity/dist/runner.js') as Runner;
  const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  const workDir = mkdtempSync(join(tmpdir(), 'tv-electronegativity-'));
  try {
    for (const folder of SCANNED) cpSync(join(root, folder), join(workDir, folder), { recursive: true });
    const result = await run(
      {
        input: workDir,
        isRelative: true,
        electronVersionOverride: electronVersion,
        customScan: [],
        excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
        parserPlugins: [],
      },
      false,
    );
    return {
      checks: result.globalChecks + result.atomicChecks,
      errors: result.errors.map((error) => ({ ...error, file: error.file.replace(`${workDir}/`, '') })),
      findings: result.issues.map(describe),
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function isAccepted(finding: Finding, accepted: Accepted[]): boolean {
  return accepted.some((entry) => entry.id === finding.id && entry.file === finding.file);
}

/** What fails the run: unparsed files, unexplained HIGH findings, stale explanations. */
export function judge(report: Pick<Report, 'errors' | 'findings'>, accepted: Accepted[] = ACCEPTED): string[] {
  const { errors, findings } = report;
  const problems: string[] = [];
  for (const error of errors.filter((e) => !e.tolerable)) problems.push(`could not parse ${error.file}: ${error.message}`);
  for (const finding of findings) {
    if (finding.severity === 'HIGH' && !isAccepted(finding, accepted)) {
      problems.push(`unexplained HIGH finding ${finding.id} at ${finding.file}:${finding.line}`);
    }
  }
  for (const entry of accepted) {
    if (!findings.some((finding) => finding.id === entry.id && finding.file === entry.file)) {
      problems.push(`ACCEPTED entry ${entry.id} (${entry.file}) matches no finding any more: remove it and its explanation`);
    }
  }
  return problems;
}

async function main(): Promise<void> {
  const report = await scan();
  console.log(`electronegativity: ${report.checks} checks over ${SCANNED.join('/, ')}/`);
  for (const finding of report.findings) {
    const mark = isAccepted(finding, ACCEPTED) ? 'accepted' : finding.severity === 'HIGH' ? 'FAIL' : 'noted';
    console.log(`  ${mark.padEnd(8)} ${finding.severity.padEnd(13)} ${finding.id} ${finding.file}:${finding.line}`);
  }
  const problems = judge(report);
  for (const problem of problems) console.error(`electronegativity: ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.log(`electronegativity: ${report.findings.length} findings, no unexplained HIGH finding`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}
