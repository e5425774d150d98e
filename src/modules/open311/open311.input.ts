/**
 * Reading GeoReport v2 arguments (pure). POST bodies arrive form-encoded as the spec says, or
 * as JSON (which many clients send); queries arrive as Fastify parses them. All of them
 * become one flat map of strings plus the `attribute[code]` answers, then are validated field
 * by field, each problem reported on its own (the spec's error response is a list).
 */
import { z } from 'zod';
import { phoneSchema } from '../../contract/ticket.ts';

/** One problem with the request, in both languages; the description names the argument. */
export interface Problem {
  /** HTTP status the problem calls for (400, 403, 404; 429 for rate limits). */
  status: 400 | 403 | 404 | 429;
  field: string;
  vi: string;
  en: string;
}

export const problem = (
  field: string,
  vi: string,
  en: string,
  status: Problem['status'] = 400,
): Problem => ({ status, field, vi, en });

export interface Args {
  /** Plain arguments: one value each. */
  values: Record<string, string>;
  /** `attribute[code]` answers; a multivaluelist has several. */
  attributes: Record<string, string[]>;
  problems: Problem[];
}

const ATTR = /^attribute\[([^\][]{1,64})\](\[\])?$/;
const MAX_ARGS = 100;

function addValue(args: Args, key: string, value: string) {
  const m = ATTR.exec(key);
  if (m) {
    const code = m[1]!;
    (args.attributes[code] ??= []).push(value);
    return;
  }
  // "A null parameter should be treated as equivalent to a non-declared parameter."
  if (value === '') return;
  if (key in args.values) {
    args.problems.push(
      problem(key, 'tham số được gửi nhiều lần', 'the argument was given more than once'),
    );
    return;
  }
  args.values[key] = value;
}

/** `application/x-www-form-urlencoded` (UTF-8, `+` for space). */
export function readForm(body: string): Args {
  const args: Args = { values: {}, attributes: {}, problems: [] };
  const params = new URLSearchParams(body);
  let n = 0;
  for (const [k, v] of params) {
    if (++n > MAX_ARGS) {
      args.problems.push(problem('', 'quá nhiều tham số', 'too many arguments'));
      break;
    }
    addValue(args, k, v);
  }
  return args;
}

function scalar(v: unknown): string | null | undefined {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * A JSON body: the same names as the form, scalars as strings or numbers; attributes either as
 * `"attribute[code]": value` keys or as an `"attribute": {code: value | [values]}` object.
 */
export function readJson(body: unknown): Args {
  const args: Args = { values: {}, attributes: {}, problems: [] };
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    args.problems.push(
      problem('', 'nội dung JSON phải là một đối tượng', 'the JSON body must be an object'),
    );
    return args;
  }
  const entries = Object.entries(body as Record<string, unknown>);
  if (entries.length > MAX_ARGS) {
    args.problems.push(problem('', 'quá nhiều tham số', 'too many arguments'));
    return args;
  }
  for (const [k, v] of entries) {
    if (k === 'attribute' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [code, answer] of Object.entries(v as Record<string, unknown>)) {
        const list = Array.isArray(answer) ? answer : [answer];
        for (const one of list) {
          const s = scalar(one);
          if (s === undefined || s === null) {
            args.problems.push(
              problem(`attribute[${code}]`, 'giá trị không hợp lệ', 'invalid value'),
            );
          } else addValue(args, `attribute[${code}]`, s);
        }
      }
      continue;
    }
    const list = ATTR.test(k) && Array.isArray(v) ? v : [v];
    for (const one of list) {
      const s = scalar(one);
      if (s === undefined) {
        args.problems.push(problem(k, 'phải là một giá trị đơn', 'must be a single value'));
      } else if (s !== null) addValue(args, k, s);
    }
  }
  return args;
}

/** A parsed query string: repeated names are joined with commas (the spec's list form). */
export function readQuery(query: unknown): Args {
  const args: Args = { values: {}, attributes: {}, problems: [] };
  if (!query || typeof query !== 'object') return args;
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
    const list = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    const joined = list.filter((x) => x !== '').join(',');
    if (joined !== '') args.values[k] = joined;
  }
  return args;
}

// PostgreSQL text cannot hold NUL; XML cannot carry most C0 controls. Refuse both on input.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** Limits on what a client may send (description: the spec's 4,000 characters). */
export const LIMITS = {
  jurisdiction_id: 200,
  service_code: 100,
  address_string: 500,
  address_id: 100,
  email: 254,
  phone: 30,
  device_id: 200,
  account_id: 200,
  first_name: 100,
  last_name: 100,
  description: 4000,
  media_url: 2000,
  api_key: 200,
  attribute: 500,
} as const;

function text(args: Args, name: keyof typeof LIMITS, opts: { multiline?: boolean } = {}) {
  const raw = args.values[name];
  if (raw === undefined) return undefined;
  const v = opts.multiline ? raw.replace(/\r\n?/g, '\n').trim() : raw.trim();
  if (CONTROL.test(v) || (!opts.multiline && /[\n\r\t]/.test(v))) {
    args.problems.push(
      problem(name, 'chứa ký tự điều khiển không được phép', 'contains control characters'),
    );
    return undefined;
  }
  if ([...v].length > LIMITS[name]) {
    args.problems.push(
      problem(name, `dài quá ${LIMITS[name]} ký tự`, `is longer than ${LIMITS[name]} characters`),
    );
    return undefined;
  }
  return v === '' ? undefined : v;
}

