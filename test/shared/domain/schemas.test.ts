import { describe, expect, it } from 'vitest';
import { clientInputSchema, sessionInputSchema } from '../../../shared/domain/schemas';

const clientId = 'a'.repeat(32);

describe('date and time validation', () => {
  it('refuses dates that do not exist instead of rolling them into the next month', () => {
    for (const date of ['2026-02-30', '2025-02-29', '2026-04-31', '2026-13-01', '2026-00-10']) {
      expect(clientInputSchema.safeParse({ name: 'A', dateOfBirth: date }).success, date).toBe(false);
    }
  });

  it('accepts real dates, leap days included', () => {
    for (const date of ['2024-02-29', '1990-04-02', '2026-12-31']) {
      expect(clientInputSchema.safeParse({ name: 'A', dateOfBirth: date }).success, date).toBe(true);
    }
  });

  it('requires a session to end after it starts', () => {
    const base = { clientId, date: '2026-11-20', modality: 'video' as const };
    expect(sessionInputSchema.safeParse({ ...base, startTime: '10:00', endTime: '10:50' }).success).toBe(true);
    expect(sessionInputSchema.safeParse({ ...base, startTime: '10:50', endTime: '10:00' }).success).toBe(false);
    expect(sessionInputSchema.safeParse({ ...base, startTime: '24:00', endTime: '24:30' }).success).toBe(false);
  });
});
