/**
 * The IVR's transfer node (an agency's number in the flow): ringback, then the caller bridged
 * to the agency through the trunk until either hangs up. Not reached (busy, no answer, no
 * trunk): the caller is told so and the call ends.
 */
import type { TransferEvent } from '../acd/queued-call.ts';
import type { QueueSounds } from '../acd/sounds.ts';
import type { MediaEndpoint } from '../media/engine.ts';
import type { EndReason, IncomingCall } from '../sip/ua.ts';
import { normalizeNumber } from '../trunk/dialing.ts';
import type { Trunks } from '../trunk/directory.ts';
import { AgencyDial, type AgencyDialContext, type AgencyLeg } from './agency.ts';

export interface IvrTransferContext {
  trunks: Trunks;
  sounds(): Promise<QueueSounds>;
  /** What the agency's leg is dialled with (read once the trunks are known). */
  dial(): AgencyDialContext;
  /** How long the agency's phone may ring (ms). */
  ringMs?: number;
  /** Agency legs bridged to a caller now: a stopping node hangs them up. */
  bridged: Set<AgencyLeg>;
  onTransfer?(e: TransferEvent): void;
  now(): Date;
}

/** Puts the caller through to `target`; true when they were. */
export async function ivrTransfer(
  ctx: IvrTransferContext,
  call: IncomingCall,
  ep: MediaEndpoint,
  o: {
    callRecordId: string;
    target: string;
    caller: { number: string; name: string | null };
    /** Resolves when the caller hangs up. */
    ended: Promise<EndReason>;
  },
): Promise<boolean> {
  const { ended } = o;
  const startedAt = ctx.now();
  const number = normalizeNumber(o.target);
  const sounds = await ctx.sounds();
  const trunks = await ctx.trunks.outbound().catch(() => []);
  const event = (state: TransferEvent['state'], sipStatus: number | null) =>
    ctx.onTransfer?.({
      target: number ?? o.target,
      mode: 'blind',
      via: 'ivr',
      byUserId: null,
      callRecordId: o.callRecordId,
      operatorId: null,
      state,
      sipStatus,
      startedAt,
      at: ctx.now(),
    });
  let gone = call.state === 'ended';
  void ended.then(() => (gone = true));
  if (!number || trunks.length === 0 || gone) {
    if (!gone) {
      await ep.play(sounds.transferFailed);
      void call.hangup();
    }
    event('failed', null);
    return false;
  }
  const dial = new AgencyDial(ctx.dial(), trunks, number, {
    callId: call.callId,
    callRecordId: o.callRecordId,
    caller: o.caller,
    ringMs: ctx.ringMs,
  });
  event('dialing', null);
  void ended.then(() => dial.cancel());
  let ringing = true;
  const tones = (async () => {
    await ep.play(sounds.transferring);
    while (ringing && !gone) await ep.play(sounds.ringback);
  })();
  const r = await dial.run();
  ringing = false;
  ep.stopPlayback();
  await tones;
  if (!r.ok || gone) {
    if (r.ok) {
      await r.agency.leg.hangup();
      await r.agency.ep.close();
    }
    event(gone ? 'cancelled' : 'failed', r.ok ? 200 : r.status);
    if (!gone) {
      await ep.play(sounds.transferFailed);
      void call.hangup();
    }
    return false;
  }
  const a = r.agency;
  ctx.bridged.add(a);
  ep.bridge(a.ep);
  event('completed', 200);
  const who = await Promise.race([
    a.ended.then(() => 'agency' as const),
    ended.then(() => 'caller' as const),
  ]);
  if (who === 'caller') await a.leg.hangup();
  else void call.hangup();
  ep.unbridge();
  await a.ep.close();
  ctx.bridged.delete(a);
  return true;
}
