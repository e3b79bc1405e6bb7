import type { z } from 'zod';
import { VaultError } from '../../shared/errors';
import { describeIssues } from '../../shared/validation';

/** Parses input at the service boundary; the message names fields and rules, never values. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new VaultError('INVALID_INPUT', `Invalid input (${describeIssues(result.error.issues)})`);
}
