/**
 * The telephony service: SIP stack + media engine + IVR, one object started by `src/main.ts`
 * when TELEPHONY=1. Every inbound call is answered, recorded from the answer on, and walked
 * through the IVR flow; when it ends a call record (CDR) is handed to `onCallEnded`.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { realTimers, type TimerHost } from './sip/timers.ts';
import { BuiltinMediaEngine, type MediaLog } from './media/builtin.ts';
import {
  NoCommonCodecError,
  NoPortError,
  type MediaEndpoint,
  type MediaStats,
  type Prompt,
  type RecordingInfo,
} from './media/engine.ts';
import type { IvrFlow } from './ivr/flow.ts';
import { PromptLibrary } from './ivr/prompts.ts';
import { IvrRun, type IvrResult } from './ivr/runner.ts';
import { CALL_MOVES, move } from './phase.ts';
import type { Registrar } from './registrar.ts';
import type { AcdDeps } from './acd/port.ts';
import { QueuedCall, type QueueResult, type TransferEvent } from './acd/queued-call.ts';
import { renderQueueSounds, type QueueSounds } from './acd/sounds.ts';
import type { AgencyLeg } from './transfer/agency.ts';
import { ivrTransfer, type IvrTransferContext } from './transfer/ivr.ts';
import { normalizeNumber } from './trunk/dialing.ts';
import type { Trunks } from './trunk/directory.ts';
import { createSipStack, type SipStack } from './sip/stack.ts';
import type { EndReason, IncomingCall, UaLog } from './sip/ua.ts';
import { unescapeUri } from './sip/syntax.ts';
import type { Uri } from './sip/uri.ts';
import type { CallOutcome } from '../db/schema.ts';
import type { WebSocket } from 'ws';
import type { WebSocketOrigin } from './sip/transport.ts';
import { offerWarning } from './media/webrtc.ts';

export interface TelephonyConfig {
  sipHost: string;
  sipPort: number;
  /** Address written in SIP and SDP when the bind address is not what peers should use. */
  publicHost?: string;
  rtpPortMin: number;
  rtpPortMax: number;
  /** Prompts go to `<dataDir>/voice/prompts`, recordings to `<dataDir>/voice/recordings`. */
  dataDir: string;
  /** Calls at once; the next INVITE gets 503 with Retry-After (default 300). */
  maxCalls?: number;
  /** Longest voicemail a caller may leave after the beep (default 120 s). */
  voicemailSeconds?: number;
  /** SIP over WebSocket on a port of its own (`SIP_WS_PORT`; 0: a free one). */
  sipWsPort?: number;
  /** Browser origins allowed on `sipWsPort` besides same-origin pages. */
  sipWsOrigins?: readonly string[];
  /** Whether a peer on `sipWsPort` is a trusted reverse proxy (TRUSTED_PROXIES). */
  sipWsTrustsProxy?: (address?: string) => boolean;
  /** WebSocket ping interval (ms, default 30 s): silent connections are cut after two. */
  sipWsPingMs?: number;
  /** How long an agency's phone rings on a transfer before it counts as no answer (30 s). */
  agencyRingSeconds?: number;
}

export type { CallOutcome };

/** What the CDR keeps of a call (R-TEL-1: call times; R-TEL-5: the recording). */
export interface CallRecord {
  id: string;
  sipCallId: string;
  caller: string;
  callerName: string | null;
  called: string;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  /** Seconds from the INVITE to the answer (or to the end, unanswered). */
  waitSeconds: number;
  /** Seconds from the answer to the end. */
  talkSeconds: number;
  digits: string;
  ivrPath: string[];
  queue: string | null;
  /** The operator who answered (through the queue). */
  agentId: string | null;
  /** Seconds in the queue until answered, abandoned or overflowed. */
  queueWaitSeconds: number | null;
  /** Where the call was transferred to (an agency's number). */
  transferTo: string | null;
  outcome: CallOutcome;
  endReason: EndReason | null;
  recordingPath: string | null;
  recordingSeconds: number | null;
  /** 2: the caller on the left, what the caller heard (prompts, operator, agency) on the right. */
  recordingChannels: 1 | 2 | null;
  media: MediaStats | null;
}

