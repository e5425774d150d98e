/**
 * The phases of a call and the moves between them, as SIP.js's `session-state.ts` and
 * `stateTransition()` do: one list of phases per machine, one table of the moves each phase
 * may make, and one check that refuses any other move and says which it was. Pure: the
 * telephony service (`service.ts`) and the ACD (`acd/queued-call.ts`) keep the data of each
 * phase with the phase, and move only through `move()`.
 *
 * An inbound call (`service.ts`):
 * ```
 * arriving ──► refused ─────────────────────────────────────────► ended
 *    └──────► answering ──► failed ─────────────────────────────► ended
 *                  └──────► ivr ──► queued | transferring | closing ─► ended
 * ```
 * (any phase may end at once: the caller can hang up at any moment.)
 *
 * A caller in a queue (`acd/queued-call.ts`):
 * ```
 * waiting ⇄ ringing ──► talking ⇄ transferring | consulting ──► transferred ──► ended
 *    └──► overflow ──► ended          (a failed transfer may put the caller back: → waiting)
 * ```
 */

export const CALL_PHASES = [
  /** The INVITE is in: the allow-list and the node's capacity are checked. */
  'arriving',
  /** Refused before the answer (403 not on the allow-list, 503 full or stopping). */
  'refused',
  /** The flow, its prompts and the media are being readied; then 200 OK waits for the ACK. */
  'answering',
  /** Could not be answered (488 no common codec, 503 no port, 500). */
  'failed',
  /** Confirmed: recorded from here on, walked through the IVR flow. */
  'ivr',
  /** The IVR's queue node handed the caller to the ACD. */
  'queued',
  /** The IVR's transfer node: ringback, then the caller bridged to an agency's phone. */
  'transferring',
  /** The IVR's last words end the call (a hang-up node, or no ACD or trunk to go on to). */
  'closing',
  /** The call is over: its record is written. */
  'ended',
] as const;
export type CallPhase = (typeof CALL_PHASES)[number];

export const CALL_MOVES: Moves<CallPhase> = {
  arriving: ['refused', 'answering', 'ended'],
  refused: ['ended'],
  answering: ['failed', 'ivr', 'ended'],
  failed: ['ended'],
  ivr: ['queued', 'transferring', 'closing', 'ended'],
  queued: ['ended'],
  transferring: ['ended'],
  closing: ['ended'],
  ended: [],
};

export const QUEUE_PHASES = [
  /** In the queue: hold music and position announcements, an operator looked for. */
  'waiting',
  /** An operator's phone rings; the caller still waits (and keeps their place). */
  'ringing',
  /** Bridged to the operator (or on hold music while the operator's phone holds). */
  'talking',
  /** A blind transfer: the agency's phone is rung, the caller hears ringback. */
  'transferring',
  /** An attended transfer: the agency rung, then on the line with the operator; the caller holds. */
  'consulting',
  /** Bridged to the agency; the operator is released. */
  'transferred',
  /** Nobody answered in time: voicemail after the beep, or a call-back request. */
  'overflow',
  /** The caller left, or the queue is done with them. */
  'ended',
] as const;
export type QueuePhase = (typeof QUEUE_PHASES)[number];

export const QUEUE_MOVES: Moves<QueuePhase> = {
  waiting: ['ringing', 'overflow', 'ended'],
  // Not answered (or answered with unusable media): the caller waits on, for the next operator.
  ringing: ['waiting', 'talking', 'ended'],
  // Back to waiting: a transfer failed and the operator is no longer there to take the caller.
  talking: ['transferring', 'consulting', 'waiting', 'ended'],
  transferring: ['talking', 'transferred', 'waiting', 'ended'],
  consulting: ['talking', 'transferred', 'waiting', 'ended'],
  transferred: ['ended'],
  overflow: ['ended'],
  ended: [],
};

export type Moves<P extends string> = { readonly [F in P]: readonly P[] };

/** A move the table does not allow: a bug in call control, never a caller's doing. */
export class PhaseError extends Error {
  override readonly name = 'PhaseError';
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`${machine}: no move from ${from} to ${to}`);
  }
}

/** Whether the table lets `from` move to `to`. */
export function canMove<P extends string>(moves: Moves<P>, from: P, to: P): boolean {
  return moves[from].includes(to);
}

/** `to`, when the table lets `from` move there; else a PhaseError naming the move. */
export function move<P extends string>(machine: string, moves: Moves<P>, from: P, to: P): P {
  if (!canMove(moves, from, to)) throw new PhaseError(machine, from, to);
  return to;
}
