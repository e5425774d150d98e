/**
 * An answer chosen on the new-ticket screen, waiting for the ticket screen that opens next
 * (one tab, one navigation: a module variable is enough; a reload simply drops it).
 */
import type { KbChoice } from './kb-panel.ts';

export interface KbHandoff {
  ticketId: string;
  answer: string;
  choice: KbChoice;
}

let pending: KbHandoff | null = null;

export function handOffKbAnswer(h: KbHandoff) {
  pending = h;
}

/** The answer waiting for this ticket, once: taking it clears it. */
export function takeKbAnswer(ticketId: string): KbHandoff | null {
  const h = pending?.ticketId === ticketId ? pending : null;
  pending = null;
  return h;
}
