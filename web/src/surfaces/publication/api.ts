/** The publication desk's requests to /api/v1/publications. */
import { request } from '../../api/client.ts';
import type {
  Publication,
  PublicationDraft,
  PublicationItem,
  PublishBodyInput,
} from '../../../../src/contract/publication.ts';

export type { PublicationDraft, PublicationItem };

const at = (id: string) => `/publications/${encodeURIComponent(id)}`;

export const pubApi = {
  list: (state: 'candidates' | 'published') =>
    request<PublicationItem[]>('GET', `/publications?state=${state}`),
  draft: (id: string) => request<PublicationDraft>('GET', at(id)),
  publish: (id: string, body: PublishBodyInput) => request<Publication>('PUT', at(id), body),
  unpublish: (id: string) => request<Publication>('DELETE', at(id)),
};
