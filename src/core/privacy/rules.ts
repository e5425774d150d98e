/**
 * What a role that sees personal data masked (R-PUB-2) may search and download: small rules
 * the server enforces (`mask.ts`, services) and the web app reads (`contract/access.ts`) to
 * offer only what will be answered. Pure.
 */
import { PERSONAL_DATA, type Caller } from '../access/permissions.ts';

/**
 * The rows a role sees masked: `all` (leaders, administrators), `confidential` (agency staff)
 * or `none` (the hotline, the coordinator). Searches and filters of a masked role must not
 * match masked values (a guessed number confirmed by a filter is the number unmasked).
 */
export type MaskedRows = 'all' | 'confidential' | 'none';

export function maskedRows(role: Caller | string): MaskedRows {
  if ((PERSONAL_DATA.masked as readonly string[]).includes(role)) return 'all';
  if ((PERSONAL_DATA.maskedWhenConfidential as readonly string[]).includes(role))
    return 'confidential';
  return 'none';
}

/**
 * What a masked viewer may download of a file attached to a ticket they see masked: a plain
 * text (a chat transcript, an email) masked like any other text; nothing else (a photo, a
 * scanned ID card, a PDF or a recording cannot be masked, so it is refused).
 */
export function maskedDownload(contentType: string): 'text' | 'refused' {
  return /^text\/plain\b/i.test(contentType) ? 'text' : 'refused';
}
