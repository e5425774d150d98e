/**
 * The create-ticket form's rules, mirroring createTicketBody in
 * src/contract/ticket.ts so that the operator sees the problem in Vietnamese
 * before the request leaves. Pure: unit tested in ticket-form.test.ts.
 */
import type { Message } from '../../i18n/catalog.ts';
import { CHANNELS, type Channel, type Urgency } from '../../../../src/contract/enums.ts';
import type { CreateTicketBodyInput } from '../../../../src/contract/ticket.ts';

/**
 * Channels an operator records by hand (R-CH-10: letters, portal referrals, calls…).
 * `open311` belongs to the apps that file through the Open311 endpoint, never to a person.
 */
const MACHINE_CHANNELS: ReadonlySet<Channel> = new Set(['open311']);
export const OPERATOR_CHANNELS: readonly Channel[] = CHANNELS.filter(
  (c) => !MACHINE_CHANNELS.has(c),
);

export interface TicketForm {
  channel: Channel;
  urgency: Urgency;
  phone: string;
  name: string;
  email: string;
  address: string;
  organization: string;
  language: 'vi' | 'en';
  subject: string;
  content: string;
  fieldId: string;
  confidential: boolean;
}

export type FormField = keyof TicketForm;
export type FormErrors = Partial<Record<FormField, Message>>;

export function emptyForm(): TicketForm {
  return {
    channel: 'phone',
    urgency: 'normal',
    phone: '',
    name: '',
    email: '',
    address: '',
    organization: '',
    language: 'vi',
    subject: '',
    content: '',
    fieldId: '',
    confidential: false,
  };
}

export const LIMITS = { name: 200, address: 500, organization: 300, subject: 300, content: 20_000 };
export const CONTENT_MIN = 5;

/** The server's phone normalisation: spaces, dots, dashes go; +84/84 becomes 0. */
export function normalizePhone(raw: string): string {
  return raw
    .trim()
    .replace(/[\s.-]/g, '')
    .replace(/^\+84/, '0')
    .replace(/^84(?=\d{9}$)/, '0');
}

const PHONE = /^0\d{9,10}$|^1[89]00\d{4,6}$/;
// The shape zod's z.email() accepts in practice; the server has the last word.
const EMAIL =
  /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

export function isValidPhone(raw: string): boolean {
  return PHONE.test(normalizePhone(raw));
}

export function isValidEmail(raw: string): boolean {
  return EMAIL.test(raw.trim());
}

function tooLong(v: string, max: number): Message | undefined {
  return v.trim().length > max ? { key: 'validation.tooLong', params: { max } } : undefined;
}

export function validateTicket(f: TicketForm): FormErrors {
  const e: FormErrors = {};
  const name = f.name.trim();
  if (!name) e.name = { key: 'validation.required' };
  else e.name = tooLong(name, LIMITS.name);

  const phone = f.phone.trim();
  const email = f.email.trim();
  if (phone && !isValidPhone(phone)) e.phone = { key: 'validation.phone' };
  if (email && !isValidEmail(email)) e.email = { key: 'validation.email' };
  if (!phone && !email) e.phone = { key: 'validation.phoneOrEmail' };

  e.address = tooLong(f.address, LIMITS.address);
  e.organization = tooLong(f.organization, LIMITS.organization);
  e.subject = tooLong(f.subject, LIMITS.subject);

  const content = f.content.trim();
  if (!content) e.content = { key: 'validation.required' };
  else if (content.length < CONTENT_MIN)
    e.content = { key: 'validation.tooShort', params: { min: CONTENT_MIN } };
  else e.content = tooLong(content, LIMITS.content);

  if (!OPERATOR_CHANNELS.includes(f.channel)) e.channel = { key: 'validation.required' };

  for (const k of Object.keys(e) as FormField[]) if (!e[k]) delete e[k];
  return e;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The form opened from a call (the call pop's "record a ticket": `?call=<id>&phone=…&name=…`):
 * channel phone, the caller's number and name filled in, and the call to bind. Anything
 * malformed is ignored (a plain new ticket).
 */
export function callPrefill(search: string): { callId: string | null; form: TicketForm } {
  const q = new URLSearchParams(search);
  const form = emptyForm();
  const callId = q.get('call');
  if (!callId || !UUID.test(callId)) return { callId: null, form };
  const phone = q.get('phone') ?? '';
  if (isValidPhone(phone)) form.phone = phone;
  form.name = (q.get('name') ?? '').slice(0, LIMITS.name);
  return { callId: callId.toLowerCase(), form };
}

/** The request body for a valid form; empty optional fields are left out. */
export function toCreateBody(
  f: TicketForm,
  idempotencyKey: string,
  /** The call this ticket records (bound to it on creation). */
  callId?: string,
): CreateTicketBodyInput {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  const phone = f.phone.trim() ? normalizePhone(f.phone) : undefined;
  const email = opt(f.email)?.toLowerCase();
  return {
    channel: f.channel,
    urgency: f.urgency,
    content: f.content.trim(),
    confidential: f.confidential,
    idempotencyKey,
    ...(callId ? { callId } : {}),
    ...(opt(f.subject) ? { subject: opt(f.subject) } : {}),
    ...(f.fieldId ? { fieldId: f.fieldId } : {}),
    citizen: {
      name: f.name.trim(),
      language: f.language,
      ...(phone ? { phone } : {}),
      ...(email ? { email } : {}),
      ...(opt(f.address) ? { address: opt(f.address) } : {}),
      ...(opt(f.organization) ? { organization: opt(f.organization) } : {}),
    },
  };
}

/** Maps the API's validation details (zod paths) back onto form fields. */
export function serverErrors(details: unknown): FormErrors {
  const e: FormErrors = {};
  if (!Array.isArray(details)) return e;
  const map: Record<string, FormField> = {
    'citizen.name': 'name',
    'citizen.phone': 'phone',
    'citizen.email': 'email',
    'citizen.address': 'address',
    'citizen.organization': 'organization',
    content: 'content',
    subject: 'subject',
    fieldId: 'fieldId',
    channel: 'channel',
  };
  for (const d of details as { path?: unknown }[]) {
    const field = typeof d.path === 'string' ? map[d.path] : undefined;
    if (field && !e[field]) e[field] = { key: 'validation.server' };
  }
  return e;
}
