/**
 * RFC 4733 telephone-events: payload parsing and a detector that reports each key press once.
 *
 * An event is sent as several packets with the same RTP timestamp, growing duration, and
 * (usually three) end packets with the E bit. The detector reports a digit on its first end
 * packet; if the end packets were all lost it reports the digit when the next event starts
 * or when `flush` is called after a quiet period. Some senders (SIPp's shipped pcaps replayed
 * twice) reuse a timestamp for a new press; a start packet after an end, or another event
 * code, is taken as a new press.
 */

export const DTMF_EVENTS = '0123456789*#ABCD';

export interface DtmfPayload {
  event: number;
  end: boolean;
  volume: number;
  duration: number;
}

export function parseDtmf(buf: Uint8Array, offset: number, length: number): DtmfPayload | null {
  if (length < 4) return null;
  const flags = buf[offset + 1]!;
  return {
    event: buf[offset]!,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: (buf[offset + 2]! << 8) | buf[offset + 3]!,
  };
}

export function writeDtmf(buf: Uint8Array, offset: number, p: DtmfPayload): void {
  buf[offset] = p.event;
  buf[offset + 1] = (p.end ? 0x80 : 0) | (p.volume & 0x3f);
  buf[offset + 2] = (p.duration >> 8) & 0xff;
  buf[offset + 3] = p.duration & 0xff;
}

export class DtmfDetector {
  private timestamp = -1;
  private event = -1;
  private ended = true;
  private reported = true;
  /** When the last packet of the current event arrived (ms), for `flush`. */
  lastPacketAt = 0;

  /** Feeds one telephone-event packet; returns the digit to report, if any. */
  push(timestamp: number, p: DtmfPayload, nowMs: number): string | null {
    let out: string | null = null;
    const sameEvent =
      timestamp === this.timestamp && p.event === this.event && !(this.ended && !p.end);
    if (!sameEvent) {
      // A new press: report the previous one if its end packets never came.
      if (!this.reported) out = digit(this.event);
      this.timestamp = timestamp;
      this.event = p.event;
      this.ended = false;
      this.reported = false;
    }
    this.lastPacketAt = nowMs;
    if (p.end && !this.ended) {
      this.ended = true;
      if (!this.reported) {
        this.reported = true;
        // Two digits can come out of one packet only when a lost end meets a short press.
        const d = digit(p.event);
        if (out !== null && d !== null) return out + d;
        return d;
      }
    }
    return out;
  }

  /** Reports an event whose end packets were lost, once `quietMs` have passed without packets. */
  flush(nowMs: number, quietMs = 250): string | null {
    if (this.reported || nowMs - this.lastPacketAt < quietMs) return null;
    this.reported = true;
    this.ended = true;
    return digit(this.event);
  }
}

function digit(event: number): string | null {
  return event >= 0 && event < DTMF_EVENTS.length ? DTMF_EVENTS[event]! : null;
}
