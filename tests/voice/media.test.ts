/**
 * The built-in media engine against SIPp: the caller's speech (rtp_stream) is recorded to a
 * WAV file bit for bit, and the digits it presses (RFC 4733 packets from SIPp's pcaps) are
 * each reported once.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BuiltinMediaEngine } from '../../src/voice/media/builtin.ts';
import type { MediaEndpoint, MediaStats } from '../../src/voice/media/engine.ts';
import { WAV_HEADER_BYTES } from '../../src/voice/media/wav.ts';
import { createSipStack, type SipStack } from '../../src/voice/sip/stack.ts';
import { freeUdpPort, scenarioWith, sipp, speech, tempDir } from './helpers/peers.ts';

let stack: SipStack;
let engine: BuiltinMediaEngine;
const dir = tempDir('media');
const results: {
  digits: string;
  recording: string;
  stats: MediaStats | null;
  done: Promise<void>;
}[] = [];

before(async () => {
  const base = await freeUdpPort(true);
  engine = new BuiltinMediaEngine({ bindHost: '127.0.0.1', portMin: base, portMax: base + 20 });
  stack = await createSipStack({
    host: '127.0.0.1',
    port: 0,
    onInvite(call) {
      const result = {
        digits: '',
        recording: path.join(dir, `${results.length}.wav`),
        stats: null as MediaStats | null,
        done: Promise.resolve(),
      };
      results.push(result);
      let ep: MediaEndpoint | null = null;
      let finished!: () => void;
      result.done = new Promise((r) => (finished = r));
      call.onConfirmed = () => ep?.startRecording(result.recording);
      call.onEnded = () =>
        void ep?.close().then((s) => {
          result.stats = s;
          finished();
        });
      void engine.open({ callId: call.callId, offer: call.offer }).then((e) => {
        ep = e;
        e.onDtmf = (d) => (result.digits += d);
        call.answer(e.localSdp);
      });
    },
  });
});

after(async () => {
  await stack.close();
  await engine.stop();
});

test('caller audio is recorded bit-exact to a streamed WAV; digits 1022# received once each', async () => {
  const audio = speech('Tôi muốn hỏi về thủ tục đăng ký khai sinh cho con', 'ul', dir);
  const scenario = scenarioWith('caller-audio-dtmf.xml', {
    audio: path.join(dir, 'speech.ul'),
    audio_ms: Math.ceil(audio.length / 8) + 300,
  });
  const run = sipp(`127.0.0.1:${stack.port}`, { file: scenario }, ['-t', 'u1']);
  const r = await run.result;
  assert.equal(
    r.code,
    0,
    `sipp exited ${r.code}\n${r.stderr}\n${r.errors}\n${r.messages.slice(-3000)}`,
  );
  assert.equal(results.length, 1);
  const res = results[0]!;
  await res.done;
  assert.equal(res.digits, '1022#');
  const wav = readFileSync(res.recording);
  const recorded = wav.subarray(WAV_HEADER_BYTES);
  assert.equal(wav.toString('latin1', 0, 4), 'RIFF');
  assert.equal(wav.readUInt16LE(20), 7); // WAVE_FORMAT_MULAW
  assert.equal(
    recorded.length,
    audio.length,
    `recorded ${recorded.length} bytes, sent ${audio.length}`,
  );
  assert.ok(recorded.equals(audio), 'the recording differs from what the caller sent');
  assert.equal(res.stats!.codec, 'PCMU');
  assert.equal(res.stats!.packetsLost, 0);
  assert.equal(res.stats!.dtmf, '1022#');
  // We sent audio (silence) for the whole call, paced at 20 ms.
  assert.ok(res.stats!.packetsSent > audio.length / 160, String(res.stats!.packetsSent));
  assert.equal(engine.activeEndpoints, 0);
  assert.equal(engine.pool.used, 0);
});
