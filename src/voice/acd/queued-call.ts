/**
 * One caller in a queue (R-TEL-3): hold music with position announcements, the longest-idle
 * available operator's phone rung through our UAC (B2BUA), the two legs bridged on answer,
 * and the overflow (voicemail or call-back request) when nobody answers in time.
 *
 * Callers are served in order of arrival across nodes: every caller has an entry in
 * PostgreSQL, and an operator is claimed only for the caller no live entry is ahead of (the
 * head of this node's line asks; the claim checks the whole queue). Operators are claimed
 * with SKIP LOCKED, so two nodes never ring one operator for two calls.
 *
 * What the call is doing is its phase (`../phase.ts`: waiting, ringing, talking, transferring,
 * consulting, transferred, overflow, ended), moved only through the phase table; what only
 * makes sense in a phase (the ringing operator, the transfer under way, the agency on the
 * line) is kept in it. The caller's hang-up is an input any phase must expect: it sets `gone`,
 * and the phase winds down to `ended`.
 */
import type { TimerHost } from '../sip/timers.ts';
import type { MediaEndpoint, MediaEngine } from '../media/engine.ts';
import { isHold, parseSdp } from '../media/sdp.ts';
import type { QueueConfig } from '../agents/agents.repository.ts';
import { AppError } from '../../core/errors/codes.ts';
import { REASONS, type SipRequest } from '../sip/message.ts';
import type { ServerTransaction } from '../sip/transactions.ts';
import { OutgoingCall } from '../sip/uac.ts';
import { isWebSocket } from '../sip/transport.ts';
import type { IncomingCall, UaLog, UserAgent } from '../sip/ua.ts';
import { AgencyDial, type AgencyLeg } from '../transfer/agency.ts';
import { referTarget, sipfrag } from '../trunk/dialing.ts';
import type { Trunks } from '../trunk/directory.ts';
import { move, QUEUE_MOVES } from '../phase.ts';
import { releaseReason, type AcdDeps, type AgentTarget } from './port.ts';
import type { QueueSounds } from './sounds.ts';
import { Soundtrack } from './soundtrack.ts';

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

/** The operator's phone: rung, then bridged to the caller (or consulting an agency). */
interface OperatorLeg {
  userId: string;
  leg: OutgoingCall;
  ep: MediaEndpoint;
  /** Its last offer was sendonly/inactive: the phone holds the call. */
  held: boolean;
  /** Let go of by us: BYE sent (if still up), media closed, wrap-up begun. */
  released: boolean;
}

/** A transfer to an agency's phone (one at a time). */
interface Transfer {
  req: TransferRequest;
  dial: AgencyDial;
  startedAt: Date;
  operatorId: string | null;
  cancelRequested: boolean;
  /** The REFER's subscription: progress goes to the phone as NOTIFY (RFC 3515). */
  refer: OutgoingCall | null;
  /** Its final state (completed, failed, cancelled) has been told. */
  settled: boolean;
}

/** From the operator's answer until the caller hangs up or is put back in the queue. */
interface Answered {
  /** Puts the caller back at the head of the queue (a transfer failed, nobody to return to). */
  requeue(): void;
  /** The last transfer's run: a hang-up is cleaned up once it is over. */
  transferRun: Promise<void>;
}

/** The call's phase (`../phase.ts`) with what only makes sense in it. */
type Phase =
  | { name: 'waiting'; deadline: number }
  | { name: 'ringing'; deadline: number; operator: OperatorLeg }
  | { name: 'talking'; answered: Answered; operator: OperatorLeg }
  | { name: 'transferring'; answered: Answered; operator: OperatorLeg; transfer: Transfer }
  | {
      name: 'consulting';
      answered: Answered;
      operator: OperatorLeg;
      transfer: Transfer;
      /** The agency on the line with the operator; null while it rings (or once let go). */
      agency: AgencyLeg | null;
    }
  | {
      name: 'transferred';
      answered: Answered;
      operator: OperatorLeg;
      agency: AgencyLeg;
      /** The agency's number. */
      target: string;
    }
  | { name: 'overflow' }
  | { name: 'ended' };

type TransferPhase = Extract<Phase, { name: 'transferring' | 'consulting' }>;

/** An operator's phone that did not take the call, and its final status (0: none). */
interface Missed {
  kind: 'missed';
  status: number;
}

/** The operator is still on the line (their leg may have ended before we released it). */
const operatorHere = (op: OperatorLeg) => !op.released && op.leg.state !== 'ended';

