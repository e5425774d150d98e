/**
 * Transfers of live calls to agency phones (R-WF-8): `/api/v1/calls/{id}/transfer`. The call
 * is held by some telephony node; the API answers with the state that node reports.
 */
import { z } from 'zod';

export const TRANSFER_MODES = ['blind', 'attended'] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

/** Where a transfer is: the states of the `call.transfer` live event. */
export const TRANSFER_STATES = [
  'dialing',
  'consulting',
  'completed',
  'failed',
  'cancelled',
] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

/** The agency's number is checked by the server (Vietnamese numbering, spaces allowed). */
export const transferBody = z.object({
  target: z.string().max(40),
  mode: z.enum(TRANSFER_MODES).default('blind'),
});

/** A transfer asked for: the node holding the call is dialling the agency. */
export const transferStarted = z.object({
  callId: z.string(),
  target: z.string(),
  mode: z.enum(TRANSFER_MODES),
  state: z.enum(TRANSFER_STATES),
});

/** An attended transfer completed or cancelled. */
export const transferStep = z.object({ callId: z.string(), state: z.enum(TRANSFER_STATES) });

export type TransferBody = z.infer<typeof transferBody>;
export type TransferStarted = z.infer<typeof transferStarted>;
export type TransferStep = z.infer<typeof transferStep>;
/** What a client sends (defaults not yet applied). */
export type TransferBodyInput = z.input<typeof transferBody>;
