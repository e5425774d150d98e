/**
 * One caller in a queue (R-TEL-3): hold music with position announcements, the longest-idle
 * available operator's phone rung through our UAC (B2BUA), the two legs bridged on answer,
 * and the overflow (voicemail or call-back request) when nobody answers in time.
 *
 * Callers are served in order of arrival across nodes: every caller has an entry in
 * PostgreSQL, and an operator is claimed only for the caller no live entry is ahead of (the
 * head of this node's line asks; the claim checks the whole queue). Operators are claimed
 * with SKIP LOCKED, so two nodes never ring one operator for two calls.
 */
import type { TimerHandle, TimerHost } from '../core/timers.ts';
import type { MediaEndpoint, MediaEngine, Prompt } from '../media/engine.ts';
import type { QueueConfig } from '../agents/agents.repository.ts';
import { OutgoingCall } from '../sip/uac.ts';
import { isWebSocket, type Peer } from '../sip/transport.ts';
import type { IncomingCall, UaLog, UserAgent } from '../sip/ua.ts';

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

export interface QueueSounds {
  hold: Prompt;
  beep: Prompt;
  /** "You are number N in the queue." */
  position(n: number): Promise<Prompt>;
  voicemail: Prompt;
  callback: Prompt;
}

export type QueueResult =
  | { kind: 'answered'; agentId: string; waitMs: number }
  | { kind: 'abandoned'; waitMs: number }
  | { kind: 'voicemail'; waitMs: number }
  | { kind: 'callback'; waitMs: number };

export interface QueuedCallContext {
  ua: UserAgent;
  engine: MediaEngine;
  timers: TimerHost;
  acd: AcdDeps;
  sounds: QueueSounds;
  log: UaLog & { error(obj: object, msg: string): void };
  /** The callers waiting in this queue on this node, in order of arrival. */
  waiting: QueuedCall[];
  /** Host written in the From of calls to operators. */
  host: string;
  /** Longest voicemail before we hang up (ms). */
  voicemailMs?: number;
}

export class QueuedCall {
  private holding = false;
  private holdDone: Promise<void> = Promise.resolve();
  private gone = false;
  private readonly enteredAt: number;
  /** Final status of the last operator's phone that did not answer (0: none, or no response). */
  private lastRefusal = 0;
  /** The operator's leg while ringing or bridged, for a clean stop. */
  agentLeg: OutgoingCall | null = null;
  agentEp: MediaEndpoint | null = null;

  constructor(
    private readonly ctx: QueuedCallContext,
    private readonly call: IncomingCall,
    private readonly ep: MediaEndpoint,
    readonly queue: QueueConfig,
    private readonly callRecordId: string,
    private readonly caller: { number: string; name: string | null },
    /** Resolves when the caller hangs up. */
    private readonly callerGone: Promise<unknown>,
  ) {
    this.enteredAt = ctx.timers.now();
    void callerGone.then(() => {
      this.gone = true;
      this.stopHold();
    });
  }

  get position(): number {
    return this.ctx.waiting.indexOf(this) + 1;
  }

  private waited(): number {
    return Math.round(this.ctx.timers.now() - this.enteredAt);
  }

  async run(): Promise<QueueResult> {
    this.ctx.waiting.push(this);
    try {
      await this.ctx.acd.entered?.(this.callRecordId, this.queue.code);
    } catch (err) {
      // The caller still waits, served in this node's order.
      this.ctx.log.warn({ err, callId: this.call.callId }, 'queue entry not shared');
    }
    try {
      return await this.serve();
    } finally {
      this.leaveQueue();
      this.stopHold();
      await this.holdDone;
    }
  }

  private leaveQueue(): void {
    const i = this.ctx.waiting.indexOf(this);
    if (i < 0) return;
    this.ctx.waiting.splice(i, 1);
    this.ctx.acd
      .left?.(this.callRecordId)
      .catch((err: unknown) =>
        this.ctx.log.warn({ err, callId: this.call.callId }, 'queue entry not removed'),
      );
  }

