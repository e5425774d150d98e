/**
 * What the ACD needs of the rest of the system (`directory.ts` gives it from PostgreSQL; the
 * bench gives it from memory): queues, operators claimed and released, where their phones are.
 */
import type { QueueConfig } from '../agents/agents.repository.ts';
import type { Peer } from '../sip/transport.ts';

export interface AgentTarget {
  /** Where the INVITE goes (the phone's registered source address). */
  peer: Peer;
  /** Request-URI: the registered Contact. */
  requestUri: string;
}

export interface AcdDeps {
  queueFor(code: string): Promise<QueueConfig>;
  /**
   * The longest-idle available operator for the queue with a live registration, now ringing;
   * none while a caller who came earlier (on any node) still waits ahead of `callRecordId`.
   */
  claimAgent(
    queue: string,
    exclude: readonly string[],
    callRecordId?: string,
  ): Promise<{ userId: string; targets: AgentTarget[] } | null>;
  /** The caller joined / left the queue: every node sees it (order and positions). */
  entered?(callRecordId: string, queue: string): Promise<void>;
  left?(callRecordId: string): Promise<void>;
  /** The caller's place in the queue counting every node; null: not known there. */
  position?(callRecordId: string, queue: string): Promise<number | null>;
  /**
   * Offered but not connected, and why: the operator's state after it depends on whose doing
   * that was (see `ReleaseReason`).
   */
  released(userId: string, why: ReleaseReason): Promise<void>;
  answered(userId: string, callRecordId: string): Promise<void>;
  /** The call with this operator ended: wrap-up for the queue's time, then available. */
  finished(userId: string, wrapUpSeconds: number): Promise<void>;
  /**
   * The INVITE could not even be sent: a browser's WebSocket that is no longer open here. Its
   * binding is dropped so the next caller does not try it again.
   */
  unreachable?(target: AgentTarget): Promise<void>;
  /** The call is being offered to this operator (their screen shows the caller). */
  offered?(info: {
    userId: string;
    callRecordId: string;
    caller: string;
    callerName: string | null;
    queue: string;
  }): void;
}

/**
 * Why an offered call did not reach the operator:
 * - `no-answer`: the phone rang for the queue's ring time (ring-no-answer: the operator is set
 *   to a break, so callers don't ring an empty desk in turn);
 * - `declined`: the operator rejected it (486/600/603): available again, last in the idle order;
 * - `unreachable`: the phone could not be rung (no usable registration, 404/480/408, transport
 *   error): set to a break until the operator is back;
 * - `withdrawn`: the call left before the ring time was up (the caller hung up, or the
 *   queue's longest wait ran out): available again, keeping their place;
 * - `incompatible`: the phone refused the call's media (488/606: a WebRTC-only browser phone
 *   and the built-in engine): available, keeping their place, not rung again for this caller.
 */
export type ReleaseReason = 'no-answer' | 'declined' | 'unreachable' | 'withdrawn' | 'incompatible';

/** The reason for the end of a ring that did not end in an answer. */
export function releaseReason(
  outcome: 'ended' | 'withdrawn' | 'rang-out',
  end: { reason: string | null; status: number },
): ReleaseReason {
  if (outcome === 'withdrawn') return 'withdrawn';
  if (outcome === 'rang-out') return 'no-answer';
  if (end.reason === 'rejected' && [486, 600, 603].includes(end.status)) return 'declined';
  if (end.reason === 'rejected' && (end.status === 488 || end.status === 606))
    return 'incompatible';
  return 'unreachable';
}
