/**
 * The web server's `/sip` endpoint: which subprotocol its upgrades choose, and the hub that
 * hands WebSockets to telephony once it runs (the protocol itself: sip/websocket.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SipWebSocketHub, webSocketProtocols } from './ws-endpoint.ts';

test('the subprotocol chosen: sip on /sip wherever it is listed; ws default elsewhere', () => {
  assert.equal(webSocketProtocols(new Set(['other', 'sip']), '/sip'), 'sip');
  assert.equal(webSocketProtocols(new Set(['other', 'sip']), '/sip?x=1'), 'sip');
  assert.equal(webSocketProtocols(new Set(['other']), '/sip'), false);
  assert.equal(webSocketProtocols(new Set(['a', 'b']), '/api/v1/ws'), 'a');
  assert.equal(webSocketProtocols(new Set(), '/chat/ws'), false);
  assert.equal(webSocketProtocols(new Set(['sip']), '/sipx'), 'sip', 'not the SIP route');
});

test('the /sip hub: closed with 1013 until telephony attaches, handed over after, detached on stop', () => {
  const hub = new SipWebSocketHub(['https://softphone.example']);
  const closed: [number, string][] = [];
  const ws = { close: (code: number, reason: string) => closed.push([code, reason]) };
  const from = { address: '127.0.0.1', port: 1, secure: true };
  assert.equal(hub.ready, false);
  // A stand-in for ws's WebSocket: only `close` is used before telephony attaches.
  hub.accept(ws as unknown as Parameters<SipWebSocketHub['accept']>[0], from);
  assert.deepEqual(closed, [[1013, 'telephony not running']]);
  const got: unknown[] = [];
  const detach = hub.attach((w, f) => got.push([w, f]));
  assert.equal(hub.ready, true);
  hub.accept(ws as unknown as Parameters<SipWebSocketHub['accept']>[0], from);
  assert.deepEqual(got, [[ws, from]]);
  detach();
  assert.equal(hub.ready, false);
  assert.deepEqual(hub.allowedOrigins, ['https://softphone.example']);
});
