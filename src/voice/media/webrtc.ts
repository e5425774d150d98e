/**
 * Why an SDP offer is refused with 488 (the Warning header of RFC 3261 §20.43). Browsers offer
 * WebRTC media only (ICE + DTLS-SRTP, `UDP/TLS/RTP/SAVPF`), which the built-in engine does not
 * speak: the warning says so, and what to offer instead. rtpengine, which the `MediaEngine`
 * contract is shaped after, bridges WebRTC to plain RTP; that is the production path for
 * browsers' media (see src/voice/README.md "SIP over WebSocket").
 */
import { parseSdp, SdpError } from './sdp.ts';

export type OfferProblem = 'webrtc' | 'srtp' | 'codec' | 'malformed';

/** What is wrong with an offer the engine could not accept. */
export function offerProblem(offer: string | null): OfferProblem {
  if (offer === null) return 'codec';
  let sdp;
  try {
    sdp = parseSdp(offer);
  } catch (err) {
    if (err instanceof SdpError) return 'malformed';
    throw err;
  }
  const audio = sdp.media.filter((m) => m.type === 'audio' && m.port !== 0);
  if (audio.some((m) => m.proto === 'RTP/AVP')) return 'codec';
  // UDP/TLS/RTP/SAVPF (RFC 5764), or DTLS/ICE attributes on any SRTP profile.
  const webrtc = audio.some(
    (m) =>
      /(^|\/)(TLS|DTLS)\//.test(m.proto) ||
      m.attributes.some(([name]) => name === 'fingerprint' || name === 'ice-ufrag'),
  );
  if (webrtc) return 'webrtc';
  if (audio.some((m) => /SAVP/.test(m.proto))) return 'srtp';
  return 'codec';
}

const TEXT: Record<OfferProblem, [code: number, text: string]> = {
  webrtc: [
    302,
    'WebRTC media (ICE, DTLS-SRTP) is not supported by this media engine; offer RTP/AVP with PCMA or PCMU, or route browsers through rtpengine',
  ],
  srtp: [302, 'SRTP is not supported by this media engine; offer RTP/AVP with PCMA or PCMU'],
  codec: [305, 'no usable audio: offer RTP/AVP with PCMA or PCMU at 8000 Hz'],
  malformed: [399, 'the SDP offer could not be read'],
};

/** The Warning header value for a 488 to `offer`; `agent` is our host (RFC 3261 §20.43). */
export function offerWarning(offer: string | null, agent: string): string {
  const [code, text] = TEXT[offerProblem(offer)];
  return `${code} ${agent} "${text}"`;
}
