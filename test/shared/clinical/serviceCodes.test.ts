import { describe, expect, it } from 'vitest';
import type { ServiceCode } from '../../../shared/clinical/serviceCodes';
import { crisisAddOnUnits, minutesBetween, SERVICE_LABELS, serviceCodeLine, serviceWarnings } from '../../../shared/clinical/serviceCodes';

const fits = (code: ServiceCode, minutes: number, crisisUnits = 0, interactiveComplexity = false) =>
  serviceWarnings({ code, minutes, crisisUnits, interactiveComplexity }).length === 0;

describe('service time rule (CMS ranges)', () => {
  it.each([
    ['90832', 15, false],
    ['90832', 16, true],
    ['90832', 37, true],
    ['90832', 38, false],
    ['90834', 37, false],
    ['90834', 38, true],
    ['90834', 52, true],
    ['90834', 53, false],
    ['90837', 52, false],
    ['90837', 53, true],
    ['90837', 90, true],
    ['90839', 29, false],
    ['90839', 30, true],
    ['90839', 74, true],
  ] as const)('%s for %i minutes fits: %s', (code, minutes, expected) => {
    expect(fits(code, minutes)).toBe(expected);
  });

  it('90791 and 90853 are not timed', () => {
    expect(fits('90791', 5)).toBe(true);
    expect(fits('90853', 200)).toBe(true);
  });

  it('90839 past 74 minutes needs one +90840 per further 30 minutes, and the count must match', () => {
    expect([74, 75, 104, 105, 134, 135].map(crisisAddOnUnits)).toEqual([0, 1, 1, 2, 2, 3]);
    expect(fits('90839', 75)).toBe(false);
    expect(fits('90839', 75, 1)).toBe(true);
    expect(fits('90839', 110, 2)).toBe(true);
    expect(fits('90839', 60, 1)).toBe(false);
  });

  it('refuses add-ons where they do not belong', () => {
    expect(fits('90837', 60, 1)).toBe(false);
    expect(fits('90839', 60, 0, true)).toBe(false);
    expect(fits('90847', 50, 0, true)).toBe(false);
    expect(fits('90834', 45, 0, true)).toBe(true);
  });

  it('names the minutes and the range in its warning', () => {
    expect(serviceWarnings({ code: '90837', minutes: 45, crisisUnits: 0, interactiveComplexity: false })).toEqual([
      '45 minutes does not fit 90837, which needs 53 minutes or more.',
    ]);
  });

  it('counts minutes between the actual start and end', () => {
    expect(minutesBetween('10:05', '10:58')).toBe(53);
    expect(minutesBetween('10:00', '10:00')).toBeNull();
    expect(minutesBetween('11:00', '10:00')).toBeNull();
  });

  it('prints codes with their add-ons, under our own short labels', () => {
    expect(serviceCodeLine({ code: '90839', interactiveComplexity: false, crisisUnits: 2 })).toBe('90839 +90840 x2');
    expect(serviceCodeLine({ code: '90834', interactiveComplexity: true, crisisUnits: 0 })).toBe('90834 +90785');
    for (const label of Object.values(SERVICE_LABELS)) expect(label.length).toBeLessThan(40);
  });
});
