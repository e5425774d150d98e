/**
 * Personal data masked as a rule of the data (R-PUB-2, Law 91/2025 on personal data).
 *
 * Who sees a citizen masked is the permission table's (`PERSONAL_DATA`, `mustMask` in
 * `core/access/permissions.ts`): leaders and administrators always, agency staff on
 * confidential tickets. What is masked is this file's: for such a viewer every text that can
 * carry a citizen's identity — subject, content, answers, notes, timeline data, notification
 * texts, chat transcripts, call records — goes through one function, `Masker.text`, which
 * replaces what the publication workflow's finder (`core/publication/redact.ts`) sees as
 * personal (names, phones, emails, CMND/CCCD numbers, house addresses), given the ticket's own
 * citizen data too. Presenters and services build a `Masker` once per row and never copy the
 * rule: a viewer who must not see the data gets the masked text, everyone else the text as
 * written (`Masker.identity`).
 *
 * Pure: no I/O.
 */
import { mustMask, type Caller } from '../access/permissions.ts';
import { applyRedactions, findRedactions, type KnownPersonalData } from '../publication/redact.ts';

export type { KnownPersonalData };
export { maskedDownload, maskedRows, type MaskedRows } from './rules.ts';

/** A phone number with its middle hidden: `098*****48`. */
export function maskPhone(p: string | null): string | null {
  if (!p) return p;
  return p.length <= 4
    ? '*'.repeat(p.length)
    : `${p.slice(0, 3)}${'*'.repeat(p.length - 5)}${p.slice(-2)}`;
}

/** An email with the user part hidden: `n***@example.com`. */
export function maskEmail(e: string | null): string | null {
  if (!e) return e;
  const [user = '', domain = ''] = e.split('@');
  return `${user.slice(0, 1)}***@${domain}`;
}

/** A name as its initials: `P. M. C.`. */
export function maskName(n: string): string {
  return n
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${w.slice(0, 1)}.`)
    .join(' ');
}

/** The citizen data a ticket row carries, for the finder to look for wherever it appears. */
export function knownOf(t: {
  citizen_name?: string | null;
  citizen_phone?: string | null;
  citizen_email?: string | null;
  citizen_address?: string | null;
}): KnownPersonalData {
  return {
    names: [t.citizen_name],
    phones: [t.citizen_phone],
    emails: [t.citizen_email],
    addresses: [t.citizen_address],
  };
}

/** Strings that are ours, never a person's: ids and instants (left as they are). */
const STRUCTURAL =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)$/i;

/** Every text of a finding-free length is returned as is (nothing personal fits in it). */
const SHORTEST_FINDING = 2;

/**
 * Masks the texts of one row (a ticket, a notification, a call) for one viewer. Built with
 * `Masker.for(role, row, known)`; `masked` says whether anything is masked at all.
 */
export class Masker {
  /** The viewer sees everything as written. */
  static readonly identity = new Masker(false, {});

  /**
   * The masker of `role` for a row: masking when the permission table says so (`mustMask`),
   * looking for the row's own citizen data (`known`) besides the finder's patterns.
   */
  static for(
    role: Caller | string,
    row: { confidential: boolean },
    known: KnownPersonalData = {},
  ): Masker {
    return Masker.when(mustMask(role, row), known);
  }

  /** Masking when `masked` (the caller has asked the permission table), else the identity. */
  static when(masked: boolean, known: KnownPersonalData = {}): Masker {
    return masked ? new Masker(true, known) : Masker.identity;
  }

  private constructor(
    readonly masked: boolean,
    private readonly known: KnownPersonalData,
  ) {}

  /** A text with every finding replaced (`[họ tên]`, `[số điện thoại]`…). */
  text(s: string): string {
    if (!this.masked || s.length < SHORTEST_FINDING || STRUCTURAL.test(s)) return s;
    return applyRedactions(s, findRedactions(s, this.known));
  }

  /**
   * Keys a caller pressed: a menu choice stays, a number keyed in (an ID card, a phone, a
   * ticket code) does not — the finder cannot tell what a bare run of digits is.
   */
  digits(s: string): string {
    return this.masked ? this.text(s).replace(/\d{6,}/g, (d) => '*'.repeat(d.length)) : s;
  }

  nullable(s: string | null): string | null {
    return s === null ? null : this.text(s);
  }

  /** Every string inside a JSON value (a timeline event's data), keys left as they are. */
  json<T>(v: T): T {
    if (!this.masked) return v;
    return this.walk(v) as T;
  }

  private walk(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.walk(x));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.walk(x)]));
    }
    return v;
  }

  /** The citizen block: initials, the middle of the number, the user part of the email. */
  name(n: string): string {
    return this.masked ? maskName(n) : n;
  }
  phone(p: string | null): string | null {
    return this.masked ? maskPhone(p) : p;
  }
  email(e: string | null): string | null {
    return this.masked ? maskEmail(e) : e;
  }
  address(a: string | null): string | null {
    return this.masked ? (a ? '***' : null) : a;
  }

  /**
   * A file's name: a masked viewer gets a neutral one (`tep-1a2b3c4d.pdf`), since a name
   * such as `cccd-nguyen-van-an.jpg` escapes the finder (no diacritics, no spaces).
   */
  filename(name: string, id: string): string {
    if (!this.masked) return name;
    const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
    return `tep-${id.replace(/-/g, '').slice(0, 8)}${ext ? `.${ext}` : ''}`;
  }
}
