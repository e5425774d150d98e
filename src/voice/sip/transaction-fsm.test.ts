import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeTimers, type TimerHandle } from './timers.ts';
import {
  DEFAULT_TIMERS,
  InviteClientFsm,
  InviteServerFsm,
  NonInviteClientFsm,
  NonInviteServerFsm,
  type ClientEvent,
  type ServerEvent,
  type TimerName,
  type TxAction,
} from './transaction-fsm.ts';

/** Runs a machine on a fake clock and records when each outward action happened. */
class Harness<E> {
  clock = new FakeTimers();
  log: string[] = [];
  private handles = new Map<TimerName, TimerHandle>();
  constructor(private readonly fsm: { handle(e: E): TxAction[]; state: string }) {}

  get state(): string {
    return this.fsm.state;
  }

  fire(e: E): void {
    for (const a of this.fsm.handle(e)) {
      switch (a.do) {
        case 'start': {
          const old = this.handles.get(a.timer);
          if (old) this.clock.clear(old);
          const timer = a.timer;
          this.handles.set(
            timer,
            this.clock.set(a.ms, () => {
              this.handles.delete(timer);
              this.fire({ on: 'timer', timer } as E);
            }),
          );
          break;
        }
        case 'stop': {
          const h = this.handles.get(a.timer);
          if (h) this.clock.clear(h);
          this.handles.delete(a.timer);
          break;
        }
        default:
          this.log.push(`${this.clock.now()}:${a.do}`);
      }
    }
  }

  /** Timers still armed (a terminated machine must leave none). */
  get armed(): TimerName[] {
    return [...this.handles.keys()];
  }
}

const T1 = DEFAULT_TIMERS.t1;

test('INVITE client over UDP: timer A doubles, timer B gives up after 64*T1', () => {
  const h = new Harness<ClientEvent>(new InviteClientFsm(DEFAULT_TIMERS, false));
  h.fire({ on: 'start' });
  h.clock.advance(64 * T1);
  assert.deepEqual(h.log, [
    '0:send',
    '500:send',
    '1500:send',
    '3500:send',
    '7500:send',
    '15500:send',
    '31500:send',
    '32000:timeout',
    '32000:terminated',
  ]);
  assert.equal(h.state, 'terminated');
  assert.deepEqual(h.armed, []);
});

test('INVITE client: 1xx stops retransmissions; non-2xx is ACKed, absorbed, timer D ends it', () => {
  const h = new Harness<ClientEvent>(new InviteClientFsm(DEFAULT_TIMERS, false));
  h.fire({ on: 'start' });
  h.clock.advance(600);
  h.fire({ on: 'response', status: 180 });
  h.clock.advance(60_000); // no retransmission, no timeout while proceeding
  assert.equal(h.state, 'proceeding');
  h.fire({ on: 'response', status: 486 });
  assert.equal(h.state, 'completed');
  h.fire({ on: 'response', status: 486 }); // retransmitted final response
  h.clock.advance(32_000);
  assert.deepEqual(h.log, [
    '0:send',
    '500:send',
    '600:deliver',
    '60600:ack',
    '60600:deliver',
    '60600:ack',
    '92600:terminated',
  ]);
  assert.deepEqual(h.armed, []);
});

test('INVITE client: 2xx → Accepted, further 2xx delivered to the TU, timer M ends it', () => {
  const h = new Harness<ClientEvent>(new InviteClientFsm(DEFAULT_TIMERS, false));
  h.fire({ on: 'start' });
  h.fire({ on: 'response', status: 200 });
  assert.equal(h.state, 'accepted');
  h.clock.advance(1000);
  h.fire({ on: 'response', status: 200 });
  h.fire({ on: 'response', status: 486 }); // not a 2xx: ignored in Accepted
  h.clock.advance(64 * T1);
  assert.deepEqual(h.log, ['0:send', '0:deliver', '1000:deliver', '32000:terminated']);
});

test('INVITE client over TCP: no retransmission, no timer D', () => {
  const h = new Harness<ClientEvent>(new InviteClientFsm(DEFAULT_TIMERS, true));
  h.fire({ on: 'start' });
  h.clock.advance(5000);
  h.fire({ on: 'response', status: 503 });
  assert.deepEqual(h.log, ['0:send', '5000:ack', '5000:deliver', '5000:terminated']);
  assert.deepEqual(h.armed, []);
});

test('INVITE client: transport error terminates and tells the TU', () => {
  const h = new Harness<ClientEvent>(new InviteClientFsm(DEFAULT_TIMERS, false));
  h.fire({ on: 'start' });
  h.fire({ on: 'transportError' });
  assert.deepEqual(h.log, ['0:send', '0:transportError', '0:terminated']);
  assert.deepEqual(h.armed, []);
});

test('non-INVITE client over UDP: timer E doubles up to T2, timer F at 64*T1', () => {
  const h = new Harness<ClientEvent>(new NonInviteClientFsm(DEFAULT_TIMERS, false));
  h.fire({ on: 'start' });
  h.clock.advance(64 * T1);
  assert.deepEqual(h.log, [
    '0:send',
    '500:send',
    '1500:send',
    '3500:send',
    '7500:send',
    '11500:send',
    '15500:send',
    '19500:send',
    '23500:send',
    '27500:send',
    '31500:send',
    '32000:timeout',
    '32000:terminated',
  ]);
  assert.deepEqual(h.armed, []);
});

