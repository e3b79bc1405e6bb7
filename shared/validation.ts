import type { z } from 'zod';

const SAFE_SEGMENT = /^[A-Za-z]{1,40}$/;

/**
 * Describes validation failures without echoing input. Record keys and
 * unknown object keys come from the caller and could be anything a script
 * put there, so paths keep only known-shaped segments and messages that
 * would quote a key are replaced.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path
        .map((segment) => (typeof segment === 'number' || SAFE_SEGMENT.test(String(segment)) ? String(segment) : '…'))
        .join('.');
      const message = issue.code === 'unrecognized_keys' || issue.code === 'invalid_key' ? 'unexpected field' : issue.message;
      return `${path || 'input'}: ${message}`;
    })
    .join('; ');
}
