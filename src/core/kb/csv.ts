/**
 * CSV as spreadsheets write it (RFC 4180): fields separated by a delimiter, optionally quoted
 * with `"`, quotes inside quoted fields doubled (`""`), line breaks inside quoted fields kept,
 * CRLF or LF line ends, a UTF-8 byte-order mark ignored. The delimiter is detected from the
 * header line: `,`, `;` (Excel with Vietnamese regional settings, where `,` is the decimal
 * separator) or tab.
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
}

export interface CsvTable {
  delimiter: string;
  header: string[];
  records: CsvRecord[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

/** The delimiter that splits the first line (outside quotes) most often; `,` on a tie. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/**
 * Parses CSV text into rows of fields (no header handling).
 *
 * ### Examples
 * ```ts
 * parseCsvRows('a,"b ""c""",d\n1,2,3\n', ','); // [{line:1, fields:['a','b "c"','d']}, {line:2, …}]
 * ```
 * Throws `CsvError` on a quote left open or text after a closing quote.
 */
export function parseCsvRows(input: string, delimiter: string): CsvRecord[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const rows: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let quoted = false;
  let wasQuoted = false;
  let quoteLine = 0;
  const endField = () => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRow = () => {
    endField();
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (field !== '' || wasQuoted) {
        throw new CsvError(line, 'a quote inside an unquoted field (quote the whole field)');
      }
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
      i++;
      continue;
    }
    if (ch === delimiter) {
      endField();
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    if (wasQuoted) throw new CsvError(line, 'text after a closing quote');
    field += ch;
    i++;
  }
  if (quoted) throw new CsvError(quoteLine, 'a quoted field is never closed');
  if (field !== '' || fields.length > 0 || wasQuoted) endRow();
  return rows;
}

/**
 * Parses CSV with a header line. Header names are trimmed; every record must have as many
 * fields as the header (a trailing empty field may be left out).
 */
export function parseCsv(input: string, delimiter?: string): CsvTable {
  const d = delimiter ?? detectDelimiter(input.startsWith('\uFEFF') ? input.slice(1) : input);
  const rows = parseCsvRows(input, d);
  const head = rows.shift();
  if (!head) throw new CsvError(1, 'the file is empty');
  const header = head.fields.map((h) => h.trim());
  for (const r of rows) {
    if (r.fields.length === header.length - 1) r.fields.push('');
    if (r.fields.length !== header.length) {
      throw new CsvError(
        r.line,
        `${r.fields.length} fields where the header has ${header.length} (check quotes and the delimiter "${d === '\t' ? '\\t' : d}")`,
      );
    }
  }
  return { delimiter: d, header, records: rows };
}

/** Records as objects keyed by header name. */
export function csvObjects(table: CsvTable): { line: number; values: Record<string, string> }[] {
  return table.records.map((r) => ({
    line: r.line,
    values: Object.fromEntries(table.header.map((h, i) => [h, r.fields[i] ?? ''])),
  }));
}

/**
 * A list cell: items on separate lines (Alt+Enter in a spreadsheet) or separated by `|`;
 * items trimmed, empty ones dropped.
 */
export function splitList(cell: string): string[] {
  return cell
    .split(/\r?\n|\|/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
