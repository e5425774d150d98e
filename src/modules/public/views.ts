/**
 * What the citizens' pages show (`pages.ts` renders them, `public.service.ts` reads them): the
 * site's view models, apart from both so that neither imports the other.
 */
import type { KbProcedureJson } from '../../db/schema.ts';
import type { publicRepository } from './public.repository.ts';
import type { UnitChoice } from './submission.ts';

export interface TenantInfo {
  id: string;
  code: string;
  name: string;
  hotline: string;
}

export interface FormOptions {
  fields: Awaited<ReturnType<typeof publicRepository.fields>>;
  province: { id: string; name: string } | null;
  current: { id: string; name: string }[];
  districts: { id: string; name: string; communes: { id: string; name: string }[] }[];
  choice: UnitChoice;
}

export interface PublishedItem {
  ticket_id: string;
  title: string;
  question: string;
  received_at: Date;
  answered_at: Date | null;
  field_name: string | null;
  field_name_en: string | null;
  agency_name: string | null;
  agency_name_en: string | null;
}

export interface TicketView {
  ticket: {
    id: string;
    code: string;
    status: string;
    subject: string;
    content: string;
    answer: string | null;
    reject_reason: string | null;
    reject_guidance: string | null;
    reopen_count: number;
    created_at: Date;
    answered_at: Date | null;
    field_name: string | null;
    field_name_en: string | null;
    agency_name: string | null;
    agency_name_en: string | null;
  };
  rating: { rating: number; comment: string | null } | null;
}

/** The published answers' filter as the page shows it back ('' when not set). */
export interface AnswersFilter {
  q: string;
  field: string;
  agency: string;
  from: string;
  to: string;
  page: number;
}

export interface KbListItem {
  id: string;
  kind: 'faq' | 'policy' | 'procedure';
  code: string | null;
  title: string;
  snippet: string;
}

export interface KbArticleView {
  kind: 'faq' | 'policy' | 'procedure';
  code: string | null;
  title: string;
  summary: string;
  body: string;
  procedure: KbProcedureJson | null;
  sourceUrl: string | null;
  agencyName: string | null;
  updatedAt: Date;
}

export interface AgencyFigure {
  id: string;
  name: string;
  nameEn: string;
  answered: number;
  onTime: number;
  open: number;
  ratings: number;
  satisfaction: number | null;
}
