import { describe, expect, it } from 'vitest';
import type { Accepted, Finding } from '../../scripts/electronegativity';
import { ACCEPTED, judge } from '../../scripts/electronegativity';

const finding = (id: string, file: string, severity = 'HIGH'): Finding => ({
  id,
  severity,
  confidence: 'CERTAIN',
  file,
  line: 3,
  manualReview: false,
});

const accepted: Accepted[] = [{ id: 'CSP_GLOBAL_CHECK', file: 'N/A', reason: 'header from the protocol handler' }];

describe('electronegativity gate', () => {
  it('passes when every HIGH finding is explained and lower findings are merely noted', () => {
    const findings = [finding('CSP_GLOBAL_CHECK', 'N/A'), finding('SANDBOX_JS_CHECK', 'main/app/window.ts', 'MEDIUM')];
    expect(judge({ errors: [], findings }, accepted)).toEqual([]);
  });

  it('fails on a HIGH finding that is not explained, naming it', () => {
    const findings = [finding('CSP_GLOBAL_CHECK', 'N/A'), finding('CONTEXT_ISOLATION_JS_CHECK', 'main/app/window.ts')];
    expect(judge({ errors: [], findings }, accepted)).toEqual([
      'unexplained HIGH finding CONTEXT_ISOLATION_JS_CHECK at main/app/window.ts:3',
    ]);
  });

  it('does not let an explanation for one file cover the same check in another', () => {
    const findings = [finding('CSP_GLOBAL_CHECK', 'N/A'), finding('CSP_GLOBAL_CHECK', 'renderer/index.html')];
    expect(judge({ errors: [], findings }, accepted)).toHaveLength(1);
  });

  it('fails when a file could not be parsed, since its checks never ran', () => {
    const errors = [{ file: 'main/app/main.ts', message: 'Unexpected token', tolerable: false }];
    expect(judge({ errors, findings: [finding('CSP_GLOBAL_CHECK', 'N/A')] }, accepted)).toEqual([
      'could not parse main/app/main.ts: Unexpected token',
    ]);
  });

  it('fails on an explanation that matches nothing any more, so the list stays true', () => {
    expect(judge({ errors: [], findings: [] }, accepted)).toEqual([
      'ACCEPTED entry CSP_GLOBAL_CHECK (N/A) matches no finding any more: remove it and its explanation',
    ]);
  });

  it('gives a reason for every accepted finding', () => {
    for (const entry of ACCEPTED) expect(entry.reason.length).toBeGreaterThan(20);
  });
});
