/**
 * Import files (docs/kb-import.md): a JSON array of articles, `{ "articles": [...] }`, or CSV
 * with a header line. Every row is checked before anything is stored; the errors name the row
 * (1-based, in file order) and, for CSV, the line where it starts.
 */
import { AppError } from '../../core/errors/codes.ts';
import { CsvError, csvObjects, parseCsv, splitList } from '../../core/kb/csv.ts';
import { normalizeCode, normalizeForSearch } from '../../core/kb/normalize.ts';
import { importRow, MAX_IMPORT_ROWS, type ArticleContent } from '../../contract/kb.ts';

export interface ImportError {
  /** 1-based row in file order (0: the file as a whole, e.g. its header). */
  row: number;
  /** CSV only: the line of the file where the row starts. */
  line?: number;
  path: string;
  message: string;
}

export interface ImportItem {
  row: number;
  line?: number;
  content: ArticleContent;
}

export interface ImportRefs {
  agencies: { id: string; code: string; active: boolean }[];
  fields: { id: string; code: string; active: boolean }[];
}

/** CSV column → JSON property. Header names are matched ignoring case, spaces, `_` and `-`. */
const CSV_COLUMNS: Record<string, string> = {
  kind: 'kind',
  code: 'code',
  title: 'title',
  summary: 'summary',
  body: 'body',
  agencycode: 'agencyCode',
  fieldcode: 'fieldCode',
  keywords: 'keywords',
  sourceurl: 'sourceUrl',
  effectivefrom: 'effectiveFrom',
  expiresat: 'expiresAt',
  reviewdue: 'reviewDue',
  level: 'procedure.level',
  implementingagency: 'procedure.implementingAgency',
  steps: 'procedure.steps',
  dossier: 'procedure.dossier',
  processingtime: 'procedure.processingTime',
  fees: 'procedure.fees',
  legalbasis: 'procedure.legalBasis',
};
const LIST_COLUMNS = new Set([
  'keywords',
  'procedure.steps',
  'procedure.dossier',
  'procedure.legalBasis',
]);
const DATE_COLUMNS = new Set(['effectiveFrom', 'expiresAt', 'reviewDue']);
const OPTIONAL_COLUMNS = new Set(['code', 'fieldCode', 'sourceUrl', 'summary', 'body']);

/** Kinds as people write them (folded): `hỏi đáp`, `thủ tục`, `chính sách` too. */
const KIND_ALIASES: Record<string, string> = {
  faq: 'faq',
  'hoi dap': 'faq',
  'cau hoi': 'faq',
  policy: 'policy',
  'chinh sach': 'policy',
  'quy dinh': 'policy',
  'thong bao': 'policy',
  procedure: 'procedure',
  'thu tuc': 'procedure',
  'thu tuc hanh chinh': 'procedure',
  tthc: 'procedure',
};
/** Procedure levels as people write them (folded): `cấp tỉnh`, `xã`… */
const LEVEL_ALIASES: Record<string, string> = {
  'cap trung uong': 'central',
  'trung uong': 'central',
  'cap tinh': 'province',
  tinh: 'province',
  'cap huyen': 'district',
  huyen: 'district',
  'cap xa': 'commune',
  xa: 'commune',
  khac: 'other',
};

const headerKey = (h: string) => h.toLowerCase().replace(/[\s_-]+/g, '');

/** `dd/mm/yyyy` (as Vietnamese spreadsheets show dates) → `yyyy-mm-dd`; other text unchanged. */
function isoDate(v: string): string {
  const m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(v.trim());
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : v.trim();
}

function alias(value: unknown, table: Record<string, string>): unknown {
  if (typeof value !== 'string') return value;
  return table[normalizeForSearch(value)] ?? value;
}

/** A CSV row as the JSON object the same validation reads. */
function csvRowObject(values: Record<string, string>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const proc: Record<string, unknown> = {};
  for (const [header, raw] of Object.entries(values)) {
    const target = CSV_COLUMNS[headerKey(header)]!;
    const v = raw.trim();
    let value: unknown;
    if (LIST_COLUMNS.has(target)) value = splitList(raw);
    else if (DATE_COLUMNS.has(target)) value = v === '' ? null : isoDate(v);
    else if (target === 'body') value = raw.replace(/\r\n/g, '\n');
    else value = v;
    if (target.startsWith('procedure.')) {
      const key = target.slice('procedure.'.length);
      const empty = Array.isArray(value) ? value.length === 0 : value === '';
      if (!empty) proc[key] = value;
    } else if (!(value === '' && OPTIONAL_COLUMNS.has(target))) {
      o[target] = value; // an empty optional cell is left out: its default applies
    }
  }
  if (Object.keys(proc).length > 0) o.procedure = proc;
  return o;
}

