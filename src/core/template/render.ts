/**
 * Message templates written by an administrator (reply templates, R-CH-11 acknowledgements):
 * which placeholders they may use, how they are filled, and which acknowledgement a channel
 * sends. Pure: shared by the API (validation, sending) and the web app (live preview).
 */
import type { Channel } from '../ticket/channels.ts';

/** Placeholders a template may contain, e.g. "Mã phiếu của Quý khách là {code}." */
export const PLACEHOLDERS = ['code', 'name', 'hotline', 'date'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Channels where a message arrives and can be answered automatically (R-CH-11). */
export const MESSAGE_CHANNELS: readonly Channel[] = [
  'sms',
  'email',
  'web',
  'chat',
  'zalo',
  'messenger',
  'app',
];

const TOKEN = /\{([A-Za-z_]\w*)\}/g;

/** Vietnam's wall clock (UTC+7 all year), on which messages write dates and times. */
const vn = (d: Date) => new Date(d.getTime() + 7 * 3600_000);
const two = (n: number) => String(n).padStart(2, '0');

/** The day of an instant in Vietnam as messages write it (`{date}`), e.g. "02/03/2026". */
export function messageDay(d: Date): string {
  const v = vn(d);
  return `${two(v.getUTCDate())}/${two(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
}

/** The time of an instant in Vietnam as messages write it, e.g. "14:05". */
export function messageClock(d: Date): string {
  const v = vn(d);
  return `${two(v.getUTCHours())}:${two(v.getUTCMinutes())}`;
}

/** Placeholder names written in a text, in order of first appearance. */
export function placeholdersIn(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(TOKEN)) seen.add(m[1]!);
  return [...seen];
}

/** Names written like placeholders that are not known ones (most often a typo). */
export function unknownPlaceholders(text: string): string[] {
  const known: ReadonlySet<string> = new Set(PLACEHOLDERS);
  return placeholdersIn(text).filter((p) => !known.has(p));
}

/**
 * Fills the known placeholders that have a value; anything else is left as written, so a
 * missing value shows as "{code}" rather than vanishing from the sentence.
 */
export function renderTemplate(text: string, values: Partial<Record<Placeholder, string>>): string {
  return text.replace(TOKEN, (whole, name: string) => {
    const v = (values as Record<string, string | undefined>)[name];
    return v === undefined ? whole : v;
  });
}

export interface AcknowledgementChoice {
  channel: string | null;
  active: boolean;
  kind: string;
}

/** The channel's own active acknowledgement, else the default one (channel null), else none. */
export function pickAcknowledgement<T extends AcknowledgementChoice>(
  templates: readonly T[],
  channel: string,
): T | null {
  const acks = templates.filter((t) => t.kind === 'acknowledgement' && t.active);
  return acks.find((t) => t.channel === channel) ?? acks.find((t) => t.channel === null) ?? null;
}
