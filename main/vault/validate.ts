import type { z } from 'zod';
import { VaultError } from '../../shared/errors';

/** Parses input at the service boundary; the message names fields and rules, never values. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
    .join('; ');
  throw new VaultError('INVALID_INPUT', `Invalid input (${problems})`);
}