function fileError(message: string, line?: number): AppError {
  const e: ImportError = { row: 0, path: '', message, ...(line !== undefined && { line }) };
  return new AppError('kb_import_invalid', { errors: [e], errorCount: 1 });
}

/**
 * Parses and validates an import file; throws `kb_import_invalid` (422) listing every bad
 * row, or `validation_failed`/`unsupported_media_type` for what is not an import file at all.
 */
export function parseImport(body: unknown, contentType: string, refs: ImportRefs): ImportItem[] {
  let rows: { row: number; line?: number; value: unknown }[];
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    if (!/csv|text\/plain/.test(contentType)) throw new AppError('unsupported_media_type');
    let table;
    try {
      table = parseCsv(String(body));
    } catch (err) {
      if (err instanceof CsvError) throw fileError(err.message, err.line);
      throw err;
    }
    const unknownHeaders = table.header.filter((h) => !CSV_COLUMNS[headerKey(h)]);
    if (unknownHeaders.length > 0)
      throw fileError(
        `unknown columns: ${unknownHeaders.join(', ')} (known: ${Object.keys(CSV_COLUMNS).join(', ')})`,
        1,
      );
    for (const required of ['kind', 'title', 'agencycode']) {
      if (!table.header.some((h) => headerKey(h) === required))
        throw fileError(`missing column: ${required}`, 1);
    }
    rows = csvObjects(table).map((r, i) => ({
      row: i + 1,
      line: r.line,
      value: csvRowObject(r.values),
    }));
  } else {
    const list = Array.isArray(body)
      ? body
      : body && typeof body === 'object' && Array.isArray((body as { articles?: unknown }).articles)
        ? (body as { articles: unknown[] }).articles
        : null;
    if (!list)
      throw new AppError('validation_failed', [
        { path: '', message: 'expected a JSON array of articles, { "articles": [...] } or CSV' },
      ]);
    rows = list.map((value, i) => ({ row: i + 1, value }));
  }
  if (rows.length === 0) throw fileError('the file holds no articles');
  if (rows.length > MAX_IMPORT_ROWS)
    throw fileError(`at most ${MAX_IMPORT_ROWS} articles per import (this file: ${rows.length})`);

  const agencies = new Map(refs.agencies.map((a) => [a.code.toLowerCase(), a]));
  const fields = new Map(refs.fields.map((f) => [f.code.toLowerCase(), f]));
  const errors: ImportError[] = [];
  const items: ImportItem[] = [];
  const codes = new Map<string, number>();
  for (const r of rows) {
    const at = { row: r.row, ...(r.line !== undefined && { line: r.line }) };
    let value = r.value;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const v = { ...(value as Record<string, unknown>) };
      v.kind = alias(v.kind, KIND_ALIASES);
      if (v.procedure && typeof v.procedure === 'object') {
        const p = { ...(v.procedure as Record<string, unknown>) };
        p.level = alias(p.level, LEVEL_ALIASES);
        v.procedure = p;
      }
      value = v;
    }
    const parsed = importRow.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ ...at, path: issue.path.map(String).join('.'), message: issue.message });
      continue;
    }
    const d = parsed.data;
    const agency = agencies.get(d.agencyCode.toLowerCase());
    if (!agency || !agency.active) {
      errors.push({
        ...at,
        path: 'agencyCode',
        message: `no active agency with code ${d.agencyCode}`,
      });
      continue;
    }
    let fieldId: string | null = null;
    if (d.fieldCode) {
      const field = fields.get(d.fieldCode.toLowerCase());
      if (!field) {
        errors.push({ ...at, path: 'fieldCode', message: `no field with code ${d.fieldCode}` });
        continue;
      }
      fieldId = field.id;
    }
    if (d.code) {
      const norm = normalizeCode(d.code);
      const first = codes.get(norm);
      if (first !== undefined) {
        errors.push({ ...at, path: 'code', message: `code ${d.code} is already on row ${first}` });
        continue;
      }
      codes.set(norm, r.row);
    }
    items.push({
      ...at,
      content: {
        kind: d.kind,
        code: d.code,
        title: d.title,
        summary: d.summary,
        body: d.body,
        procedure: d.procedure,
        keywords: d.keywords,
        sourceUrl: d.sourceUrl,
        fieldId,
        agencyId: agency.id,
        effectiveFrom: d.effectiveFrom,
        expiresAt: d.expiresAt,
        reviewDue: d.reviewDue,
      },
    });
  }
  if (errors.length > 0)
    throw new AppError('kb_import_invalid', {
      errors: errors.slice(0, 200),
      errorCount: errors.length,
    });
  return items;
}
