/**
 * SIP over WebSocket on its own port (SIP_WS_PORT) behind a TLS terminator (R-SEC-1): the
 * flow counts as `wss` only when a trusted proxy (TRUSTED_PROXIES) says X-Forwarded-Proto:
 * https; the same header from any other peer is ignored.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { createSipStack } from '../../src/voice/sip/stack.ts';
import { trustedProxyMatcher } from '../../src/config/trusted-proxies.ts';
import type { Peer } from '../../src/voice/sip/transport.ts';

/** The protocol the stack gives a WebSocket flow that sent X-Forwarded-Proto: https. */
async function flowProtocol(trusted: string[]): Promise<string> {
  let seen: Peer | undefined;
  const stack = await createSipStack({
    host: '127.0.0.1',
    port: 0,
    wsPort: 0,
    wsTrustsProxy: trustedProxyMatcher(trusted),
    onInvite: (call) => call.reject(486),
    trace: (direction, _bytes, peer) => {
      if (direction === 'in') seen = peer;
    },
  });
  try {
    const ws = new WebSocket(`ws://127.0.0.1:${stack.wsPort}`, ['sip'], {
      headers: { 'x-forwarded-proto': 'https' },
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const answered = new Promise((resolve) => ws.once('message', resolve));
    ws.send(
      'OPTIONS sip:127.0.0.1 SIP/2.0\r\n' +
        'Via: SIP/2.0/WS client.invalid;branch=z9hG4bKfwdproto1\r\n' +
        'Max-Forwards: 70\r\nTo: <sip:127.0.0.1>\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\n' +
        'Call-ID: fwd-proto-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n',
    );
    await answered;
    ws.close();
    assert.ok(seen, 'the stack received the request');
    return seen.protocol;
  } finally {
    await stack.close();
  }
}

test('R-SEC-1 SIP_WS_PORT: X-Forwarded-Proto from an untrusted peer does not make the flow wss', async () => {
  assert.equal(await flowProtocol([]), 'ws');
  assert.equal(await flowProtocol(['10.0.0.0/8']), 'ws');
});

test('R-SEC-1 SIP_WS_PORT: a trusted proxy saying https makes the flow wss', async () => {
  assert.equal(await flowProtocol(['loopback']), 'wss');
});
