/*
 * A client's request to inspect or get a copy of their record (45 CFR
 * 164.524), its 30-day deadline with the one 30-day extension the rule
 * allows, and how it ended: fulfilled by an export of the designated record
 * set, or denied in writing. Declared here so the vault, the IPC contract
 * and the Today screen read one definition and one deadline arithmetic.
 */
import { z } from 'zod';
import { addDays, daysBetween } from './calendar';
import { isoDateSchema, rowIdSchema } from './schemas';

/** 164.524(b)(2)(i): act on a request no later than 30 days after receiving it. */
export const ACCESS_RESPONSE_DAYS = 30;
/** 164.524(b)(2)(ii): one extension of no more than 30 days, with a written statement of the reasons. */
export const ACCESS_EXTENSION_DAYS = 30;

/** 164.524(c)(2): the form and format the client asked for. */
export const ACCESS_FORMS = ['electronic-copy', 'paper-copy', 'inspection', 'summary'] as const;
export type AccessForm = (typeof ACCESS_FORMS)[number];

/** 164.524(c)(3)(ii)-(iv): how the copy reaches the client (or the person they direct it to). */
export const ACCESS_DELIVERIES = ['pickup', 'mail', 'email', 'other'] as const;
export type AccessDelivery = (typeof ACCESS_DELIVERIES)[number];

const requiredText = (max: number) => z.string().trim().min(1).max(max);

export const accessRequestInputSchema = z.strictObject({
  clientId: rowIdSchema,
  receivedOn: isoDateSchema,
  /** Who asked: the client, or a personal representative and their authority. */
  requestedBy: requiredText(300),
  /** What is requested, in the client's words: "my whole record", "notes from 2024". */
  requested: requiredText(1000),
  form: z.enum(ACCESS_FORMS),
  /** The format in detail, e.g. "PDF on a USB stick". */
  format: z.string().trim().max(300),
  delivery: z.enum(ACCESS_DELIVERIES),
  /** Where to send it (an address the client gave), or the person it is directed to. */
  deliveryDetails: z.string().trim().max(500),
});
export type AccessRequestInput = z.infer<typeof accessRequestInputSchema>;

export const accessExtensionSchema = z.strictObject({
  extendedOn: isoDateSchema,
  /** The written statement of the reasons for the delay given to the client. */
  reason: requiredText(1000),
});
export type AccessExtension = z.infer<typeof accessExtensionSchema>;

export const accessDenialSchema = z.strictObject({
  deniedOn: isoDateSchema,
  /** The basis for the denial as written to the client (164.524(d)(2)). */
  reason: requiredText(2000),
});
export type AccessDenial = z.infer<typeof accessDenialSchema>;

export interface AccessFulfilment {
  fulfilledOn: string;
  /** The disclosure the export recorded. */
  disclosureId: string;
  noteCount: number;
}

export interface AccessRequest extends AccessRequestInput {
  id: string;
  extension?: AccessExtension;
  fulfilment?: AccessFulfilment;
  denial?: AccessDenial;
  createdAt: string;
  updatedAt: string;
}

export type AccessRequestStatus = 'open' | 'fulfilled' | 'denied';

export interface AccessRequestView extends AccessRequest {
  status: AccessRequestStatus;
  /** The last day to act: 30 days after receipt, 60 once extended. */
  dueOn: string;
  /** Days from `today` to the due date; negative once overdue. Meaningful while open. */
  daysLeft: number;
}

/** The original deadline: the last day on which the one extension may still be given. */
export function accessFirstDeadline(receivedOn: string): string {
  return addDays(receivedOn, ACCESS_RESPONSE_DAYS);
}

export function accessDueOn(request: Pick<AccessRequest, 'receivedOn' | 'extension'>): string {
  const first = accessFirstDeadline(request.receivedOn);
  return request.extension ? addDays(first, ACCESS_EXTENSION_DAYS) : first;
}

export function accessRequestStatus(request: Pick<AccessRequest, 'fulfilment' | 'denial'>): AccessRequestStatus {
  if (request.fulfilment) return 'fulfilled';
  if (request.denial) return 'denied';
  return 'open';
}

export function accessRequestView(request: AccessRequest, today: string): AccessRequestView {
  const dueOn = accessDueOn(request);
  return { ...request, status: accessRequestStatus(request), dueOn, daysLeft: daysBetween(today, dueOn) };
}

export const ACCESS_FORM_LABELS: Readonly<Record<AccessForm, string>> = {
  'electronic-copy': 'Electronic copy',
  'paper-copy': 'Paper copy',
  inspection: 'Inspection in person',
  summary: 'Summary (client agreed)',
};

export const ACCESS_DELIVERY_LABELS: Readonly<Record<AccessDelivery, string>> = {
  pickup: 'Picked up in person',
  mail: 'Mail',
  email: 'Email',
  other: 'Other',
};

export const ACCESS_STATUS_LABELS: Readonly<Record<AccessRequestStatus, string>> = {
  open: 'Open',
  fulfilled: 'Fulfilled',
  denied: 'Denied',
};
