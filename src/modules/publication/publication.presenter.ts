import type { Channel, TicketStatus } from '../../contract/enums.ts';
import type {
  Publication,
  PublicationDraft,
  PublicationItem,
  ProposedText,
} from '../../contract/publication.ts';
import type { Redaction } from '../../core/publication/redact.ts';
import type { PublicationService } from './publication.service.ts';

type ListRow = Awaited<ReturnType<PublicationService['list']>>[number];
type Draft = Awaited<ReturnType<PublicationService['draft']>>;
type Row = Awaited<ReturnType<PublicationService['publish']>>;

// The ticket's status and channel columns hold the contract's values (CHECK constraints).
const status = (s: string) => s as TicketStatus;
const channel = (c: string) => c as Channel;

export const presentPublicationItem = (r: ListRow): PublicationItem => ({
  ticketId: r.id,
  code: r.code,
  subject: r.subject,
  status: status(r.status),
  channel: channel(r.channel),
  answeredAt: r.answered_at?.toISOString() ?? null,
  fieldName: r.field_name,
  agencyName: r.agency_name,
  publishedAt: r.published_at && !r.unpublished_at ? r.published_at.toISOString() : null,
  withdrawnAt: r.unpublished_at?.toISOString() ?? null,
});

const presentText = (p: {
  original: string;
  text: string;
  redactions: Redaction[];
}): ProposedText => ({
  original: p.original,
  redacted: p.text,
  redactions: p.redactions.map((r) => ({
    start: r.start,
    end: r.end,
    kind: r.kind,
    text: r.text,
    replacement: r.replacement,
  })),
});

export const presentPublication = (p: Row): Publication => ({
  ticketId: p.ticket_id,
  title: p.title,
  question: p.question,
  answer: p.answer,
  publishedAt: p.published_at.toISOString(),
  unpublishedAt: p.unpublished_at?.toISOString() ?? null,
});

/**
 * What the approver reviews. The original texts carry the citizen's personal data, so only
 * the roles that approve (hotline staff, who see it anyway) ever get this document.
 */
export const presentDraft = (d: Draft): PublicationDraft => ({
  ticket: {
    id: d.ticket.id,
    code: d.ticket.code,
    status: status(d.ticket.status),
    channel: channel(d.ticket.channel),
    confidential: d.ticket.confidential,
    fieldName: d.ticket.field_name,
    agencyName: d.ticket.agency_name,
    receivedAt: d.ticket.created_at.toISOString(),
    answeredAt: d.ticket.answered_at?.toISOString() ?? null,
  },
  publishable: d.ineligible === null,
  ineligible: d.ineligible,
  proposal: {
    title: presentText(d.proposal.title),
    question: presentText(d.proposal.question),
    answer: presentText(d.proposal.answer),
  },
  publication: d.publication
    ? {
        ...presentPublication(d.publication),
        publishedBy: d.publication.published_by_name,
      }
    : null,
});
