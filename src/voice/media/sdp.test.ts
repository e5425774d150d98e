import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildAnswer,
  buildOffer,
  isHold,
  negotiateAudio,
  parseSdp,
  rtpMaps,
  SdpError,
} from './sdp.ts';

const local = { address: '10.1.2.3', port: 30000, sessionId: '42', version: 1 };

test('SIPp-style PCMU offer: PCMU agreed, no DTMF payload', () => {
  const offer = parseSdp(
    'v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n',
  );
  const a = negotiateAudio(offer)!;
  assert.deepEqual(a, {
    index: 0,
    codec: 'PCMU',
    payloadType: 0,
    dtmfPayloadType: null,
    remoteAddress: '127.0.0.1',
    remotePort: 6000,
    direction: 'sendrecv',
    ptime: 20,
  });
  const answer = buildAnswer(offer, a, local);
  assert.equal(
    answer,
    'v=0\r\no=open1022 42 1 IN IP4 10.1.2.3\r\ns=open1022\r\nc=IN IP4 10.1.2.3\r\nt=0 0\r\nm=audio 30000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n',
  );
});

test("the offerer's order decides; telephone-event/8000 is chosen over /48000", () => {
  const offer = parseSdp(
    [
      'v=0',
      'o=- 1 1 IN IP4 192.0.2.1',
      's=-',
      't=0 0',
      'm=audio 5004 RTP/AVP 111 8 0 110 101',
      'c=IN IP4 192.0.2.9',
      'a=rtpmap:111 opus/48000/2',
      'a=rtpmap:110 telephone-event/48000',
      'a=rtpmap:101 telephone-event/8000',
      'a=ptime:30',
      'a=sendonly',
      '',
    ].join('\n'),
  );
  const a = negotiateAudio(offer)!;
  assert.equal(a.codec, 'PCMA');
  assert.equal(a.payloadType, 8);
  assert.equal(a.dtmfPayloadType, 101);
  assert.equal(a.remoteAddress, '192.0.2.9'); // media-level c= wins
  assert.equal(a.direction, 'recvonly');
  assert.equal(a.ptime, 30);
  assert.equal(negotiateAudio(offer, ['PCMU'])!.codec, 'PCMU');
  assert.deepEqual(rtpMaps(offer.media[0]!).get(111), {
    encoding: 'OPUS',
    clockRate: 48000,
    channels: 2,
  });
});

test('other streams are refused with port 0 in the answer, in their place', () => {
  const offer = parseSdp(
    'v=0\r\no=- 1 1 IN IP4 192.0.2.3\r\ns=-\r\nc=IN IP4 192.0.2.4\r\nt=0 0\r\nm=video 3227 RTP/AVP 31\r\nm=audio 49217 RTP/AVP 0 12\r\n',
  );
  const a = negotiateAudio(offer)!;
  assert.equal(a.index, 1);
  const lines = buildAnswer(offer, a, local).split('\r\n');
  assert.ok(lines.indexOf('m=video 0 RTP/AVP 31') < lines.indexOf('m=audio 30000 RTP/AVP 0'));
});

test('nothing to agree on: only Opus, SRTP, disabled stream, no address', () => {
  const sdp = (m: string, c = 'c=IN IP4 192.0.2.4\r\n') =>
    parseSdp(`v=0\r\no=- 1 1 IN IP4 192.0.2.3\r\ns=-\r\n${c}t=0 0\r\n${m}\r\n`);
  assert.equal(negotiateAudio(sdp('m=audio 5000 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2')), null);
  assert.equal(negotiateAudio(sdp('m=audio 5000 RTP/SAVP 0')), null);
  assert.equal(negotiateAudio(sdp('m=audio 0 RTP/AVP 0')), null);
  assert.equal(negotiateAudio(sdp('m=audio 5000 RTP/AVP 0', '')), null);
});

test('malformed SDP is an SdpError', () => {
  for (const bad of [
    '',
    'v=1\r\n',
    'v=0\r\nm=audio x RTP/AVP 0\r\n',
    'v=0\r\nc=IN IP4\r\n',
    'v=0\r\ngarbage\r\n',
    'v=0\r\nm=audio 70000 RTP/AVP 0\r\n',
  ])
    assert.throws(() => parseSdp(bad), SdpError, JSON.stringify(bad));
});

test('our offer lists A-law first, then μ-law, then telephone-event', () => {
  const offer = buildOffer(local);
  assert.match(offer, /\r\nm=audio 30000 RTP\/AVP 8 0 101\r\n/);
  const back = negotiateAudio(parseSdp(offer))!;
  assert.equal(back.codec, 'PCMA');
  assert.equal(back.dtmfPayloadType, 101);
});

test('hold offers: sendonly or inactive on the stream or the session, or c=0.0.0.0', () => {
  const sdp = (session: string, media: string, c = '127.0.0.1') =>
    parseSdp(
      `v=0\r\no=phone 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 ${c}\r\nt=0 0\r\n${session}m=audio 6000 RTP/AVP 0\r\n${media}`,
    );
  assert.equal(isHold(sdp('', '')), false);
  assert.equal(isHold(sdp('', 'a=sendrecv\r\n')), false);
  assert.equal(isHold(sdp('', 'a=recvonly\r\n')), false);
  assert.equal(isHold(sdp('', 'a=sendonly\r\n')), true);
  assert.equal(isHold(sdp('', 'a=inactive\r\n')), true);
  assert.equal(isHold(sdp('a=sendonly\r\n', '')), true, 'session-level direction');
  assert.equal(isHold(sdp('a=sendonly\r\n', 'a=sendrecv\r\n')), false, 'the stream overrides');
  assert.equal(isHold(sdp('', '', '0.0.0.0')), true, 'RFC 2543 hold');
  // The answer to a session-level sendonly offer is recvonly.
  const offer = sdp('a=sendonly\r\n', '');
  assert.equal(negotiateAudio(offer)!.direction, 'recvonly');
  // A stream switched off (port 0) is not a hold.
  assert.equal(
    isHold(
      parseSdp(
        'v=0\r\no=p 1 2 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 0 RTP/AVP 0\r\na=inactive\r\n',
      ),
    ),
    false,
  );
});