/** What is known of a call when it arrives. */
export type LiveCall = Pick<
  CallRecord,
  'id' | 'sipCallId' | 'caller' | 'callerName' | 'called' | 'startedAt'
>;

export interface TelephonyLog extends UaLog, MediaLog {
  error(obj: object, msg: string): void;
}

export interface TelephonyDeps {
  log: TelephonyLog;
  /** The flow that answers calls to `called` (the demo flow until one is configured). */
  flowFor(called: string): Promise<IvrFlow> | IvrFlow;
  /** The prompts of a flow `flowFor` gave (with uploaded recordings); default: its texts. */
  promptsFor?(flow: IvrFlow): Promise<Map<string, Prompt>>;
  /** Working hours of the hotline, for the IVR's hours branch. */
  isOpen(): boolean;
  /** What the IVR's status node reads back to `caller` for the keyed digits (null: none). */
  lookupStatus?(caller: string, digits: string): Promise<string[] | null>;
  /**
   * A call arrived and will be answered: its record can be written now (the call log shows it
   * and a ticket can be bound to it while it lasts). Not awaited: the answer never waits for it.
   */
  onCallStarted?(call: LiveCall): Promise<void> | void;
  onCallEnded?(record: CallRecord): Promise<void> | void;
  /** Operators' phones register here (R-TEL-6); without it REGISTER gets 405. */
  registrar?: Registrar;
  /** Queues and operators (R-TEL-3); without it the IVR's queue node ends the call. */
  acd?: AcdDeps;
  /** The carrier's trunk (R-TEL-4): transfers, and the inbound allow-list. */
  trunks?: Trunks;
  /** A transfer started, reached the agency, failed… (records, timeline, screens). */
  onTransfer?(e: TransferEvent): void;
  timers?: TimerHost;
  now?: () => Date;
}

/** What is known of a call from its INVITE. */
interface Arrival {
  id: string;
  startedAt: Date;
  caller: string;
  callerName: string | null;
  called: string;
}

/** An answered call's media and IVR (from the ACK on). */
interface Answered {
  ep: MediaEndpoint;
  answeredAt: Date;
  ivr: IvrRun;
  recordingPath: string;
}

/** An inbound call's phase (`phase.ts`) with what only makes sense in it. */
type InboundPhase =
  | { name: 'arriving' }
  | { name: 'refused' }
  /** `ep` once the media is open; `answeredAt` once 200 OK is sent. */
  | { name: 'answering'; ep: MediaEndpoint | null; answeredAt: Date | null }
  /** `cancelled`: the caller gave up first (the call's outcome says so, not `failed`). */
  | { name: 'failed'; ep: MediaEndpoint | null; cancelled: boolean }
  | { name: 'ivr'; media: Answered }
  | { name: 'queued'; media: Answered; queue: Promise<QueueResult> }
  /** `transfer`: the agency's number once the caller was put through, else null. */
  | { name: 'transferring'; media: Answered; transfer: Promise<string | null> }
  | { name: 'closing'; media: Answered; outcome: 'queued' | 'transferred' | 'ivr-hangup' }
  | { name: 'ended' };

type Answering = Extract<InboundPhase, { name: 'answering' }>;

/** One inbound call's phase, moved only as the phase table allows. */
class InboundCall {
  phase: InboundPhase = { name: 'arriving' };

  enter<P extends InboundPhase>(next: P): P {
    move('call', CALL_MOVES, this.phase.name, next.name);
    this.phase = next;
    return next;
  }
}

/** The outcome of a call that ended in phase `last`. */
function outcomeOf(
  last: InboundPhase,
  end: {
    endReason: EndReason;
    queued: QueueResult | null;
    transferTo: string | null;
    stopping: boolean;
  },
): CallOutcome {
  switch (last.name) {
    case 'refused':
      return 'rejected';
    case 'failed':
      if (!last.cancelled) return 'failed';
      break;
    case 'closing':
      return last.outcome;
    case 'transferring':
      return end.transferTo ? 'transferred' : 'failed';
    case 'queued':
      if (end.queued && end.queued.kind !== 'abandoned') return end.queued.kind;
      break;
  }
  if (end.endReason === 'cancelled') return 'cancelled';
  if (end.endReason === 'rejected') return 'rejected';
  if (end.endReason === 'local-bye' && end.stopping) return 'interrupted';
  return 'abandoned';
}

