/**
 * What of an article is searched, and with which weight (R-KB-1, R-KB-3):
 * - A: the title (plus the code's words), synonym tags inserted;
 * - B: summary and keywords (and, for procedures, "thủ tục hành chính");
 * - C: body and the structured procedure fields, each under its label ("Thời hạn giải quyết:
 *   …", "Lệ phí: …", "Thành phần hồ sơ: …") so that questions about fees, time or documents
 *   reach procedures.
 * The stored columns hold the normalised text; PostgreSQL builds the weighted `tsvector`
 * from them (`to_tsvector('simple', …)`: no stemming, no stop words — folding is ours).
 */
import { normalizeCode, normalizeForSearch, tokenize } from './normalize.ts';
import { DEFAULT_SYNONYMS, type SynonymIndex } from './synonyms.ts';

/**
 * Version of the normalisation and synonym rules that produced an article's search columns.
 * Bump when `normalize.ts`, `synonyms.ts` or this file change what is indexed; articles with
 * an older revision are re-indexed (`POST /kb/reindex`).
 */
export const SEARCH_REVISION = 1;

export const PROCEDURE_LEVELS = ['central', 'province', 'commune', 'district', 'other'] as const;
export type ProcedureLevel = (typeof PROCEDURE_LEVELS)[number];

export const LEVEL_LABELS: Record<ProcedureLevel, string> = {
  central: 'Cấp trung ương',
  province: 'Cấp tỉnh',
  district: 'Cấp huyện',
  commune: 'Cấp xã',
  other: 'Khác',
};

/** The structured fields of an administrative procedure (TTHC). */
export interface ProcedureFields {
  level: ProcedureLevel;
  implementingAgency: string;
  steps: readonly string[];
  dossier: readonly string[];
  processingTime: string;
  fees: string;
  legalBasis: readonly string[];
}

export interface ArticleText {
  kind: 'faq' | 'policy' | 'procedure';
  code: string | null;
  title: string;
  summary: string;
  body: string;
  keywords: readonly string[];
  procedure: ProcedureFields | null;
}

export interface SearchFields {
  /** Normalised title, no tags: compared by trigram similarity. */
  title: string;
  a: string;
  b: string;
  c: string;
  codeNorm: string | null;
  /** Distinct terms of a, b and c: the article's contribution to the vocabulary. */
  terms: string[];
}

/** The procedure's structured fields as labelled text (also what the body shows when empty). */
export function procedureText(p: ProcedureFields): string {
  const lines = [
    `Cấp thực hiện: ${LEVEL_LABELS[p.level]}.`,
    p.implementingAgency && `Cơ quan thực hiện: ${p.implementingAgency}.`,
    p.steps.length > 0 && `Trình tự thực hiện: ${p.steps.join('. ')}.`,
    p.dossier.length > 0 && `Thành phần hồ sơ: ${p.dossier.join('. ')}.`,
    p.processingTime && `Thời hạn giải quyết: ${p.processingTime}.`,
    p.fees && `Phí, lệ phí: ${p.fees}.`,
    p.legalBasis.length > 0 && `Căn cứ pháp lý: ${p.legalBasis.join('. ')}.`,
  ];
  return lines.filter(Boolean).join('\n');
}

function tagged(text: string, synonyms: SynonymIndex): string {
  return synonyms.tagDocument(tokenize(text)).join(' ');
}

/**
 * The search columns of an article.
 *
 * ### Examples
 * ```ts
 * buildSearchFields({ kind: 'faq', code: null, title: 'Làm lại CMND bị mất?', summary: '',
 *   body: '', keywords: [], procedure: null }).a; // 'lam lai cmnd zzcccd bi mat'
 * ```
 */
export function buildSearchFields(
  article: ArticleText,
  synonyms: SynonymIndex = DEFAULT_SYNONYMS,
): SearchFields {
  const codeNorm = article.code ? normalizeCode(article.code) : null;
  // Separate keywords with a full stop so a phrase never spans two of them.
  const keywords = article.keywords.join(' . ');
  const a = [tagged(article.title, synonyms), article.code ? normalizeForSearch(article.code) : '']
    .filter(Boolean)
    .join(' ');
  const b = [
    tagged(article.summary, synonyms),
    tagged(keywords, synonyms),
    article.kind === 'procedure' ? tagged('thủ tục hành chính', synonyms) : '',
  ]
    .filter(Boolean)
    .join(' ');
  const c = [
    tagged(article.body, synonyms),
    article.procedure ? tagged(procedureText(article.procedure), synonyms) : '',
  ]
    .filter(Boolean)
    .join(' ');
  const terms = new Set<string>();
  for (const col of [a, b, c]) for (const t of col.split(' ')) if (t) terms.add(t);
  return { title: normalizeForSearch(article.title), a, b, c, codeNorm, terms: [...terms] };
}