export class QueuedCall {
  private phase: Phase;
  /** The caller hung up: whatever the phase, it winds down to `ended`. */
  private gone = false;
  private readonly enteredAt: number;
  private readonly sound: Soundtrack;

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
    this.phase = { name: 'waiting', deadline: this.enteredAt + queue.maxWaitSeconds * 1000 };
    this.sound = new Soundtrack({
      ep,
      timers: ctx.timers,
      hold: ctx.sounds.hold,
      position: (n) => ctx.sounds.position(n),
      place: () => this.place(),
      announceSeconds: queue.announceSeconds,
      gone: () => this.gone,
      failed: (err, what) => ctx.log.error({ err, callId: call.callId }, what),
    });
    void callerGone.then(() => {
      this.gone = true;
      this.sound.stop();
    });
  }

  /** Moves to `next` when the phase table allows it (a PhaseError otherwise). */
  private enter<P extends Phase>(next: P): P {
    move('queue', QUEUE_MOVES, this.phase.name, next.name);
    this.phase = next;
    return next;
  }

  private end(): void {
    if (this.phase.name !== 'ended') this.enter({ name: 'ended' });
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
      await this.sound.silence();
      this.end();
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
    this.sound.hold();
    const excluded: string[] = [];
    let roundStart = timers.now();
    // Operators whose phone refused the media (488/606: a browser without rtpengine in front)
    // could never take this call: not rung again for it.
    const incompatible: string[] = [];
    while (!this.gone) {
      const waiting = this.phase;
      if (waiting.name !== 'waiting') throw new Error(`queue: serving a call in ${waiting.name}`);
      if (timers.now() >= waiting.deadline) return this.overflow();
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
          const r = await this.ring(agent.userId, agent.targets, waiting.deadline);
          if (r.kind !== 'missed') return r;
          if (r.status === 488 || r.status === 606) incompatible.push(agent.userId);
          else excluded.push(agent.userId);
          continue;
        }
      }
      await this.sleep(1000);
    }
    return { kind: 'abandoned', waitMs: this.waited() };
  }

  /** Rings one operator: the result once bridged and ended, or missed to try someone else. */
  private async ring(
    userId: string,
    targets: AgentTarget[],
    deadline: number,
  ): Promise<QueueResult | Missed> {
    const { acd, engine, timers } = this.ctx;
    const target = targets[0];
    if (!target) {
      await acd.released(userId, 'unreachable');
      return { kind: 'missed', status: 0 };
    }
    const legEp = await engine.open({ callId: `${this.call.callId}~agent`, offer: null });
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
    const operator: OperatorLeg = { userId, leg, ep: legEp, held: false, released: false };
    this.enter({ name: 'ringing', deadline, operator });
    const ended = new Promise<void>((r) => (leg.onEnded = () => r()));
    const answered = new Promise<void>((r) => (leg.onAnswered = () => r()));
    leg.onOffer = (offer) => {
      const answer = legEp.renegotiate(offer);
      if (answer !== null) this.operatorHold(operator, offerIsHold(offer));
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

    const missed: Missed = { kind: 'missed', status: leg.finalStatus > 0 ? leg.finalStatus : 0 };
    if (first !== 'answered' || this.gone) {
      if (leg.endReason === 'transport-error' && isWebSocket(target.peer.protocol))
        await acd.unreachable?.(target);
      leg.cancel();
      if (leg.state === 'confirmed') await leg.hangup();
      await legEp.close();
      this.enter({ name: 'waiting', deadline });
      const why = releaseReason(
        this.gone || first === 'gone' || withdrawn ? 'withdrawn' : rangOut ? 'rang-out' : 'ended',
        { reason: leg.endReason, status: leg.finalStatus },
      );
      await acd.released(userId, why);
      return missed;
    }
    try {
      if (leg.answer) legEp.setRemoteAnswer(leg.answer);
    } catch (err) {
      this.ctx.log.warn({ err, callId: this.call.callId }, 'operator phone answered unusable SDP');
      await leg.hangup();
      await legEp.close();
      this.enter({ name: 'waiting', deadline });
      await acd.released(userId, 'unreachable');
      return missed;
    }
    const waitMs = this.waited();
    this.leaveQueue();
    await this.sound.silence();
    this.ep.bridge(legEp);
    await acd.answered(userId, this.callRecordId);
    this.ctx.log.info({ callId: this.call.callId, agent: userId }, 'call bridged to operator');
    return (await this.talk(operator, ended, waitMs)) ?? missed;
  }

  // --- bridged to an operator; transfers to agency phones (R-WF-8, R-TEL-4) --------------------

  /**
   * The caller talks with the operator until one of them hangs up, or a transfer hands the
   * caller on to an agency. Null when a failed transfer put the caller back in the queue.
   */
  private async talk(
    operator: OperatorLeg,
    legEnded: Promise<void>,
    waitMs: number,
  ): Promise<QueueResult | null> {
    let requeue!: () => void;
    const requeued = new Promise<'requeue'>((r) => (requeue = () => r('requeue')));
    const answered: Answered = { requeue, transferRun: Promise.resolve() };
    this.enter({ name: 'talking', answered, operator });
    operator.leg.onRefer = (req, tx) => void this.onRefer(operator, req, tx);
    void legEnded.then(() => this.operatorGone(operator));
    this.ctx.live?.set(this.callRecordId, this);
    try {
      const why = await Promise.race([this.callerGone.then(() => 'gone' as const), requeued]);
      if (why === 'requeue') {
        await this.releaseOperator(operator);
        this.ctx.waiting.unshift(this);
        // A fresh wait: the caller did nothing wrong.
        this.enter({
          name: 'waiting',
          deadline: this.ctx.timers.now() + this.queue.maxWaitSeconds * 1000,
        });
        this.sound.hold();
        return null;
      }
      // The caller left: what the call was doing winds down.
      const last = this.phase;
      this.end();
      const transfer = 'transfer' in last && !last.transfer.settled ? last.transfer : null;
      transfer?.dial.cancel();
      await answered.transferRun;
      // The caller left during a consultation: that transfer ends with the call.
      if (transfer && !transfer.settled) this.settle(transfer, 'cancelled', null);
      const agency = 'agency' in last ? last.agency : null;
      if (agency) {
        await agency.leg.hangup();
        await agency.ep.close();
      }
      await this.releaseOperator(operator);
      return last.name === 'transferred'
        ? { kind: 'transferred', agentId: operator.userId, waitMs, transferTo: last.target }
        : { kind: 'answered', agentId: operator.userId, waitMs };
    } finally {
      if (this.ctx.live?.get(this.callRecordId) === this) this.ctx.live.delete(this.callRecordId);
    }
  }

  /**
   * The operator's phone put the caller on hold (or took them off it) with a re-INVITE: the
   * caller hears our hold music rather than the silence of a held phone, as on a PBX. Only
   * while the caller talks with the operator: a transfer plays its own tones.
   */
  private operatorHold(operator: OperatorLeg, held: boolean): void {
    if (held === operator.held) return;
    operator.held = held;
    const p = this.phase;
    if (p.name !== 'talking' || p.operator !== operator || operator.released || this.gone) return;
    this.ctx.log.info({ callId: this.call.callId, held }, 'operator hold');
    if (held) {
      this.ep.unbridge();
      this.sound.play(this.ctx.sounds.hold, this.ctx.sounds.hold);
    } else void this.toOperator();
  }

  /** The caller back with the operator: bridged, or hold music while their phone holds. */
  private async toOperator(): Promise<void> {
    await this.sound.silence();
    const p = this.phase;
    if (p.name !== 'talking' || p.operator.released || this.gone) return;
    if (p.operator.held) this.sound.play(this.ctx.sounds.hold, this.ctx.sounds.hold);
    else this.ep.bridge(p.operator.ep);
  }

  /** The operator's side is done: BYE (if still up), media closed, wrap-up begins. */
  private async releaseOperator(op: OperatorLeg): Promise<void> {
    if (op.released) return;
    op.released = true;
    if (op.leg.state !== 'ended') await op.leg.hangup();
    await op.ep.close();
    await this.ctx.acd.finished(op.userId, this.queue.wrapUpSeconds);
  }

  private operatorGone(operator: OperatorLeg): void {
    if (operator.released) return; // released by us
    const p = this.phase;
    // The operator hung up: so does the caller (the call is over).
    if (p.name === 'talking' && p.operator === operator) void this.call.hangup();
    // Hanging up during an attended transfer hands the caller over (as PBXs do): at once when
    // the agency is on the line, on its answer when it still rings (`attended`).
    else if (p.name === 'consulting' && p.operator === operator && p.agency)
      void this.completeTransfer(null).catch(() => undefined);
  }

  /** The operator (or a supervisor) on this call, for the transfer API's check. */
  get operatorId(): string | null {
    const p = this.phase;
    if (p.name === 'ringing' || !('operator' in p) || p.operator.released) return null;
    return p.operator.userId;
  }

  /** The operator's leg while it rings or is bridged (a stopping node hangs it up). */
  get operatorLeg(): OutgoingCall | null {
    const p = this.phase;
    return 'operator' in p && !p.operator.released ? p.operator.leg : null;
  }

  /** The talking phase, for a transfer to start from; else `transfer_unavailable`. */
  private talking(): Extract<Phase, { name: 'talking' }> {
    const p = this.phase;
    if (p.name !== 'talking' || p.operator.released || this.gone)
      throw new AppError('transfer_unavailable');
    return p;
  }

  /** Starts a transfer; resolves once the agency's phone is being called. */
  async transfer(req: TransferRequest, refer: OutgoingCall | null = null): Promise<void> {
    this.talking();
    const trunks = (await this.ctx.trunks?.outbound()) ?? [];
    if (trunks.length === 0) throw new AppError('no_trunk');
    // Checked again: the lookup took a moment.
    const { answered, operator } = this.talking();
    const transfer: Transfer = {
      req,
      dial: new AgencyDial(this.ctx, trunks, req.target, {
        callId: this.call.callId,
        callRecordId: this.callRecordId,
        caller: this.caller,
        ringMs: this.ctx.agencyRingMs,
      }),
      startedAt: this.now(),
      operatorId: operator.userId,
      cancelRequested: false,
      refer,
      settled: false,
    };
    const p = this.enter(
      req.mode === 'blind'
        ? { name: 'transferring', answered, operator, transfer }
        : { name: 'consulting', answered, operator, transfer, agency: null },
    );
    this.emit(transfer, 'dialing', null);
    const run = p.name === 'transferring' ? this.blind(p) : this.attended(p);
    answered.transferRun = run.catch((err: unknown) => {
      this.ctx.log.error({ err, callId: this.call.callId }, 'transfer failed');
      if (!transfer.settled) {
        this.settle(transfer, 'failed', 500);
        this.backToTalking(p);
      }
    });
  }

  private async blind(p: Extract<Phase, { name: 'transferring' }>): Promise<void> {
    const x = p.transfer;
    // A REFER keeps the operator's leg until the final NOTIFY (RFC 5589: the phone hangs up
    // after it); a transfer through the API releases the operator at once.
    if (x.refer) this.ep.unbridge();
    else await this.releaseOperator(p.operator);
    this.sound.play(this.ctx.sounds.transferring, this.ctx.sounds.ringback);
    const r = await x.dial.run();
    await this.sound.silence();
    if (this.gone) {
      if (r.ok) await this.dropAgency(r.agency);
      this.settle(x, 'cancelled', r.ok ? 200 : r.status);
      return;
    }
    if (r.ok) {
      this.connectAgency(p, r.agency);
      await this.notifyRefer(x, 200, 'OK');
      // The phone may have hung up on the NOTIFY already; if not, we do.
      await this.releaseOperator(p.operator);
      return;
    }
    this.settle(x, 'failed', r.status);
    this.backToTalking(p);
    await this.notifyRefer(x, r.status, r.reason);
    const now = this.phase;
    if (now.name === 'talking' && operatorHere(now.operator)) {
      // The operator's phone transferred and heard it fail: they keep the caller.
      await this.toOperator();
      return;
    }
    if (this.gone) return;
    await this.ep.play(this.ctx.sounds.transferFailed);
    if (!this.gone) this.requeue();
  }

  private async attended(p: Extract<Phase, { name: 'consulting' }>): Promise<void> {
    const x = p.transfer;
    this.ep.unbridge();
    this.sound.play(this.ctx.sounds.hold, this.ctx.sounds.hold);
    const r = await x.dial.run();
    if (this.gone) {
      if (r.ok) await this.dropAgency(r.agency);
      this.settle(x, 'cancelled', r.ok ? 200 : r.status);
      return;
    }
    if (!r.ok) {
      this.settle(x, x.cancelRequested ? 'cancelled' : 'failed', r.status);
      this.backToTalking(p);
      await this.backToOperator();
      return;
    }
    const a = r.agency;
    p.agency = a;
    void a.ended.then(() => this.agencyGone(a));
    if (!operatorHere(p.operator)) {
      // The operator hung up while it rang: the caller goes straight to the agency.
      await this.completeTransfer(null);
      return;
    }
    p.operator.ep.bridge(a.ep);
    this.emit(x, 'consulting', 200);
  }

  /** Attended: the caller to the agency, the operator released. */
  async completeTransfer(byUserId: string | null): Promise<void> {
    const p = this.phase;
    if (p.name !== 'consulting' || p.transfer.settled || !p.agency)
      throw new AppError('no_transfer_pending');
    void byUserId;
    await this.sound.silence();
    // The caller hung up meanwhile: the transfer ends with the call (cancelled).
    if (this.gone) return;
    if (this.phase !== p || p.transfer.settled || !p.agency)
      throw new AppError('no_transfer_pending');
    this.connectAgency(p, p.agency);
    await this.releaseOperator(p.operator);
  }

  /** Attended: the agency leg hung up (or not called further), the operator back with the caller. */
  async cancelTransfer(byUserId: string | null): Promise<void> {
    const p = this.phase;
    if (p.name !== 'consulting' || p.transfer.settled) throw new AppError('no_transfer_pending');
    void byUserId;
    const x = p.transfer;
    x.cancelRequested = true;
    const a = p.agency;
    if (!a) {
      x.dial.cancel(); // attended() goes on from the 487
      return;
    }
    p.agency = null;
    await this.dropAgency(a);
    this.settle(x, 'cancelled', 200);
    this.backToTalking(p);
    await this.backToOperator();
  }

  /** A transfer is over: the operator, if still on the line, has the caller again. */
  private backToTalking(p: TransferPhase): void {
    if (this.phase === p && operatorHere(p.operator))
      this.enter({ name: 'talking', answered: p.answered, operator: p.operator });
  }

  private async backToOperator(): Promise<void> {
    await this.sound.silence();
    if (this.gone) return;
    const p = this.phase;
    if (p.name === 'talking' && operatorHere(p.operator)) {
      await this.toOperator();
      return;
    }
    await this.ep.play(this.ctx.sounds.transferFailed);
    if (!this.gone) this.requeue();
  }

  private requeue(): void {
    const p = this.phase;
    if ('answered' in p) p.answered.requeue();
  }

  private agencyGone(a: AgencyLeg): void {
    const p = this.phase;
    if (p.name === 'consulting' && p.agency === a) {
      // The agency hung up during the consultation: the operator gets the caller back.
      p.agency = null;
      void a.ep.close();
      this.settle(p.transfer, 'failed', 200);
      this.backToTalking(p);
      void this.backToOperator();
      return;
    }
    // After the transfer: the agency ended the call.
    if (p.name === 'transferred' && p.agency === a) void this.call.hangup();
  }

  private connectAgency(p: TransferPhase, a: AgencyLeg): void {
    const x = p.transfer;
    this.enter({
      name: 'transferred',
      answered: p.answered,
      operator: p.operator,
      agency: a,
      target: x.req.target,
    });
    // The caller's recording goes on: the agency is now what the caller hears (right channel).
    this.ep.bridge(a.ep);
    if (x.req.mode === 'blind') void a.ended.then(() => this.agencyGone(a));
    this.settle(x, 'completed', 200);
  }

  private async dropAgency(a: AgencyLeg): Promise<void> {
    if (a.leg.state !== 'ended') await a.leg.hangup();
    await a.ep.close();
  }

  private settle(
    x: Transfer,
    state: 'completed' | 'failed' | 'cancelled',
    status: number | null,
  ): void {
    x.settled = true;
    this.emit(x, state, status);
  }

  private emit(x: Transfer, state: TransferEvent['state'], status: number | null): void {
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

  private async onRefer(
    operator: OperatorLeg,
    req: SipRequest,
    tx: ServerTransaction,
  ): Promise<void> {
    const ua = this.ctx.ua;
    const target = referTarget(req.get('refer-to') ?? '');
    if (req.getAll('refer-to').length !== 1 || !target) return ua.respond(tx, 400);
    const p = this.phase;
    if (!('operator' in p) || p.operator !== operator || operator.released)
      return ua.respond(tx, 481);
    try {
      await this.transfer(
        { target, mode: 'blind', via: 'refer', byUserId: operator.userId },
        operator.leg,
      );
    } catch (err) {
      const code = err instanceof AppError ? err.code : null;
      this.ctx.log.warn({ callId: this.call.callId, code }, 'REFER refused');
      return ua.respond(tx, code === 'no_trunk' ? 503 : 403);
    }
    ua.respond(tx, 202);
    await this.sendNotify(operator.leg, 100, 'Trying', false);
  }

  private async notifyRefer(x: Transfer, status: number, reason: string): Promise<void> {
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
    this.enter({ name: 'overflow' });
    await this.sound.silence();
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
