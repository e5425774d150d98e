import { Masker } from '../../core/privacy/mask.ts';
import type { Call } from '../../contract/calls.ts';
import type { CallRecordRow } from '../../db/schema.ts';
import type { Actor } from '../../modules/auth/actor.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const seconds = (ms: number) => Math.round(ms / 100) / 10;
const maybeSeconds = (ms: number | null) => (ms === null ? null : seconds(ms));

/**
 * A call as it leaves the server. Roles that never need a citizen's identity see the caller
 * masked (R-PUB-2, as for tickets: a call is never confidential), and the digits they keyed
 * and the number a call went to through the same masker (an ID number typed in the IVR); the
 * recording is announced, never located (no file path leaves the server).
 */
export function presentCall(c: CallRecordRow, actor: Pick<Actor, 'role'>): Call {
  const m = Masker.for(
    actor.role,
    { confidential: false },
    {
      names: [c.caller_name],
      phones: [c.caller],
    },
  );
  const mask = m.masked;
  return {
    id: c.id,
    direction: c.direction,
    caller: m.phone(c.caller) ?? c.caller,
    callerName: c.caller_name === null ? null : m.name(c.caller_name),
    called: c.called,
    startedAt: c.started_at.toISOString(),
    answeredAt: iso(c.answered_at),
    endedAt: iso(c.ended_at),
    waitSeconds: seconds(c.wait_ms),
    talkSeconds: seconds(c.talk_ms),
    digits: m.digits(c.digits),
    ivrPath: c.ivr_path,
    queue: c.queue,
    queueWaitSeconds: maybeSeconds(c.queue_wait_ms),
    agentId: c.agent_id,
    transferTo: m.nullable(c.transfer_to),
    outcome: c.outcome,
    endReason: c.end_reason,
    recording: c.recording_file
      ? { seconds: maybeSeconds(c.recording_ms), channels: c.recording_channels ?? 1 }
      : null,
    codec: c.codec,
    media: c.media,
    ticketId: c.ticket_id,
    masked: mask,
  };
}
