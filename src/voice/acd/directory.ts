/**
 * The ACD's view of PostgreSQL: queue settings, operators claimed longest-idle first, their
 * states moved by calls (ringing → on-call → wrap-up → available), and where their phones are.
 */
import type { DB } from '../../db/database.ts';
import {
  agentsRepository as repo,
  DEFAULT_QUEUE,
  type QueueConfig,
} from '../agents/agents.repository.ts';
import type { Binding } from '../sip/registrar.ts';
import { peerOf, sourceOf } from '../sip/transport.ts';
import type { AgentStateName } from '../../db/schema.ts';
import type { AcdDeps, AgentTarget, ReleaseReason } from './port.ts';

/** What `agent.state` events carry. `missedCalls` null: unchanged. */
export interface AgentStateChange {
  userId: string;
  state: AgentStateName;
  reason: string | null;
  missedCalls: number | null;
}

export function targetOf(b: Binding): AgentTarget | null {
  const peer = peerOf(b.source);
  return peer ? { peer, requestUri: b.contact } : null;
}

/** A waiting caller's entry lives this long unless its node refreshes it (every third). */
const ENTRY_TTL_MS = 15_000;

export class AgentDirectory implements AcdDeps {
  /** Set by `share()`: this node's name in the shared queues (unset: this node's order only). */
  private node: string | null = null;

  constructor(
    private readonly db: DB,
    private readonly tenantId: string,
    private readonly now: () => Date,
    readonly offered?: AcdDeps['offered'],
    /** An operator's state moved because of a call (their screen and the wallboard follow). */
    private readonly changed?: (c: AgentStateChange) => void,
    /** A caller joined (`enteredAt`) or left (null) a queue. */
    private readonly queueChanged?: (e: {
      callId: string;
      queue: string;
      enteredAt: string | null;
    }) => void,
  ) {}
  /** Queue of each call waiting on this node (for the `left` event). */
  private readonly queueOf = new Map<string, string>();

  async queueFor(code: string): Promise<QueueConfig> {
    return (
      (await repo.queue(this.db, this.tenantId, code)) ?? { code, name: code, ...DEFAULT_QUEUE }
    );
  }

  async claimAgent(queue: string, exclude: readonly string[], callRecordId?: string) {
    const now = this.now();
    const forCall = this.node ? callRecordId : undefined;
    const userId = await this.db
      .transaction()
      .execute((trx) => repo.claimLongestIdle(trx, this.tenantId, queue, now, exclude, forCall));
    if (!userId) return null;
    const bindings = await repo.bindings(this.db, userId, now);
    return { userId, targets: bindings.map(targetOf).filter((t): t is AgentTarget => t !== null) };
  }

  /** A WebSocket phone whose connection is gone: its registrations are of no use any more. */
  async unreachable(target: AgentTarget): Promise<void> {
    await repo.removeBindingsFrom(this.db, this.tenantId, sourceOf(target.peer));
  }

  // --- callers waiting, shared by every node ------------------------------------------------

  /**
   * Starts sharing this node's queues as `node`: callers it left waiting in an earlier run are
   * forgotten, and its waiting callers are kept alive every few seconds. Returns the stop.
   */
  async share(node: string): Promise<() => void> {
    await repo.clearQueueEntries(this.db, node);
    this.node = node;
    const beat = () =>
      repo
        .refreshQueueEntries(
          this.db,
          node,
          new Date(this.now().getTime() + ENTRY_TTL_MS),
          this.now(),
        )
        .catch(() => {
          // The next beat tries again; entries live three beats.
        });
    const timer = setInterval(() => void beat(), ENTRY_TTL_MS / 3);
    timer.unref();
    return () => clearInterval(timer);
  }

  async entered(callRecordId: string, queue: string): Promise<void> {
    if (!this.node) return;
    const now = this.now();
    await repo.enterQueue(this.db, this.tenantId, {
      callId: callRecordId,
      queue,
      node: this.node,
      enteredAt: now,
      aliveUntil: new Date(now.getTime() + ENTRY_TTL_MS),
    });
    this.queueOf.set(callRecordId, queue);
    this.queueChanged?.({ callId: callRecordId, queue, enteredAt: now.toISOString() });
  }

  async left(callRecordId: string): Promise<void> {
    if (!this.node) return;
    await repo.leaveQueue(this.db, callRecordId);
    const queue = this.queueOf.get(callRecordId);
    this.queueOf.delete(callRecordId);
    if (queue !== undefined) this.queueChanged?.({ callId: callRecordId, queue, enteredAt: null });
  }

  async position(callRecordId: string, queue: string): Promise<number | null> {
    if (!this.node) return null;
    return repo.queuePosition(this.db, this.tenantId, queue, callRecordId, this.now());
  }

  async released(userId: string, why: ReleaseReason): Promise<void> {
    const now = this.now();
    if (why === 'no-answer' || why === 'unreachable') {
      // Ring-no-answer: the desk is empty or the phone is gone. Until the operator says they
      // are back, nobody else's call rings there.
      const missed = await repo.setState(this.db, this.tenantId, userId, 'break', now, {
        reason: why,
        missed: true,
      });
      this.changed?.({ userId, state: 'break', reason: why, missedCalls: missed });
      return;
    }
    // Declined: last in the idle order. Withdrawn or incompatible: their place is kept.
    await repo.setState(this.db, this.tenantId, userId, 'available', now, {
      idle: why === 'declined',
    });
    this.changed?.({ userId, state: 'available', reason: null, missedCalls: null });
  }

  async answered(userId: string, callRecordId: string): Promise<void> {
    await repo.setState(this.db, this.tenantId, userId, 'on-call', this.now(), {
      callId: callRecordId,
      answered: true,
    });
    this.changed?.({ userId, state: 'on-call', reason: null, missedCalls: 0 });
  }

  async finished(userId: string, wrapUpSeconds: number): Promise<void> {
    const now = this.now();
    const state = wrapUpSeconds > 0 ? 'wrap-up' : 'available';
    await repo.setState(this.db, this.tenantId, userId, state, now, {
      wrapUpUntil: new Date(now.getTime() + wrapUpSeconds * 1000),
      idle: true,
    });
    this.changed?.({ userId, state, reason: null, missedCalls: null });
  }
}
