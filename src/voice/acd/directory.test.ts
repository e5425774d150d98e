import { test } from 'node:test';
import assert from 'node:assert/strict';
import { targetOf } from './directory.ts';

test('a binding becomes a target: its source is the peer, its Contact the Request-URI', () => {
  const t = targetOf({
    contact: 'sip:a1b2@x.invalid;transport=ws',
    callId: 'c',
    cseq: 1,
    expiresAt: 0,
    source: 'ws:10.0.0.7:5555',
    userAgent: null,
  });
  assert.deepEqual(t, {
    peer: { protocol: 'ws', address: '10.0.0.7', port: 5555 },
    requestUri: 'sip:a1b2@x.invalid;transport=ws',
  });
});
