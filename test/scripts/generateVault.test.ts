import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const tsx = join(repo, 'node_modules/tsx/dist/cli.mjs');
const script = join(repo, 'scripts/generateVault.ts');

function optionsIn(text: string): string[] {
  return [...new Set([...text.matchAll(/--[a-z][a-z-]+/g)].map((match) => match[0]))].sort();
}

describe('npm run generate-vault', () => {
  const usage = execFileSync(process.execPath, [tsx, script, '--help'], { cwd: repo, encoding: 'utf8' });

  it('prints its usage for --help and writes nothing', () => {
    expect(usage).toMatch(/^Usage: npm run generate-vault -- --out <path> --passphrase <text>/);
    expect(optionsIn(usage)).toEqual(
      ['--canary', '--clients', '--help', '--out', '--passphrase', '--psychotherapy-passphrase', '--seed', '--sessions'].sort(),
    );
  });

  it('has every option it accepts in the README table', () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Synthetic vaults'));
    for (const option of optionsIn(usage)) expect(section, option).toContain(`| \`${option}`);
  });

  it('refuses an unknown option and points to --help', () => {
    const run = spawnSync(process.execPath, [tsx, script, '--client', '3'], { cwd: repo, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--help');
  });
});
