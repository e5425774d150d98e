/** Dates and numbers for people, in the hotline's time zone whatever the device's. */
import type { Lang } from './catalog.ts';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Lang, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
      timeZone: TIME_ZONE,
      ...opts,
    });
    cache.set(key, f);
  }
  return f;
}

/** 14:05 02/03/2026 — time first, as Vietnamese offices write it. */
export function formatDateTime(iso: string | Date, lang: Lang): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '';
  const time = formatter(lang, { hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
  return `${time} ${formatDate(d, lang)}`;
}

export function formatDate(iso: string | Date, lang: Lang): string {
  const d = typeof iso === 'string' ? new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso) : iso;
  if (Number.isNaN(d.getTime())) return '';
  return formatter(lang, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
}

/** Today's date 'YYYY-MM-DD' in the hotline's time zone. */
export function todayIso(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  return parts;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
