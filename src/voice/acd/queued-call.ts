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
import type { TimerHandle, TimerHost } from '../sip/timers.ts';
import type { MediaEndpoint, MediaEngine, Prompt } from '../media/engine.ts';
import { isHold, parseSdp } from '../media/sdp.ts';
import type { QueueConfig } from '../agents/agents.repository.ts';
import { AppError } from '../../core/errors/codes.ts';
import { REASONS, type SipRequest } from '../sip/message.ts';
import type { ServerTransaction } from '../sip/transactions.ts';
import { OutgoingCall } from '../sip/uac.ts';
import { isWebSocket, type Peer } from '../sip/transport.ts';
import type { IncomingCall, UaLog, UserAgent } from '../sip/ua.ts';
import { AgencyDial, type AgencyLeg } from '../transfer/agency.ts';
import { referTarget, sipfrag } from '../trunk/dialing.ts';
import type { Trunks } from '../trunk/directory.ts';

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
  /** "Your call is being transferred, please hold." */
  transferring: Prompt;
  /** The ringback tone the caller hears while an agency's phone rings. */
  ringback: Prompt;
  /** "The agency could not be reached; you will be put through to an operator." */
  transferFailed: Prompt;
}

export type TransferMode = 'blind' | 'attended';
export type TransferVia = 'api' | 'refer' | 'ivr';

export interface TransferRequest {
  /** The agency's number (normalised digits). */
  target: string;
  mode: TransferMode;
  via: TransferVia;
  /** Who asked (the operator, a supervisor); null for the IVR. */
  byUserId: string | null;
}

/** A transfer's progress, for the call's records, the ticket's timeline and the screens. */
export interface TransferEvent extends TransferRequest {
  callRecordId: string;
  /** The operator on the call when the transfer started. */
  operatorId: string | null;
  state: 'dialing' | 'consulting' | 'completed' | 'failed' | 'cancelled';
  /** The agency leg's final SIP status (200 answered, 486 busy, 408 no answer…). */
  sipStatus: number | null;
  startedAt: Date;
  at: Date;
}

export type QueueResult =
  | { kind: 'answered'; agentId: string; waitMs: number }
  | { kind: 'transferred'; agentId: string; waitMs: number; transferTo: string }
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
  /** The carrier's trunk, for transfers to agency phones (none: transfers are refused). */
  trunks?: Trunks;
  /** Calls bridged to an operator on this node, by call record id (transfer commands). */
  live?: Map<string, QueuedCall>;
  onTransfer?(e: TransferEvent): void;
  /** How long an agency's phone may ring (ms). */
  agencyRingMs?: number;
  now?(): Date;
}

interface Xfer {
  req: TransferRequest;
  dial: AgencyDial;
  startedAt: Date;
  operatorId: string | null;
  phase: 'dialing' | 'consulting';
  cancelRequested: boolean;
  /** The REFER's subscription: progress goes to the phone as NOTIFY (RFC 3515). */
  refer: OutgoingCall | null;
}

