/** The publication desk's requests to /api/v1/publications. */
import { request } from '../../api/client.ts';
import type { ProposedText } from './review.ts';

export interface PublicationItem {
  ticketId: string;
  code: string;
  subject: string;
  status: string;
  channel: string;
  answeredAt: string | null;
  fieldName: string | null;
  agencyName: string | null;
  publishedAt: string | null;
  withdrawnAt: string | null;
}

export interface PublicationDraft {
  ticket: { id: string; code: string; status: string; confidential: boolean };
  publishable: boolean;
  ineligible: 'not_answered' | 'confidential' | 'no_consent' | null;
  proposal: { title: ProposedText; question: ProposedText; answer: ProposedText };
  publication: {
    title: string;
    question: string;
    answer: string;
    publishedAt: string;
    unpublishedAt: string | null;
  } | null;
}

const at = (id: string) => `/publications/${encodeURIComponent(id)}`;

export const pubApi = {
  list: (state: 'candidates' | 'published') =>
    request<PublicationItem[]>('GET', `/publications?state=${state}`),
  draft: (id: string) => request<PublicationDraft>('GET', at(id)),
  publish: (id: string, body: { title: string; question: string; answer: string }) =>
    request<unknown>('PUT', at(id), body),
  unpublish: (id: string) => request<unknown>('DELETE', at(id)),
};
