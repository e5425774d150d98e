import { test } from 'node:test';
import assert from 'node:assert/strict';
import { offerProblem, offerWarning } from './webrtc.ts';

const sdp = (...m: string[]) =>
  ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', ...m, ''].join('\r\n');

const CHROME = sdp(
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 126',
  'a=ice-ufrag:Yx3k',
  'a=fingerprint:sha-256 D2:FA',
  'a=setup:actpass',
  'a=rtpmap:111 opus/48000/2',
);

test('offerProblem: WebRTC, SDES-SRTP, codecs, garbage', () => {
  assert.equal(offerProblem(CHROME), 'webrtc');
  // Firefox's profile name, and DTLS attributes on a plain SAVPF line.
  assert.equal(offerProblem(sdp('m=audio 9 UDP/TLS/RTP/SAVP 0')), 'webrtc');
  assert.equal(offerProblem(sdp('m=audio 5004 RTP/SAVPF 0', 'a=fingerprint:sha-256 AA')), 'webrtc');
  assert.equal(
    offerProblem(sdp('m=audio 5004 RTP/SAVP 0', 'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x')),
    'srtp',
  );
  assert.equal(offerProblem(sdp('m=audio 5004 RTP/AVP 9', 'a=rtpmap:9 G722/8000')), 'codec');
  // A plain RTP/AVP line beside a WebRTC one: the codec is the problem, not the transport.
  assert.equal(
    offerProblem(sdp('m=audio 5004 RTP/AVP 18', 'm=audio 9 UDP/TLS/RTP/SAVPF 0')),
    'codec',
  );
  assert.equal(offerProblem(sdp('m=video 5006 RTP/AVP 96')), 'codec');
  assert.equal(offerProblem(null), 'codec');
  assert.equal(offerProblem('garbage'), 'malformed');
});

test('offerWarning: RFC 3261 §20.43 warn-code, agent and quoted text', () => {
  const w = offerWarning(CHROME, 'sip.hotline.vn');
  assert.match(
    w,
    /^302 sip\.hotline\.vn "WebRTC media \(ICE, DTLS-SRTP\) is not supported[^"]*rtpengine"$/,
  );
  assert.match(offerWarning(sdp('m=audio 5004 RTP/AVP 9'), 'h'), /^305 h "/);
  assert.match(offerWarning('x', 'h'), /^399 h "/);
});
