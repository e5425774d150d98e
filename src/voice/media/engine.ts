/**
 * The media engine seen by call control: it terminates the media of a call leg (answers or
 * makes the SDP), plays prompts, records what the caller says, reports DTMF.
 *
 * The contract is shaped so that rtpengine's ng protocol can stand behind it: `open` maps to
 * `offer`/`answer` with the call-id and tag (or `publish` for a terminated leg), `play` to
 * `play media` with a file, `startRecording` to `start recording`, DTMF to the events on
 * `dtmf-log-dest`, `close` to `delete`. Prompts are therefore files (WAV), not buffers. The
 * built-in engine (`builtin.ts`) implements it in TypeScript.
 */
import type { G711 } from './sdp.ts';

/** A prompt rendered once per law (8 kHz mono WAV: A-law and μ-law, or 16-bit PCM). */
export interface Prompt {
  id: string;
  files: Record<G711, string>;
}

export interface EndpointOptions {
  /** For logs and, with rtpengine, the call-id of the ng commands. */
  callId: string;
  /** The remote SDP offer; null when we make the offer (late offer, outbound call). */
  offer: string | null;
  codecs?: readonly G711[];
}

export interface RecordingInfo {
  path: string;
  bytes: number;
  seconds: number;
  codec: G711;
  channels: 1 | 2;
}

export interface MediaStats {
  codec: G711 | null;
  packetsSent: number;
  packetsReceived: number;
  /** Audio packets expected but not received (all SSRCs of the call). */
  packetsLost: number;
  /** Interarrival jitter of the caller's audio, ms (RFC 3550 A.8). */
  jitterMs: number;
  dtmf: string;
  rtcpReceived: number;
}

export type PlayResult = 'done' | 'stopped';

export interface MediaEndpoint {
  /** Our SDP: the answer to the offer, or our offer. */
  readonly localSdp: string;
  readonly codec: G711 | null;
  /** Applies the remote answer to the offer we made (`offer: null`). */
  setRemoteAnswer(sdp: string): void;
  /** A new offer inside the call (re-INVITE, UPDATE): the answer, or null to refuse (488). */
  renegotiate(offer: string): string | null;
  /** Plays a prompt; resolves when its last frame went out, or when stopped/replaced. */
  play(prompt: Prompt): Promise<PlayResult>;
  stopPlayback(): void;
  /**
   * Records to a WAV file, streamed as it arrives: the peer's audio (mono), or with
   * `channels: 2` the peer's audio on the left and what this leg sends it (prompts, hold
   * music, the bridged party) on the right, both on the peer's RTP timeline.
   */
  startRecording(path: string, opts?: { channels?: 1 | 2 }): void;
  /**
   * Joins two legs (B2BUA): each one's audio is sent on to the other as it arrives,
   * re-stamped with the other leg's SSRC, sequence and timestamps, transcoded between A-law
   * and μ-law when the legs differ. Playback on either leg stops.
   */
  bridge(other: MediaEndpoint): void;
  unbridge(): void;
  stopRecording(): Promise<RecordingInfo | null>;
  /** Each key press, once (RFC 4733; SIP INFO is reported by call control). */
  onDtmf: ((digit: string) => void) | null;
  stats(): MediaStats;
  /** Stops everything, releases the ports; the recording (if any) is finished first. */
  close(): Promise<MediaStats>;
}

export interface MediaEngine {
  /** Throws `NoCommonCodecError` when the offer has nothing we can use (the INVITE gets 488). */
  open(opts: EndpointOptions): Promise<MediaEndpoint>;
  readonly activeEndpoints: number;
  stop(): Promise<void>;
}

export class NoCommonCodecError extends Error {
  override readonly name = 'NoCommonCodecError';
}

export class NoPortError extends Error {
  override readonly name = 'NoPortError';
}
