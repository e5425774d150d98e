/**
 * The approver's review of one text, pure: which proposed redactions are kept, and the text
 * they give (the same function the server's proposal used, from src/core).
 */
import { applyRedactions } from '../../../../src/core/publication/redact.ts';
import type { ProposedText } from '../../../../src/contract/publication.ts';

export type { ProposedText };

/** The text with the kept redactions applied (kept[i] for redactions[i]). */
export function reviewedText(p: ProposedText, kept: readonly boolean[]): string {
  return applyRedactions(
    p.original,
    p.redactions.filter((_, i) => kept[i] !== false),
  );
}