test('non-INVITE client: Proceeding retransmits every T2; final → Completed, timer K = T4', () => {
  const h = new Harness<ClientEvent>(new NonInviteClientFsm(DEFAULT_TIMERS, false));
  h.fire({ on: 'start' });
  h.fire({ on: 'response', status: 100 });
  h.clock.advance(9000);
  h.fire({ on: 'response', status: 200 });
  h.fire({ on: 'response', status: 200 }); // absorbed
  h.clock.advance(5000);
  assert.deepEqual(h.log, [
    '0:send',
    '0:deliver',
    '500:send', // timer E set while Trying fires once more, then every T2
    '4500:send',
    '8500:send',
    '9000:deliver',
    '14000:terminated',
  ]);
  assert.deepEqual(h.armed, []);
});

test('non-INVITE client over TCP: completes at once on a final response', () => {
  const h = new Harness<ClientEvent>(new NonInviteClientFsm(DEFAULT_TIMERS, true));
  h.fire({ on: 'start' });
  h.fire({ on: 'response', status: 404 });
  assert.deepEqual(h.log, ['0:send', '0:deliver', '0:terminated']);
  assert.deepEqual(h.armed, []);
});

test('INVITE server: retransmitted INVITE gets the last provisional again', () => {
  const h = new Harness<ServerEvent>(new InviteServerFsm(DEFAULT_TIMERS, false));
  h.fire({ on: 'respond', status: 100 });
  h.fire({ on: 'request' });
  h.fire({ on: 'respond', status: 180 });
  h.fire({ on: 'request' });
  assert.deepEqual(h.log, ['0:send', '0:send', '0:send', '0:send']);
  assert.equal(h.state, 'proceeding');
});

test('INVITE server non-2xx over UDP: timer G doubles to T2, timer H gives up without ACK', () => {
  const h = new Harness<ServerEvent>(new InviteServerFsm(DEFAULT_TIMERS, false));
  h.fire({ on: 'respond', status: 486 });
  h.clock.advance(64 * T1);
  assert.deepEqual(h.log, [
    '0:send',
    '500:send',
    '1500:send',
    '3500:send',
    '7500:send',
    '11500:send',
    '15500:send',
    '19500:send',
    '23500:send',
    '27500:send',
    '31500:send',
    '32000:timeout',
    '32000:terminated',
  ]);
  assert.deepEqual(h.armed, []);
});

test('INVITE server non-2xx: ACK → Confirmed, ACKs absorbed, timer I = T4', () => {
  const h = new Harness<ServerEvent>(new InviteServerFsm(DEFAULT_TIMERS, false));
  h.fire({ on: 'respond', status: 487 });
  h.clock.advance(700);
  h.fire({ on: 'request' }); // INVITE retransmission in Completed: resend the 487
  h.fire({ on: 'ack' });
  assert.equal(h.state, 'confirmed');
  h.fire({ on: 'ack' });
  h.fire({ on: 'request' });
  h.clock.advance(5000);
  assert.deepEqual(h.log, ['0:send', '500:send', '700:send', '5700:terminated']);
  assert.deepEqual(h.armed, []);
});

test('INVITE server 2xx: Accepted absorbs INVITE retransmissions, passes ACK, timer L', () => {
  const h = new Harness<ServerEvent>(new InviteServerFsm(DEFAULT_TIMERS, false));
  h.fire({ on: 'respond', status: 200 });
  h.fire({ on: 'request' });
  h.fire({ on: 'respond', status: 200 }); // the TU's own 2xx retransmission
  h.fire({ on: 'ack' });
  h.clock.advance(64 * T1);
  assert.deepEqual(h.log, ['0:send', '0:send', '0:deliver', '32000:terminated']);
});

test('INVITE server over TCP: no timer G, ACK ends it at once', () => {
  const h = new Harness<ServerEvent>(new InviteServerFsm(DEFAULT_TIMERS, true));
  h.fire({ on: 'respond', status: 603 });
  h.clock.advance(10_000);
  h.fire({ on: 'ack' });
  assert.deepEqual(h.log, ['0:send', '10000:terminated']);
  assert.deepEqual(h.armed, []);
});

test('non-INVITE server: Trying absorbs, Proceeding and Completed resend, timer J', () => {
  const h = new Harness<ServerEvent>(new NonInviteServerFsm(DEFAULT_TIMERS, false));
  h.fire({ on: 'request' }); // Trying: nothing to resend yet
  h.fire({ on: 'respond', status: 100 });
  h.fire({ on: 'request' });
  h.fire({ on: 'respond', status: 200 });
  h.fire({ on: 'request' });
  h.fire({ on: 'respond', status: 500 }); // a second final response is not sent
  h.clock.advance(64 * T1);
  assert.deepEqual(h.log, ['0:send', '0:send', '0:send', '0:send', '32000:terminated']);
  const tcp = new Harness<ServerEvent>(new NonInviteServerFsm(DEFAULT_TIMERS, true));
  tcp.fire({ on: 'respond', status: 200 });
  assert.deepEqual(tcp.log, ['0:send', '0:terminated']);
});

test('a terminated machine ignores everything', () => {
  const fsm = new NonInviteServerFsm(DEFAULT_TIMERS, true);
  fsm.handle({ on: 'respond', status: 200 });
  assert.equal(fsm.state, 'terminated');
  assert.deepEqual(fsm.handle({ on: 'request' }), []);
  assert.deepEqual(fsm.handle({ on: 'respond', status: 200 }), []);
});