export class TelephonyService {
  private stack: SipStack | null = null;
  readonly engine: BuiltinMediaEngine;
  readonly prompts: PromptLibrary;
  private readonly calls = new Set<Promise<void>>();
  private readonly live = new Set<IncomingCall>();
  private readonly flowPrompts = new WeakMap<IvrFlow, Promise<Map<string, Prompt>>>();
  private readonly recordings: string;
  private readonly ivrTransfers = new Set<AgencyLeg>();
  private stopping = false;
  /** Callers waiting, per queue code, on this node. */
  private readonly waiting = new Map<string, QueuedCall[]>();
  private readonly queued = new Set<QueuedCall>();
  /** Calls bridged to an operator on this node, by call record id (transfer commands). */
  readonly bridged = new Map<string, QueuedCall>();
  private sounds: Promise<QueueSounds> | null = null;

  constructor(
    readonly config: TelephonyConfig,
    private readonly deps: TelephonyDeps,
  ) {
    this.engine = new BuiltinMediaEngine({
      bindHost: config.sipHost,
      publicAddress: config.publicHost,
      portMin: config.rtpPortMin,
      portMax: config.rtpPortMax,
      log: deps.log,
    });
    this.prompts = new PromptLibrary(path.join(config.dataDir, 'voice', 'prompts'));
    this.recordings = path.join(config.dataDir, 'voice', 'recordings');
  }

  get port(): number {
    return this.stack?.port ?? 0;
  }

  get activeCalls(): number {
    return this.calls.size;
  }

  // --- SIP over WebSocket (RFC 7118): browsers' softphones ------------------------------------

  /** The `sipWsPort` server's port (0 without one). */
  get wsPort(): number {
    return this.stack?.wsPort ?? 0;
  }

  /** A WebSocket accepted by the web server's `/sip` (subprotocol and origin checked there). */
  acceptWebSocket(ws: WebSocket, from: WebSocketOrigin): void {
    if (!this.stack || this.stopping) return ws.close(1013, 'telephony not running');
    this.stack.transport.adoptWebSocket(ws, from);
  }

  /** Hold music, beep and the overflow messages, rendered once (sox, espeak-ng) and cached. */
  queueSounds(): Promise<QueueSounds> {
    const sounds = (this.sounds ??= renderQueueSounds(this.prompts));
    sounds.catch(() => (this.sounds = null));
    return sounds;
  }

  async start(): Promise<void> {
    if (this.deps.acd || this.deps.trunks) await this.queueSounds();
    this.stack = await createSipStack({
      host: this.config.sipHost,
      port: this.config.sipPort,
      publicHost: this.config.publicHost,
      log: this.deps.log,
      timers: this.deps.timers,
      wsPort: this.config.sipWsPort,
      wsOrigins: this.config.sipWsOrigins,
      wsTrustsProxy: this.config.sipWsTrustsProxy,
      wsPingMs: this.config.sipWsPingMs,
      onFlowClosed: (peer) => this.deps.registrar?.flowClosed(peer),
      onRegister: this.deps.registrar
        ? (req, tx, source) => this.deps.registrar!.handle(this.stack!.ua, req, tx, source)
        : undefined,
      onInvite: (call) => {
        this.live.add(call);
        const p = this.handle(call).catch((err: unknown) =>
          this.deps.log.error({ err, callId: call.callId }, 'call handling failed'),
        );
        this.calls.add(p);
        void p.finally(() => {
          this.calls.delete(p);
          this.live.delete(call);
        });
      },
    });
    const transport = this.stack.transport;
    this.deps.registrar?.watchFlows((peer) => transport.hasFlow(peer));
  }