  /** Where the caller stands, counting callers on every node (this node's count if unknown). */
  private async place(): Promise<number> {
    try {
      return (await this.ctx.acd.position?.(this.callRecordId, this.queue.code)) ?? this.position;
    } catch {
      return this.position;
    }
  }

  private async serve(): Promise<QueueResult> {
    const { timers, acd } = this.ctx;
    const q = this.queue;
    const deadline = this.enteredAt + q.maxWaitSeconds * 1000;
    this.startHold();
    const excluded: string[] = [];
    let roundStart = timers.now();
    // Operators whose phone refused the media (488/606: a browser without rtpengine in front)
    // could never take this call: not rung again for it.
    const incompatible: string[] = [];
    while (!this.gone) {
      if (timers.now() >= deadline) return this.overflow();
      if (this.position === 1) {
        let agent = await acd.claimAgent(q.code, [...excluded, ...incompatible], this.callRecordId);
        // Everyone was tried once: start over rather than wait for a newcomer; after a pause
        // when the round failed at once (phones unreachable), not in a tight loop.
        if (!agent && excluded.length) {
          excluded.length = 0;
          if (timers.now() - roundStart >= 1000)
            agent = await acd.claimAgent(q.code, incompatible, this.callRecordId);
          roundStart = timers.now();
        }
        if (this.gone) {
          if (agent) await acd.released(agent.userId, 'withdrawn');
          break;
        }
        if (agent) {
          const r = await this.ring(agent.userId, agent.targets, deadline);
          if (r) return r;
          if (this.lastRefusal === 488 || this.lastRefusal === 606) incompatible.push(agent.userId);
          else excluded.push(agent.userId);
          continue;
        }
      }
      await this.sleep(1000);
    }
    return { kind: 'abandoned', waitMs: this.waited() };
  }

  /** Rings one operator; the result once bridged and ended, or null to try someone else. */
  private async ring(
    userId: string,
    targets: AgentTarget[],
    deadline: number,
  ): Promise<QueueResult | null> {
    const { acd, engine, timers } = this.ctx;
    this.lastRefusal = 0;
    const target = targets[0];
    if (!target) {
      await acd.released(userId, 'unreachable');
      return null;
    }
    const legEp = await engine.open({ callId: `${this.call.callId}~agent`, offer: null });
    this.agentEp = legEp;
    const leg = new OutgoingCall(this.ctx.ua, {
      target: target.peer,
      requestUri: target.requestUri,
      from: {
        uri: `sip:${this.caller.number || 'anonymous'}@${this.ctx.host}`,
        displayName: this.caller.name ?? undefined,
      },
      to: target.requestUri,
      sdp: legEp.localSdp,
      headers: [['x-open1022-call', this.callRecordId]],
    });
    this.agentLeg = leg;
    const ended = new Promise<void>((r) => (leg.onEnded = () => r()));
    const answered = new Promise<void>((r) => (leg.onAnswered = () => r()));
    leg.onOffer = (offer) => legEp.renegotiate(offer);
    leg.start();
    acd.offered?.({
      userId,
      callRecordId: this.callRecordId,
      caller: this.caller.number,
      callerName: this.caller.name,
      queue: this.queue.code,
    });
    const ringFor = Math.min(this.queue.ringSeconds * 1000, Math.max(0, deadline - timers.now()));
    // Rung for the whole ring time (not cut short by the queue's longest wait).
    let rangOut = false;
    let withdrawn = false;
    const full = ringFor >= this.queue.ringSeconds * 1000;
    const timer = timers.set(Math.max(ringFor, 1000), () => {
      rangOut = full;
      withdrawn = !full;
      leg.cancel();
    });
    const first = await Promise.race([
      answered.then(() => 'answered' as const),
      ended.then(() => 'ended' as const),
      this.callerGone.then(() => 'gone' as const),
    ]);
    timers.clear(timer);

    this.lastRefusal = leg.finalStatus > 0 ? leg.finalStatus : 0;
    if (first !== 'answered' || this.gone) {
      if (leg.endReason === 'transport-error' && isWebSocket(target.peer.protocol))
        await acd.unreachable?.(target);
      leg.cancel();
      if (leg.state === 'confirmed') await leg.hangup();
      await legEp.close();
      this.agentLeg = null;
      this.agentEp = null;
      const why = releaseReason(
        this.gone || first === 'gone' || withdrawn ? 'withdrawn' : rangOut ? 'rang-out' : 'ended',
        { reason: leg.endReason, status: leg.finalStatus },
      );
      await acd.released(userId, why);
      return null;
    }
    try {
      if (leg.answer) legEp.setRemoteAnswer(leg.answer);
    } catch (err) {
      this.ctx.log.warn({ err, callId: this.call.callId }, 'operator phone answered unusable SDP');
      await leg.hangup();
      await legEp.close();
      await acd.released(userId, 'unreachable');
      return null;
    }
    const waitMs = this.waited();
    this.leaveQueue();
    this.stopHold();
    await this.holdDone;
    this.ep.bridge(legEp);
    await acd.answered(userId, this.callRecordId);
    this.ctx.log.info({ callId: this.call.callId, agent: userId }, 'call bridged to operator');
    const who = await Promise.race([
      ended.then(() => 'agent' as const),
      this.callerGone.then(() => 'caller' as const),
    ]);
    if (who === 'caller') await leg.hangup();
    else void this.call.hangup();
    this.ep.unbridge();
    await legEp.close();
    this.agentLeg = null;
    this.agentEp = null;
    await acd.finished(userId, this.queue.wrapUpSeconds);
    return { kind: 'answered', agentId: userId, waitMs };
  }

