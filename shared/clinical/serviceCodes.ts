/*
 * Psychotherapy service codes (CPT numbers) and the time each may be billed
 * for. The labels are our own short words: the AMA's descriptors are
 * copyrighted and never shipped. The time ranges are the CMS ones (the
 * midpoint rule), kept here and nowhere else so the editor's warning and the
 * export say the same thing.
 */

export const SERVICE_CODES = ['90791', '90832', '90834', '90837', '90846', '90847', '90853', '90839'] as const;
export type ServiceCode = (typeof SERVICE_CODES)[number];

export const SERVICE_LABELS: Readonly<Record<ServiceCode, string>> = {
  '90791': 'Diagnostic evaluation',
  '90832': 'Psychotherapy, about 30 min',
  '90834': 'Psychotherapy, about 45 min',
  '90837': 'Psychotherapy, about 60 min',
  '90846': 'Family session, client absent',
  '90847': 'Family session, client present',
  '90853': 'Group psychotherapy',
  '90839': 'Crisis psychotherapy, first 60 min',
};

/** Add-on for interactive complexity (an interpreter, a third party who interferes...). */
export const INTERACTIVE_COMPLEXITY = '90785';
/** Add-on to 90839, one unit per further 30 minutes of crisis psychotherapy. */
export const CRISIS_ADD_ON = '90840';

export const ADD_ON_LABELS = {
  [INTERACTIVE_COMPLEXITY]: 'Interactive complexity',
  [CRISIS_ADD_ON]: 'Crisis, each further 30 min',
} as const;

interface TimeRange {
  min: number;
  /** Inclusive; absent when the code has no upper bound. */
  max?: number;
}

/** Codes billed by time. 90791 and 90853 are not timed; 90839's range is for the first hour only. */
const TIME_RANGES: Partial<Record<ServiceCode, TimeRange>> = {
  '90832': { min: 16, max: 37 },
  '90834': { min: 38, max: 52 },
  '90837': { min: 53 },
  '90846': { min: 26 },
  '90847': { min: 26 },
  '90839': { min: 30 },
};

/** 90839 covers up to 74 minutes; each +90840 unit covers the next 30 (75-104 one unit, 105-134 two...). */
const CRISIS_FIRST_HOUR_MAX = 74;
const CRISIS_UNIT_MINUTES = 30;

/** Minutes between two HH:MM times of the same day; null when the end is not after the start. */
export function minutesBetween(start: string, end: string): number | null {
  const toMinutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  const minutes = toMinutes(end) - toMinutes(start);
  return minutes > 0 ? minutes : null;
}

/** How many +90840 units a crisis session of this length carries. */
export function crisisAddOnUnits(minutes: number): number {
  if (minutes <= CRISIS_FIRST_HOUR_MAX) return 0;
  return Math.ceil((minutes - CRISIS_FIRST_HOUR_MAX) / CRISIS_UNIT_MINUTES);
}

export interface ServiceTimeInput {
  code: ServiceCode;
  minutes: number;
  interactiveComplexity: boolean;
  crisisUnits: number;
}

function rangeText(range: TimeRange): string {
  return range.max === undefined ? `${range.min} minutes or more` : `${range.min} to ${range.max} minutes`;
}

/**
 * Why the recorded service does not fit its time or its add-ons, one sentence
 * each; empty when it fits. A warning, never a refusal: the clinician decides.
 */
export function serviceWarnings(service: ServiceTimeInput): string[] {
  const warnings: string[] = [];
  const range = TIME_RANGES[service.code];
  const outside = range && (service.minutes < range.min || (range.max !== undefined && service.minutes > range.max));
  if (range && outside) {
    warnings.push(`${service.minutes} minutes does not fit ${service.code}, which needs ${rangeText(range)}.`);
  }
  if (service.code === '90839') {
    const expected = crisisAddOnUnits(service.minutes);
    if (service.minutes >= (range?.min ?? 0) && expected !== service.crisisUnits) {
      warnings.push(`${service.minutes} minutes of crisis care carries ${expected} unit(s) of +${CRISIS_ADD_ON}, not ${service.crisisUnits}.`);
    }
    if (service.interactiveComplexity) warnings.push(`+${INTERACTIVE_COMPLEXITY} is not reported with 90839.`);
  } else if (service.crisisUnits > 0) {
    warnings.push(`+${CRISIS_ADD_ON} is reported only with 90839.`);
  }
  if (service.interactiveComplexity && (service.code === '90846' || service.code === '90847')) {
    warnings.push(`+${INTERACTIVE_COMPLEXITY} is not reported with family sessions.`);
  }
  return warnings;
}

/** "90837 +90785": the code and its add-ons as a claim lists them. */
export function serviceCodeLine(service: Pick<ServiceTimeInput, 'code' | 'interactiveComplexity' | 'crisisUnits'>): string {
  const parts: string[] = [service.code];
  if (service.interactiveComplexity) parts.push(`+${INTERACTIVE_COMPLEXITY}`);
  if (service.crisisUnits > 0) parts.push(service.crisisUnits === 1 ? `+${CRISIS_ADD_ON}` : `+${CRISIS_ADD_ON} x${service.crisisUnits}`);
  return parts.join(' ');
}
