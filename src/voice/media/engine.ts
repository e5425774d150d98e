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
  /** Records the caller's audio to a WAV file, streamed as it arrives. */
  startRecording(path: string): void;
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