  /**
   * Stops taking calls (503), hangs up the ones in progress (BYE, or 480 if not answered yet),
   * waits for their records, then closes the sockets.
   */
  async stop(graceMs = 3000): Promise<void> {
    this.stopping = true;
    for (const call of this.live) void call.hangup();
    for (const q of this.queued) void q.operatorLeg?.hangup();
    for (const a of this.ivrTransfers) void a.leg.hangup();
    const all = Promise.allSettled([...this.calls]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    await this.engine.stop(); // ends the media of calls that did not end in time
    await this.stack?.close();
    this.stack = null;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** One inbound call, from the INVITE to its record (phases: `phase.ts`). */
  private async handle(call: IncomingCall): Promise<void> {
    const arrival: Arrival = {
      id: randomUUID(),
      startedAt: this.now(),
      caller: userPart(call.invite.from.uri),
      callerName: call.invite.from.displayName ?? null,
      called: userPart(call.invite.to.uri),
    };
    const c = new InboundCall();
    const ended = new Promise<EndReason>((resolve) => (call.onEnded = resolve));

    const allowed = await this.inboundAllowed(call);
    if (!allowed) {
      call.reject(403);
      c.enter({ name: 'refused' });
    } else if (this.stopping || this.live.size > (this.config.maxCalls ?? 300)) {
      call.reject(503);
      c.enter({ name: 'refused' });
    } else {
      this.started({ ...arrival, sipCallId: call.callId });
      await this.answer(call, c, arrival, ended);
    }

    const endReason = await ended;
    const ivr = 'media' in c.phase ? c.phase.media.ivr : null;
    ivr?.abort();
    const ivrResult = ivr ? await ivr.result : null;
    // Read after the IVR's result: its last word may have moved the call on.
    const last = c.phase;
    const queued = last.name === 'queued' ? await last.queue : null;
    const transferTo = last.name === 'transferring' ? await last.transfer : null;
    const ep = 'media' in last ? last.media.ep : 'ep' in last ? last.ep : null;
    const answeredAt =
      'media' in last ? last.media.answeredAt : last.name === 'answering' ? last.answeredAt : null;
    let recording: RecordingInfo | null = null;
    let media: MediaStats | null = null;
    if (ep) {
      try {
        recording = await ep.stopRecording();
      } catch (err) {
        this.deps.log.error({ err, callId: call.callId }, 'recording could not be finished');
      }
      media = await ep.close();
    }
    c.enter({ name: 'ended' });
    const endedAt = this.now();
    const record: CallRecord = {
      id: arrival.id,
      sipCallId: call.callId,
      caller: arrival.caller,
      callerName: arrival.callerName,
      called: arrival.called,
      startedAt: arrival.startedAt,
      answeredAt,
      endedAt,
      waitSeconds: seconds(arrival.startedAt, answeredAt ?? endedAt),
      talkSeconds: answeredAt ? seconds(answeredAt, endedAt) : 0,
      digits: ivrResult?.digits ?? '',
      ivrPath: ivrResult?.path ?? [],
      queue: ivrResult?.outcome.kind === 'queue' ? ivrResult.outcome.queue : null,
      agentId:
        queued?.kind === 'answered' || queued?.kind === 'transferred' ? queued.agentId : null,
      queueWaitSeconds: queued ? Math.round(queued.waitMs / 100) / 10 : null,
      transferTo: queued?.kind === 'transferred' ? queued.transferTo : transferTo,
      outcome: outcomeOf(last, { endReason, queued, transferTo, stopping: this.stopping }),
      endReason,
      recordingPath: recording?.path ?? null,
      recordingSeconds: recording ? Math.round(recording.seconds * 10) / 10 : null,
      recordingChannels: recording?.channels ?? null,
      media,
    };
    this.deps.log.info(
      { callId: call.callId, outcome: record.outcome, endReason, talkSeconds: record.talkSeconds },
      'call ended',
    );
    await this.deps.onCallEnded?.(record);
  }

  /**
   * Answers: the flow for the dialled number, its prompts and the media readied, then 200 OK;
   * on the ACK the recording starts and the IVR walks the caller through the flow.
   */
  private async answer(
    call: IncomingCall,
    c: InboundCall,
    arrival: Arrival,
    ended: Promise<EndReason>,
  ): Promise<void> {
    const answering = c.enter<Answering>({ name: 'answering', ep: null, answeredAt: null });
    try {
      const flow = await this.deps.flowFor(arrival.called);
      const prompts = await this.promptsOf(flow);
      const ep = await this.engine.open({ callId: call.callId, offer: call.offer });
      answering.ep = ep;
      if (call.state === 'ended') throw new Error('cancelled while opening media');
      call.onOffer = (offer) => ep.renegotiate(offer);
      const digit = (d: string) => {
        if ('media' in c.phase) c.phase.media.ivr.digit(d);
      };
      ep.onDtmf = digit;
      call.onInfoDtmf = digit;
      call.onConfirmed = () => {
        // A late offer (INVITE without SDP) is answered in the ACK.
        if (call.invite.body.length === 0 && call.offer) ep.setRemoteAnswer(call.offer);
        const recordingPath = this.recordingPath(arrival.startedAt, arrival.id);
        ep.startRecording(recordingPath, { channels: 2 });
        const lookup = this.deps.lookupStatus;
        const ivr = new IvrRun(flow, prompts, ep, this.deps.timers ?? realTimers, {
          isOpen: this.deps.isOpen,
          lookupStatus: lookup ? (digits) => lookup(arrival.caller, digits) : undefined,
        });
        const media: Answered = {
          ep,
          answeredAt: answering.answeredAt ?? this.now(),
          ivr,
          recordingPath,
        };
        c.enter({ name: 'ivr', media });
        ivr.start();
        void ivr.result.then((r) => this.afterIvr(call, c, media, r, arrival, ended));
      };
      call.answer(ep.localSdp);
      answering.answeredAt = this.now();
      this.deps.log.info({ callId: call.callId, codec: ep.codec }, 'call answered');
    } catch (err) {
      if (err instanceof NoCommonCodecError)
        call.reject(488, undefined, [
          ['warning', offerWarning(call.offer, this.config.publicHost ?? this.config.sipHost)],
        ]);
      else if (err instanceof NoPortError) call.reject(503);
      else if (call.state !== 'ended') {
        this.deps.log.error({ err, callId: call.callId }, 'could not answer');
        call.reject(500);
      }
      c.enter({ name: 'failed', ep: answering.ep, cancelled: call.endReason === 'cancelled' });
    }
  }

  /** Where the IVR's last word sends the caller: a queue, an agency's phone, or goodbye. */
  private afterIvr(
    call: IncomingCall,
    c: InboundCall,
    media: Answered,
    r: IvrResult,
    arrival: Arrival,
    ended: Promise<EndReason>,
  ): void {
    const o = r.outcome;
    if (o.kind === 'abandoned') return;
    if (o.kind === 'queue' && this.deps.acd) {
      const queue = this.enqueue(call, media.ep, o.queue, arrival.id, ended);
      c.enter({ name: 'queued', media, queue });
      return;
    }
    if (o.kind === 'transfer' && this.deps.trunks) {
      const transfer = ivrTransfer(this.ivrTransferContext(this.deps.trunks), call, media.ep, {
        callRecordId: arrival.id,
        target: o.target,
        caller: { number: arrival.caller, name: arrival.callerName },
        ended,
      }).then((ok) => (ok ? normalizeNumber(o.target) : null));
      c.enter({ name: 'transferring', media, transfer });
      return;
    }
    // Without an ACD (or a trunk) the IVR's last words end the call.
    const outcome =
      o.kind === 'queue' ? 'queued' : o.kind === 'transfer' ? 'transferred' : 'ivr-hangup';
    c.enter({ name: 'closing', media, outcome });
    void call.hangup();
  }

  private started(live: LiveCall): void {
    const hook = this.deps.onCallStarted;
    if (!hook) return;
    // The end's write completes this row or writes it whole, whichever comes first.
    Promise.resolve()
      .then(() => hook(live))
      .catch((err: unknown) =>
        this.deps.log.error({ err, callId: live.sipCallId }, 'call start not recorded'),
      );
  }

  /** Puts an answered call into a queue; resolves when it has left it (answered, overflow…). */
  private enqueue(
    call: IncomingCall,
    ep: MediaEndpoint,
    code: string,
    id: string,
    ended: Promise<EndReason>,
  ): Promise<QueueResult> {
    const acd = this.deps.acd!;
    return (async () => {
      const [queue, sounds] = await Promise.all([acd.queueFor(code), this.queueSounds()]);
      let waiting = this.waiting.get(code);
      if (!waiting) this.waiting.set(code, (waiting = []));
      const from = call.invite.from;
      const q = new QueuedCall(
        {
          ua: this.stack!.ua,
          engine: this.engine,
          timers: this.deps.timers ?? realTimers,
          acd,
          sounds,
          log: this.deps.log,
          waiting,
          host: this.config.publicHost ?? this.config.sipHost,
          voicemailMs: this.config.voicemailSeconds
            ? this.config.voicemailSeconds * 1000
            : undefined,
          trunks: this.deps.trunks,
          live: this.bridged,
          onTransfer: this.deps.onTransfer,
          agencyRingMs: this.agencyRingMs,
          now: () => this.now(),
        },
        call,
        ep,
        queue,
        id,
        { number: userPart(from.uri), name: from.displayName ?? null },
        ended,
      );
      this.queued.add(q);
      try {
        return await q.run();
      } finally {
        this.queued.delete(q);
      }
    })().catch((err: unknown) => {
      this.deps.log.error({ err, callId: call.callId }, 'queue failed');
      void call.hangup();
      return { kind: 'abandoned', waitMs: 0 } as const;
    });
  }

  private get agencyRingMs(): number | undefined {
    const s = this.config.agencyRingSeconds;
    return s ? s * 1000 : undefined;
  }

  /**
   * With a trunk allow-list, only the carrier's addresses and operators' registered phones
   * may call in; with none (the demo), everyone.
   */
  private async inboundAllowed(call: IncomingCall): Promise<boolean> {
    if (!this.deps.trunks) return true;
    try {
      return await this.deps.trunks.inboundAllowed(call.source.address);
    } catch (err) {
      // The database is unreachable: answering beats refusing a citizen's call.
      this.deps.log.error({ err, callId: call.callId }, 'allow-list not checked');
      return true;
    }
  }

  /** What the IVR's transfer node needs of this node (`transfer/ivr.ts`). */
  private ivrTransferContext(trunks: Trunks): IvrTransferContext {
    return {
      trunks,
      sounds: () => this.queueSounds(),
      dial: () => ({
        ua: this.stack!.ua,
        engine: this.engine,
        timers: this.deps.timers ?? realTimers,
        host: this.config.publicHost ?? this.config.sipHost,
        log: this.deps.log,
      }),
      ringMs: this.agencyRingMs,
      bridged: this.ivrTransfers,
      onTransfer: this.deps.onTransfer,
      now: () => this.now(),
    };
  }

  /** The flow's prompts: rendered when the flow was saved, looked up once per flow object. */
  private promptsOf(flow: IvrFlow): Promise<Map<string, Prompt>> {
    let p = this.flowPrompts.get(flow);
    if (!p) {
      p = this.deps.promptsFor?.(flow) ?? this.prompts.renderFlow(flow);
      p.catch(() => this.flowPrompts.delete(flow));
      this.flowPrompts.set(flow, p);
    }
    return p;
  }

  private recordingPath(at: Date, id: string): string {
    const day = at.toISOString().slice(0, 10).split('-');
    const dir = path.join(this.recordings, ...day);
    mkdirSync(dir, { recursive: true });
    return path.join(dir, `${id}.wav`);
  }
}

function seconds(a: Date, b: Date): number {
  return Math.max(0, Math.round((b.getTime() - a.getTime()) / 100) / 10);
}

/** The user part of a SIP URI (the phone number), or the whole of another URI. */
function userPart(uri: Uri): string {
  return uri.kind === 'sip' ? unescapeUri(uri.user ?? '') : uri.opaque;
}