export class QueuedCall {
  private holding = false;
  private holdDone: Promise<void> = Promise.resolve();
  private gone = false;
  private readonly enteredAt: number;
  /** Final status of the last operator's phone that did not answer (0: none, or no response). */
  private lastRefusal = 0;
  private deadline = 0;
  /** The operator bridged to the caller (or consulting an agency). */
  private op: { userId: string; leg: OutgoingCall; ep: MediaEndpoint } | null = null;
  /** The transfer under way (one at a time). */
  private xfer: Xfer | null = null;
  private xferRun: Promise<void> = Promise.resolve();
  /** The agency's leg: in consultation with the operator, or bridged to the caller. */
  private agency: AgencyLeg | null = null;
  private transferredTo: string | null = null;
  /** The operator's phone holds the call (its last offer was sendonly/inactive). */
  private opHeld = false;
  /** Which music loop is current: an older loop stops at its next turn. */
  private musicGen = 0;
  private requeue: (() => void) | null = null;
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
    this.deadline = this.enteredAt + q.maxWaitSeconds * 1000;
    this.startHold();
    const excluded: string[] = [];
    let roundStart = timers.now();
    // Operators whose phone refused the media (488/606: a browser without rtpengine in front)
    // could never take this call: not rung again for it.
    const incompatible: string[] = [];
    while (!this.gone) {
      if (timers.now() >= this.deadline) return this.overflow();
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
          const r = await this.ring(agent.userId, agent.targets, this.deadline);
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
    this.opHeld = false; // a new operator's phone; the last one's hold is over
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
      acceptsRefer: this.ctx.trunks !== undefined,
    });
    this.agentLeg = leg;
    const ended = new Promise<void>((r) => (leg.onEnded = () => r()));
    const answered = new Promise<void>((r) => (leg.onAnswered = () => r()));
    leg.onOffer = (offer) => {
      const answer = legEp.renegotiate(offer);
      if (answer !== null) this.operatorHold(offerIsHold(offer));
      return answer;
    };
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
    return this.talk(userId, leg, legEp, ended, waitMs);
  }

  // --- bridged to an operator; transfers to agency phones (R-WF-8, R-TEL-4) --------------------

  /**
   * The caller talks with the operator until one of them hangs up, or a transfer hands the
   * caller on to an agency. Null when a failed transfer put the caller back in the queue.
   */
  private async talk(
    userId: string,
    leg: OutgoingCall,
    legEp: MediaEndpoint,
    legEnded: Promise<void>,
    waitMs: number,
  ): Promise<QueueResult | null> {
    this.op = { userId, leg, ep: legEp };
    leg.onRefer = (req, tx) => void this.onRefer(leg, req, tx);
    void legEnded.then(() => this.operatorGone(leg));
    const requeued = new Promise<'requeue'>((r) => (this.requeue = () => r('requeue')));
    this.ctx.live?.set(this.callRecordId, this);
    try {
      const why = await Promise.race([this.callerGone.then(() => 'gone' as const), requeued]);
      this.requeue = null;
      if (why === 'requeue') {
        await this.releaseOperator();
        this.ctx.waiting.unshift(this);
        // A fresh wait: the caller did nothing wrong.
        this.deadline = this.ctx.timers.now() + this.queue.maxWaitSeconds * 1000;
        this.startHold();
        return null;
      }
      this.xfer?.dial.cancel();
      await this.xferRun;
      // The caller left during a consultation: that transfer ends with the call.
      if (this.xfer) this.finish(this.xfer, 'cancelled', null);
      const a = this.agency;
      this.agency = null;
      if (a) {
        await a.leg.hangup();
        await a.ep.close();
      }
      await this.releaseOperator();
      return this.transferredTo
        ? { kind: 'transferred', agentId: userId, waitMs, transferTo: this.transferredTo }
        : { kind: 'answered', agentId: userId, waitMs };
    } finally {
      if (this.ctx.live?.get(this.callRecordId) === this) this.ctx.live.delete(this.callRecordId);
    }
  }

  /**
   * The operator's phone put the caller on hold (or took them off it) with a re-INVITE: the
   * caller hears our hold music rather than the silence of a held phone, as on a PBX. Only
   * while the caller talks with the operator: a transfer plays its own tones.
   */
  private operatorHold(held: boolean): void {
    if (held === this.opHeld) return;
    this.opHeld = held;
    if (!this.op || this.xfer || this.agency || this.transferredTo || this.gone) return;
    this.ctx.log.info({ callId: this.call.callId, held }, 'operator hold');
    if (held) {
      this.ep.unbridge();
      this.startMusic(this.ctx.sounds.hold, this.ctx.sounds.hold);
    } else void this.toOperator();
  }

  /** The caller back with the operator: bridged, or hold music while their phone holds. */
  private async toOperator(): Promise<void> {
    this.stopHold();
    await this.holdDone;
    if (!this.op || this.gone || this.xfer || this.agency) return;
    if (this.opHeld) this.startMusic(this.ctx.sounds.hold, this.ctx.sounds.hold);
    else this.ep.bridge(this.op.ep);
  }

  /** The operator's side is done: BYE (if still up), media closed, wrap-up begins. */
  private async releaseOperator(): Promise<void> {
    const op = this.op;
    if (!op) return;
    this.op = null;
    this.agentLeg = null;
    this.agentEp = null;
    if (op.leg.state !== 'ended') await op.leg.hangup();
    await op.ep.close();
    await this.ctx.acd.finished(op.userId, this.queue.wrapUpSeconds);
  }

  private operatorGone(leg: OutgoingCall): void {
    if (this.op?.leg !== leg) return; // released by us
    const x = this.xfer;
    if (!x) {
      // The operator hung up: so does the caller (the call is over).
      if (!this.transferredTo) void this.call.hangup();
      return;
    }
    if (x.req.mode === 'attended' && x.phase === 'consulting') {
      // Hanging up during an attended transfer hands the caller over (as PBXs do): at once
      // when the agency is on the line, on its answer when it still rings (`attended`).
      void this.completeTransfer(null).catch(() => undefined);
    }
  }

  /** The operator is still on the line (their leg may have ended before we released it). */
  private operatorHere(): boolean {
    return this.op !== null && this.op.leg.state !== 'ended';
  }

  /** The operator (or a supervisor) on this call, for the transfer API's check. */
  get operatorId(): string | null {
    return this.op?.userId ?? null;
  }

  /** Starts a transfer; resolves once the agency's phone is being called. */
  async transfer(req: TransferRequest, refer: OutgoingCall | null = null): Promise<void> {
    if (!this.op || this.xfer || this.transferredTo || this.gone)
      throw new AppError('transfer_unavailable');
    const trunks = (await this.ctx.trunks?.outbound()) ?? [];
    if (trunks.length === 0) throw new AppError('no_trunk');
    // Checked again: the lookup took a moment.
    if (!this.op || this.xfer || this.transferredTo || this.gone)
      throw new AppError('transfer_unavailable');
    const x: Xfer = {
      req,
      dial: new AgencyDial(this.ctx, trunks, req.target, {
        callId: this.call.callId,
        callRecordId: this.callRecordId,
        caller: this.caller,
        ringMs: this.ctx.agencyRingMs,
      }),
      startedAt: this.now(),
      operatorId: this.op.userId,
      phase: 'dialing',
      cancelRequested: false,
      refer,
    };
    this.xfer = x;
    this.emit(x, 'dialing', null);
    const run = req.mode === 'blind' ? this.blind(x) : this.attended(x);
    this.xferRun = run.catch((err: unknown) => {
      this.ctx.log.error({ err, callId: this.call.callId }, 'transfer failed');
      if (this.xfer === x) this.finish(x, 'failed', 500);
    });
  }

  private async blind(x: Xfer): Promise<void> {
    // A REFER keeps the operator's leg until the final NOTIFY (RFC 5589: the phone hangs up
    // after it); a transfer through the API releases the operator at once.
    if (x.refer) this.ep.unbridge();
    else await this.releaseOperator();
    this.startMusic(this.ctx.sounds.transferring, this.ctx.sounds.ringback);
    const r = await x.dial.run();
    this.stopHold();
    await this.holdDone;
    if (this.gone) {
      if (r.ok) await this.dropAgency(r.agency);
      this.finish(x, 'cancelled', r.ok ? 200 : r.status);
      return;
    }
    if (r.ok) {
      this.connectAgency(x, r.agency);
      await this.notifyRefer(x, 200, 'OK');
      // The phone may have hung up on the NOTIFY already; if not, we do.
      await this.releaseOperator();
      return;
    }
    this.finish(x, 'failed', r.status);
    await this.notifyRefer(x, r.status, r.reason);
    if (this.op && this.operatorHere()) {
      // The operator's phone transferred and heard it fail: they keep the caller.
      await this.toOperator();
      return;
    }
    await this.ep.play(this.ctx.sounds.transferFailed);
    if (!this.gone) this.requeue?.();
  }

  private async attended(x: Xfer): Promise<void> {
    this.ep.unbridge();
    this.startMusic(this.ctx.sounds.hold, this.ctx.sounds.hold);
    const r = await x.dial.run();
    if (this.gone) {
      if (r.ok) await this.dropAgency(r.agency);
      this.finish(x, 'cancelled', r.ok ? 200 : r.status);
      return;
    }
    if (!r.ok) {
      this.finish(x, x.cancelRequested ? 'cancelled' : 'failed', r.status);
      await this.backToOperator();
      return;
    }
    this.agency = r.agency;
    x.phase = 'consulting';
    const a = r.agency;
    void a.ended.then(() => this.agencyGone(a));
    if (!this.op || !this.operatorHere()) {
      // The operator hung up while it rang: the caller goes straight to the agency.
      await this.completeTransfer(null);
      return;
    }
    this.op.ep.bridge(a.ep);
    this.emit(x, 'consulting', 200);
  }

  /** Attended: the caller to the agency, the operator released. */
  async completeTransfer(byUserId: string | null): Promise<void> {
    const x = this.xfer;
    if (!x || x.req.mode !== 'attended' || x.phase !== 'consulting' || !this.agency)
      throw new AppError('no_transfer_pending');
    void byUserId;
    this.stopHold();
    await this.holdDone;
    this.connectAgency(x, this.agency);
    await this.releaseOperator();
  }

  /** Attended: the agency leg hung up (or not called further), the operator back with the caller. */
  async cancelTransfer(byUserId: string | null): Promise<void> {
    const x = this.xfer;
    if (!x || x.req.mode !== 'attended') throw new AppError('no_transfer_pending');
    void byUserId;
    x.cancelRequested = true;
    if (x.phase === 'dialing') {
      x.dial.cancel(); // attended() goes on from the 487
      return;
    }
    const a = this.agency;
    this.agency = null;
    if (a) await this.dropAgency(a);
    this.finish(x, 'cancelled', 200);
    await this.backToOperator();
  }

  private async backToOperator(): Promise<void> {
    this.stopHold();
    await this.holdDone;
    if (this.gone) return;
    if (this.op && this.operatorHere()) {
      await this.toOperator();
      return;
    }
    await this.ep.play(this.ctx.sounds.transferFailed);
    if (!this.gone) this.requeue?.();
  }

  private agencyGone(a: AgencyLeg): void {
    if (this.agency !== a) return;
    const x = this.xfer;
    if (x && x.phase === 'consulting') {
      // The agency hung up during the consultation: the operator gets the caller back.
      this.agency = null;
      void a.ep.close();
      this.finish(x, 'failed', 200);
      void this.backToOperator();
      return;
    }
    // After the transfer: the agency ended the call.
    void this.call.hangup();
  }

  private connectAgency(x: Xfer, a: AgencyLeg): void {
    this.agency = a;
    // The caller's recording goes on: the agency is now what the caller hears (right channel).
    this.ep.bridge(a.ep);
    this.transferredTo = x.req.target;
    if (x.req.mode === 'blind') void a.ended.then(() => this.agencyGone(a));
    this.finish(x, 'completed', 200);
  }

  private async dropAgency(a: AgencyLeg): Promise<void> {
    if (a.leg.state !== 'ended') await a.leg.hangup();
    await a.ep.close();
  }

  private finish(x: Xfer, state: 'completed' | 'failed' | 'cancelled', status: number | null) {
    if (this.xfer === x) this.xfer = null;
    this.emit(x, state, status);
  }

  private emit(x: Xfer, state: TransferEvent['state'], status: number | null): void {
    try {
      this.ctx.onTransfer?.({
        ...x.req,
        callRecordId: this.callRecordId,
        operatorId: x.operatorId,
        state,
        sipStatus: status,
        startedAt: x.startedAt,
        at: this.now(),
      });
    } catch (err) {
      this.ctx.log.error({ err, callId: this.call.callId }, 'transfer event not delivered');
    }
  }

  private now(): Date {
    return this.ctx.now?.() ?? new Date();
  }

  // --- REFER from the operator's phone (RFC 3515) --------------------------------------------

  private async onRefer(leg: OutgoingCall, req: SipRequest, tx: ServerTransaction): Promise<void> {
    const ua = this.ctx.ua;
    const target = referTarget(req.get('refer-to') ?? '');
    if (req.getAll('refer-to').length !== 1 || !target) return ua.respond(tx, 400);
    if (this.op?.leg !== leg) return ua.respond(tx, 481);
    try {
      await this.transfer({ target, mode: 'blind', via: 'refer', byUserId: this.op.userId }, leg);
    } catch (err) {
      const code = err instanceof AppError ? err.code : null;
      this.ctx.log.warn({ callId: this.call.callId, code }, 'REFER refused');
      return ua.respond(tx, code === 'no_trunk' ? 503 : 403);
    }
    ua.respond(tx, 202);
    await this.sendNotify(leg, 100, 'Trying', false);
  }

  private async notifyRefer(x: Xfer, status: number, reason: string): Promise<void> {
    if (x.refer && x.refer.state === 'confirmed')
      await this.sendNotify(x.refer, status, reason, true);
  }

  private async sendNotify(
    leg: OutgoingCall,
    status: number,
    reason: string,
    last: boolean,
  ): Promise<void> {
    if (leg.state !== 'confirmed') return;
    const n = leg.dialog.createRequest('NOTIFY');
    n.append('event', 'refer');
    n.append('subscription-state', last ? 'terminated;reason=noresource' : 'active;expires=60');
    n.setBody(sipfrag(status, reason || REASONS[status] || ''), 'message/sipfrag;version=2.0');
    const res = await leg.request(n);
    this.ctx.log.debug({ callId: this.call.callId, status: res?.status }, 'NOTIFY sent');
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

  /** Plays `first` once, then `loop` until stopped (ringback, hold music during a transfer). */
  private startMusic(first: Prompt, loop: Prompt): void {
    const gen = ++this.musicGen;
    const prev = this.holdDone;
    if (this.holding) this.ep.stopPlayback();
    this.holding = true;
    const on = () => this.holding && this.musicGen === gen && !this.gone;
    this.holdDone = (async () => {
      await prev;
      if (on()) await this.ep.play(first);
      while (on()) await this.ep.play(loop);
    })().catch((err: unknown) =>
      this.ctx.log.error({ err, callId: this.call.callId }, 'transfer tones failed'),
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

/** Is a re-INVITE's offer a hold? (Unparseable offers were refused by renegotiate already.) */
function offerIsHold(offer: string): boolean {
  try {
    return isHold(parseSdp(offer));
  } catch {
    return false;
  }
}
