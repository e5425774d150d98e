/**
 * A call to an agency's phone through the carrier's trunk (R-TEL-4): our offer from a new media
 * leg, the INVITE to `sip:<number>@<trunk>` (answering the carrier's digest challenge), ringing
 * for at most `ringMs`, then either the answered leg or why it failed. With several trunks,
 * one that fails as a trunk (silent, refusing us, in trouble: `trunkFailed`) hands the call to
 * the next; what the phone says (busy, no answer) is the answer.
 */
import type { TimerHost } from '../sip/timers.ts';
import type { MediaEndpoint, MediaEngine } from '../media/engine.ts';
import { REASONS } from '../sip/message.ts';
import { OutgoingCall } from '../sip/uac.ts';
import type { UaLog, UserAgent } from '../sip/ua.ts';
import { trunkFailed, trunkUri } from '../trunk/dialing.ts';
import type { OutboundTrunk } from '../trunk/directory.ts';

export interface AgencyDialContext {
  ua: UserAgent;
  engine: MediaEngine;
  timers: TimerHost;
  /** Host written in our From. */
  host: string;
  log: UaLog;
}

export interface AgencyLeg {
  leg: OutgoingCall;
  ep: MediaEndpoint;
  /** Resolves when the agency's side ends (their BYE, or ours). */
  ended: Promise<void>;
}

export type DialResult =
  { ok: true; agency: AgencyLeg } | { ok: false; status: number; reason: string };

/** How long an agency's phone rings before we give up (ms). */
export const AGENCY_RING_MS = 30_000;

/**
 * How long a trunk may leave our INVITE without any response (not even 100 Trying, which a
 * carrier sends at once) before it counts as down and the next trunk is tried (ms).
 */
export const TRUNK_RESPONSE_MS = 4000;

type Attempt = DialResult & { trunkFailed?: boolean };

export class AgencyDial {
  private leg: OutgoingCall | null = null;
  private cancelled = false;

  constructor(
    private readonly ctx: AgencyDialContext,
    /** Tried in order; at least one. */
    private readonly trunks: readonly OutboundTrunk[],
    readonly number: string,
    private readonly opts: {
      callId: string;
      callRecordId: string;
      caller: { number: string; name: string | null };
      ringMs?: number;
      /** See TRUNK_RESPONSE_MS. */
      trunkResponseMs?: number;
    },
  ) {}

  /** Gives up ringing (CANCEL); the result says `cancelled` (487). */
  cancel(): void {
    this.cancelled = true;
    this.leg?.cancel();
  }

  async run(): Promise<DialResult> {
    let last: Attempt = { ok: false, status: 503, reason: REASONS[503]! };
    for (const [i, trunk] of this.trunks.entries()) {
      last = await this.attempt(trunk);
      if (last.ok || this.cancelled || !last.trunkFailed) break;
      if (i + 1 < this.trunks.length)
        this.ctx.log.warn(
          { callId: this.opts.callId, trunk: trunk.name, status: last.status },
          'trunk failed, trying the next one',
        );
    }
    if (last.ok) return last;
    return { ok: false, status: last.status, reason: last.reason };
  }

  private async attempt(trunk: OutboundTrunk): Promise<Attempt> {
    const { ctx } = this;
    const ep = await ctx.engine.open({ callId: `${this.opts.callId}~agency`, offer: null });
    if (this.cancelled) {
      await ep.close();
      return { ok: false, status: 487, reason: REASONS[487]! };
    }
    const uri = trunkUri(trunk, this.number);
    const fromUser = trunk.fromUser ?? (this.opts.caller.number || 'anonymous');
    const leg = new OutgoingCall(ctx.ua, {
      target: trunk.peer,
      requestUri: uri,
      from: {
        uri: `sip:${fromUser}@${ctx.host}`,
        displayName: trunk.fromUser ? undefined : (this.opts.caller.name ?? undefined),
      },
      to: uri,
      sdp: ep.localSdp,
      credentials: trunk.credentials,
      headers: [['x-open1022-call', this.opts.callRecordId]],
    });
    this.leg = leg;
    const ended = new Promise<number>((r) => (leg.onEnded = (_reason, status) => r(status)));
    const answered = new Promise<void>((r) => (leg.onAnswered = () => r()));
    leg.onOffer = (offer) => ep.renegotiate(offer);
    leg.start();
    const timer = ctx.timers.set(this.opts.ringMs ?? AGENCY_RING_MS, () => leg.cancel());
    // A trunk that says nothing at all is left; its INVITE transaction ends on its own (a
    // late 1xx gets our CANCEL), and the media leg is closed then.
    let silent: () => void = () => undefined;
    const unanswered = new Promise<number>((r) => (silent = () => r(-1)));
    const wait = ctx.timers.set(this.opts.trunkResponseMs ?? TRUNK_RESPONSE_MS, () => {
      if (leg.state === 'calling' && leg.finalStatus === 0) silent();
    });
    const first = await Promise.race([
      answered.then(() => 0),
      ended.then((status) => status),
      unanswered,
    ]);
    ctx.timers.clear(timer);
    ctx.timers.clear(wait);
    if (first === -1) {
      leg.cancel();
      void ended.then(() => ep.close());
      ctx.log.warn(
        { callId: this.opts.callId, trunk: trunk.name },
        'trunk did not respond to the INVITE',
      );
      return { ok: false, status: 408, reason: 'Request Timeout', trunkFailed: true };
    }
    if (first === 0 && leg.state === 'confirmed') {
      try {
        if (leg.answer) ep.setRemoteAnswer(leg.answer);
        ctx.log.info({ callId: this.opts.callId, target: this.number }, 'agency answered');
        return { ok: true, agency: { leg, ep, ended: ended.then(() => undefined) } };
      } catch (err) {
        ctx.log.warn({ err, callId: this.opts.callId }, 'agency answered unusable SDP');
        await leg.hangup();
        await ep.close();
        return { ok: false, status: 488, reason: REASONS[488]! };
      }
    }
    await ep.close();
    // Our CANCEL (timeout or cancel()) ends in 487; nothing at all is a 408.
    const status = leg.finalStatus > 0 ? leg.finalStatus : 408;
    const reason =
      leg.endReason === 'cancelled' && !this.cancelled
        ? 'Request Timeout'
        : (REASONS[status] ?? 'Failed');
    ctx.log.info({ callId: this.opts.callId, target: this.number, status }, 'agency not reached');
    const responded = leg.endReason !== 'timeout' && leg.endReason !== 'transport-error';
    return {
      ok: false,
      status: leg.endReason === 'cancelled' && !this.cancelled ? 408 : status,
      reason,
      trunkFailed: !this.cancelled && trunkFailed(status, responded),
    };
  }
}