  /** Nobody answered in time: voicemail after the beep, or a call-back request. */
  private async overflow(): Promise<QueueResult> {
    const waitMs = this.waited();
    this.leaveQueue();
    this.stopHold();
    await this.holdDone;
    const s = this.ctx.sounds;
    if (this.queue.overflow === 'callback') {
      await this.ep.play(s.callback);
      if (!this.gone) void this.call.hangup();
      return { kind: 'callback', waitMs };
    }
    await this.ep.play(s.voicemail);
    if (!this.gone) await this.ep.play(s.beep);
    // The message goes into the call's recording; we hang up if the caller does not.
    await this.sleep(this.ctx.voicemailMs ?? 120_000);
    if (!this.gone) void this.call.hangup();
    return { kind: 'voicemail', waitMs };
  }

  // --- hold music and position announcements --------------------------------------------------

  private startHold(): void {
    this.holding = true;
    this.holdDone = this.holdLoop().catch((err: unknown) =>
      this.ctx.log.error({ err, callId: this.call.callId }, 'hold music failed'),
    );
  }

  private stopHold(): void {
    if (!this.holding) return;
    this.holding = false;
    this.ep.stopPlayback();
  }

  private async holdLoop(): Promise<void> {
    const { timers, sounds } = this.ctx;
    const every = this.queue.announceSeconds * 1000;
    let announceAt = timers.now() + every;
    // Where the caller stands, said once on entering (when someone is ahead) and then regularly.
    const first = await this.place();
    if (first > 1 && this.holding) {
      const p = await sounds.position(first);
      if (this.holding) await this.ep.play(p);
    }
    while (this.holding) {
      const now = timers.now();
      if (now >= announceAt) {
        announceAt = now + every;
        const p = await sounds.position(await this.place());
        if (this.holding) await this.ep.play(p);
        continue;
      }
      let t: TimerHandle | null = timers.set(announceAt - now, () => {
        t = null;
        this.ep.stopPlayback();
      });
      await this.ep.play(sounds.hold);
      if (t) timers.clear(t);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = this.ctx.timers.set(ms, resolve);
      void this.callerGone.then(() => {
        this.ctx.timers.clear(t);
        resolve();
      });
    });
  }
}