const DECIMAL = /^[+-]?(\d{1,3}(\.\d{1,15})?|\.\d{1,15})$/;

function coordinate(args: Args, name: 'lat' | 'long', max: number) {
  const raw = args.values[name];
  if (raw === undefined) return undefined;
  const v = raw.trim();
  const n = Number(v);
  if (!DECIMAL.test(v) || !Number.isFinite(n) || Math.abs(n) > max) {
    args.problems.push(
      problem(
        name,
        `phải là số thập phân từ -${max} đến ${max} (WGS84)`,
        `must be a decimal number from -${max} to ${max} (WGS84)`,
      ),
    );
    return undefined;
  }
  return n;
}

export interface NewRequestInput {
  serviceCode: string;
  lat?: number;
  long?: number;
  addressString?: string;
  addressId?: string;
  email?: string;
  phone?: string;
  deviceId?: string;
  accountId?: string;
  firstName?: string;
  lastName?: string;
  description?: string;
  mediaUrl?: string;
  attributes: Record<string, string[]>;
}

const emailSchema = z.email();

/**
 * The arguments of POST Service Request, checked (api_key and jurisdiction_id are read by the
 * caller first). Returns the input, or the problems when there is any.
 */
export function newRequestInput(
  args: Args,
): { ok: true; input: NewRequestInput } | { ok: false; problems: Problem[] } {
  const serviceCode = text(args, 'service_code');
  if (serviceCode === undefined && !args.problems.some((p) => p.field === 'service_code')) {
    args.problems.push(problem('service_code', 'chưa được gửi', 'was not provided'));
  }
  const lat = coordinate(args, 'lat', 90);
  const long = coordinate(args, 'long', 180);
  const latGiven = args.values.lat !== undefined;
  const longGiven = args.values.long !== undefined;
  if (latGiven !== longGiven) {
    args.problems.push(
      problem(
        latGiven ? 'long' : 'lat',
        'lat và long phải được gửi cùng nhau',
        'lat and long must be sent together',
      ),
    );
  }
  const addressString = text(args, 'address_string', { multiline: true });
  const addressId = text(args, 'address_id');
  if (!latGiven && !longGiven && !args.values.address_string && !args.values.address_id) {
    args.problems.push(
      problem(
        'location',
        'cần vị trí: lat và long, hoặc address_string, hoặc address_id',
        'a location is required: lat and long, or address_string, or address_id',
      ),
    );
  }
  let email = text(args, 'email');
  if (email !== undefined) {
    email = email.toLowerCase();
    if (!emailSchema.safeParse(email).success) {
      args.problems.push(
        problem('email', 'không phải địa chỉ email hợp lệ', 'is not a valid email'),
      );
      email = undefined;
    }
  }
  let phone = text(args, 'phone');
  if (phone !== undefined) {
    const p = phoneSchema.safeParse(phone);
    if (p.success) phone = p.data;
    else {
      args.problems.push(
        problem(
          'phone',
          'không phải số điện thoại Việt Nam hợp lệ',
          'is not a valid Vietnamese phone number',
        ),
      );
      phone = undefined;
    }
  }
  let mediaUrl = text(args, 'media_url');
  if (mediaUrl !== undefined) {
    let ok = false;
    try {
      const u = new URL(mediaUrl);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) {
      args.problems.push(
        problem('media_url', 'phải là một địa chỉ http(s)', 'must be an http(s) URL'),
      );
      mediaUrl = undefined;
    }
  }
  const input: NewRequestInput = {
    serviceCode: serviceCode ?? '',
    ...(lat !== undefined && long !== undefined ? { lat, long } : {}),
    ...opt('addressString', addressString),
    ...opt('addressId', addressId),
    ...opt('email', email),
    ...opt('phone', phone),
    ...opt('deviceId', text(args, 'device_id')),
    ...opt('accountId', text(args, 'account_id')),
    ...opt('firstName', text(args, 'first_name')),
    ...opt('lastName', text(args, 'last_name')),
    ...opt('description', text(args, 'description', { multiline: true })),
    ...opt('mediaUrl', mediaUrl),
    attributes: {},
  };
  for (const [code, values] of Object.entries(args.attributes)) {
    const clean: string[] = [];
    for (const raw of values) {
      const v = raw.trim();
      if (CONTROL.test(v) || [...v].length > LIMITS.attribute) {
        args.problems.push(problem(`attribute[${code}]`, 'giá trị không hợp lệ', 'invalid value'));
      } else if (v !== '') clean.push(v);
    }
    if (clean.length) input.attributes[code] = clean;
  }
  if (args.problems.length) return { ok: false, problems: args.problems };
  return { ok: true, input };
}

function opt<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: string };
}

/** Statuses of the spec: a ticket is closed once answered, closed or not accepted. */
export type PublicStatus = 'open' | 'closed';

