/**
 * The sample knowledge base: administrative procedures in the style of the national
 * public-service portal, FAQs of a provincial 1022 hotline and policy notices, written for
 * open1022 (illustrative: codes, fees and times are plausible, not authoritative — check the
 * national portal before relying on one). The JSON files are import files as they are
 * (`POST /api/v1/kb/import?publish=true`); their agency and field codes are the demo
 * province's (src/demo/organisation.ts).
 *
 * `queries.json` is the labelled query set of the search quality test.
 */
import { readFileSync } from 'node:fs';
import type { DB } from '../../../db/database.ts';
import { samplesRepository as repo } from './samples.repository.ts';

export interface SampleArticle {
  kind: 'faq' | 'policy' | 'procedure';
  code: string;
  title: string;
  summary: string;
  body: string;
  agencyCode: string;
  fieldCode: string;
  [key: string]: unknown;
}

export interface LabelledQuery {
  q: string;
  /** Codes of the articles an operator would accept as the answer. */
  relevant: string[];
  tags: string[];
}

const load = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as T;

export const sampleProcedures = () => load<SampleArticle[]>('procedures.json');
export const sampleFaqs = () => load<SampleArticle[]>('faqs.json');
export const samplePolicies = () => load<SampleArticle[]>('policies.json');
export const sampleArticles = () => [...sampleProcedures(), ...sampleFaqs(), ...samplePolicies()];
export const labelledQueries = () => load<LabelledQuery[]>('queries.json');

/** Names for the agency codes the samples use (the demo province's agencies). */
const AGENCY_NAMES: Record<string, string> = {
  TD1022: 'Tổng đài Thông tin dịch vụ công 1022',
  VPUBND: 'Văn phòng Ủy ban nhân dân tỉnh',
  SNNMT: 'Sở Nông nghiệp và Môi trường',
  SXD: 'Sở Xây dựng',
  SYT: 'Sở Y tế',
  SGDDT: 'Sở Giáo dục và Đào tạo',
  STC: 'Sở Tài chính',
  SNV: 'Sở Nội vụ',
  SCT: 'Sở Công Thương',
  SVHTTDL: 'Sở Văn hóa, Thể thao và Du lịch',
  STP: 'Sở Tư pháp',
  CAT: 'Công an tỉnh',
  BHXH: 'Bảo hiểm xã hội tỉnh',
  DIENLUC: 'Công ty Điện lực',
  CAPNUOC: 'Công ty Cổ phần Cấp nước',
};

/**
 * Creates, in a tenant, the agencies and fields the samples name that it lacks (tests and the
 * bench; the demo province already has them). Returns code → id maps.
 */
export async function ensureSampleOrg(db: DB, tenantId: string) {
  const articles = sampleArticles();
  const agencyCodes = [...new Set(articles.map((a) => a.agencyCode))];
  const fieldCodes = [...new Set(articles.map((a) => a.fieldCode))];
  for (const code of agencyCodes) {
    await repo.ensureAgency(db, tenantId, {
      code,
      name: AGENCY_NAMES[code] ?? code,
      kind: code === 'TD1022' ? 'hotline' : code === 'VPUBND' ? 'coordinator' : 'department',
    });
  }
  const group = await repo.firstFieldGroup(db, tenantId);
  for (const code of fieldCodes) await repo.ensureField(db, tenantId, group.id, code);
  const [agencies, fields] = await Promise.all([
    repo.agencyCodes(db, tenantId),
    repo.fieldCodes(db, tenantId),
  ]);
  return {
    agencies: new Map(agencies.map((a) => [a.code, a.id])),
    fields: new Map(fields.map((f) => [f.code, f.id])),
  };
}