export interface RequestQuery {
  /** Ticket codes: when given, every other filter is ignored (spec). */
  ids?: string[];
  serviceCodes?: string[];
  from: Date;
  to: Date;
  statuses?: PublicStatus[];
  page: number;
  pageSize: number;
}

export const WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;
/** The spec's default volume ("first 1000 requests") is also our page size cap. */
export const MAX_PAGE_SIZE = 1000;
const MAX_IDS = 100;
const VN_OFFSET = '+07:00';

/**
 * A W3C-note datetime (the spec's format): `YYYY-MM-DDThh:mm[:ss[.s]]TZD` with the zone
 * required, or a complete date `YYYY-MM-DD`, taken in Vietnam's time zone (the start of the
 * day, or its end when `endOfDay`). A `+` left unencoded in a URL arrives as a space; it is
 * read back as the `+` it was.
 */
export function parseW3cDate(raw: string, endOfDay = false): Date | undefined {
  const s = raw.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const full =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.exec(
      s,
    );
  const m = dateOnly ?? full;
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d)
    return undefined;
  if (full) {
    const [h, mi, sec] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    if (h > 23 || mi > 59 || sec > 59) return undefined;
    const zone = m[7]!;
    if (zone !== 'Z') {
      const [zh, zm] = zone.slice(1).split(':').map(Number) as [number, number];
      if (zh > 14 || zm > 59) return undefined;
    }
    const t = Date.parse(s);
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  const t = Date.parse(`${s}T${endOfDay ? '23:59:59.999' : '00:00:00'}${VN_OFFSET}`);
  return new Date(t);
}

function list(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? [...new Set(items)] : undefined;
}

function positiveInt(args: Args, name: string, max: number, dflt: number): number {
  const raw = args.values[name];
  if (raw === undefined) return dflt;
  if (!/^\d{1,7}$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > max) {
    args.problems.push(
      problem(name, `phải là số nguyên từ 1 đến ${max}`, `must be an integer from 1 to ${max}`),
    );
    return dflt;
  }
  return Number(raw);
}

/**
 * GET Service Requests arguments. The window defaults to the most recent 90 days and may not
 * span more; one end given alone sets the other 90 days away.
 */
export function requestQuery(
  args: Args,
  now: Date,
): { ok: true; query: RequestQuery } | { ok: false; problems: Problem[] } {
  const ids = list(args.values.service_request_id);
  if (ids && ids.length > MAX_IDS) {
    args.problems.push(
      problem(
        'service_request_id',
        `tối đa ${MAX_IDS} mã một lần`,
        `at most ${MAX_IDS} ids at a time`,
      ),
    );
  }
  const serviceCodes = list(args.values.service_code);
  if (serviceCodes && serviceCodes.length > MAX_IDS) {
    args.problems.push(
      problem('service_code', `tối đa ${MAX_IDS} mã một lần`, `at most ${MAX_IDS} codes at a time`),
    );
  }
  const date = (name: 'start_date' | 'end_date') => {
    const raw = args.values[name];
    if (raw === undefined) return undefined;
    const d = parseW3cDate(raw, name === 'end_date');
    if (!d) {
      args.problems.push(
        problem(
          name,
          'phải theo định dạng W3C, ví dụ 2026-01-01T00:00:00+07:00',
          'must use the W3C format, e.g. 2026-01-01T00:00:00Z',
        ),
      );
    }
    return d;
  };
  const start = date('start_date');
  const end = date('end_date');
  const window = WINDOW_DAYS * DAY_MS;
  let from: Date;
  let to: Date;
  if (start && end) {
    from = start;
    to = end;
    if (to.getTime() < from.getTime()) {
      args.problems.push(
        problem('end_date', 'phải sau start_date', 'must not be before start_date'),
      );
    } else if (to.getTime() - from.getTime() > window) {
      args.problems.push(
        problem(
          'end_date',
          `khoảng thời gian không được quá ${WINDOW_DAYS} ngày`,
          `the range may not span more than ${WINDOW_DAYS} days`,
        ),
      );
    }
  } else if (start) {
    from = start;
    to = new Date(start.getTime() + window);
  } else if (end) {
    to = end;
    from = new Date(end.getTime() - window);
  } else {
    to = now;
    from = new Date(now.getTime() - window);
  }
  const statusList = list(args.values.status);
  let statuses: PublicStatus[] | undefined;
  if (statusList) {
    const bad = statusList.filter((s) => s !== 'open' && s !== 'closed');
    if (bad.length) {
      args.problems.push(
        problem('status', 'chỉ nhận open hoặc closed', 'must be open or closed (comma separated)'),
      );
    } else statuses = statusList as PublicStatus[];
  }
  const page = positiveInt(args, 'page', 1_000_000, 1);
  const pageSize = positiveInt(args, 'page_size', MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  if (args.problems.length) return { ok: false, problems: args.problems };
  return {
    ok: true,
    query: {
      ...(ids ? { ids } : {}),
      ...(serviceCodes ? { serviceCodes } : {}),
      from,
      to,
      ...(statuses ? { statuses } : {}),
      page,
      pageSize,
    },
  };
}
