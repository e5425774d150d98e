/**
 * The four transaction state machines of RFC 3261 §17, with the INVITE "Accepted" states of
 * RFC 6026 (2xx retransmissions and their ACKs belong to the TU, not to the transaction).
 *
 * Pure: each machine takes an event and returns what to do (send, start or stop a timer,
 * deliver to the TU, report a timeout). The transaction layer performs the actions; the unit
 * tests drive the machines with a fake clock.
 */

export type TimerName = 'A' | 'B' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M';

export interface TimerConfig {
  /** RTT estimate (500 ms). */
  t1: number;
  /** Longest retransmit interval for non-INVITE requests and INVITE responses (4 s). */
  t2: number;
  /** Longest time a message stays in the network (5 s). */
  t4: number;
}

export const DEFAULT_TIMERS: TimerConfig = { t1: 500, t2: 4000, t4: 5000 };

export type TxAction =
  /** Client: (re)send the request. Server: (re)send the last response. */
  | { do: 'send' }
  /** Client INVITE: send the ACK for a non-2xx final response (§17.1.1.3). */
  | { do: 'ack' }
  | { do: 'start'; timer: TimerName; ms: number }
  | { do: 'stop'; timer: TimerName }
  /** Pass the message just received to the TU. */
  | { do: 'deliver' }
  | { do: 'timeout' }
  | { do: 'transportError' }
  | { do: 'terminated' };

export type ClientEvent =
  | { on: 'start' }
  | { on: 'response'; status: number }
  | { on: 'timer'; timer: TimerName }
  | { on: 'transportError' };

export type ServerEvent =
  /** A retransmission of the request that created the transaction. */
  | { on: 'request' }
  /** The TU sends a response (the layer has stored it as the last response). */
  | { on: 'respond'; status: number }
  | { on: 'ack' }
  | { on: 'timer'; timer: TimerName }
  | { on: 'transportError' };

export type TxState =
  'calling' | 'trying' | 'proceeding' | 'completed' | 'confirmed' | 'accepted' | 'terminated';

abstract class Fsm<E> {
  state: TxState;
  protected readonly out: TxAction[] = [];
  constructor(
    initial: TxState,
    protected readonly timers: TimerConfig,
    /** UDP: retransmit and linger; TCP: neither (timers D, I, J, K are zero). */
    protected readonly reliable: boolean,
  ) {
    this.state = initial;
  }

  handle(event: E): TxAction[] {
    this.out.length = 0;
    if (this.state !== 'terminated') this.step(event);
    return this.out.slice();
  }

  protected abstract step(event: E): void;

  protected emit(a: TxAction): void {
    this.out.push(a);
  }
  protected start(timer: TimerName, ms: number): void {
    this.out.push({ do: 'start', timer, ms });
  }
  protected stop(...timers: TimerName[]): void {
    for (const timer of timers) this.out.push({ do: 'stop', timer });
  }
  protected terminate(): void {
    this.state = 'terminated';
    this.out.push({ do: 'terminated' });
  }
  /** Timers D, I, J, K: linger on UDP to absorb retransmissions; zero on a reliable transport. */
  protected linger(timer: TimerName, ms: number): void {
    if (this.reliable) this.terminate();
    else this.start(timer, ms);
  }
}

/** §17.1.1, RFC 6026 §7.2. */
export class InviteClientFsm extends Fsm<ClientEvent> {
  private a: number;
  constructor(timers: TimerConfig, reliable: boolean) {
    super('calling', timers, reliable);
    this.a = timers.t1;
  }

  protected step(e: ClientEvent): void {
    const t = this.timers;
    switch (e.on) {
      case 'start':
        this.emit({ do: 'send' });
        if (!this.reliable) this.start('A', this.a);
        this.start('B', 64 * t.t1);
        return;
      case 'timer':
        if (e.timer === 'A' && this.state === 'calling') {
          this.emit({ do: 'send' });
          this.a *= 2;
          this.start('A', this.a);
        } else if (e.timer === 'B' && this.state === 'calling') {
          this.stop('A');
          this.emit({ do: 'timeout' });
          this.terminate();
        } else if (e.timer === 'D' && this.state === 'completed') this.terminate();
        else if (e.timer === 'M' && this.state === 'accepted') this.terminate();
        return;
      case 'transportError':
        if (this.state === 'calling' || this.state === 'proceeding') {
          this.stop('A', 'B');
          this.emit({ do: 'transportError' });
          this.terminate();
        }
        return;
      case 'response': {
        const s = e.status;
        if (this.state === 'calling' || this.state === 'proceeding') {
          if (s < 200) {
            if (this.state === 'calling') this.stop('A', 'B');
            this.state = 'proceeding';
            this.emit({ do: 'deliver' });
          } else if (s < 300) {
            if (this.state === 'calling') this.stop('A', 'B');
            this.state = 'accepted';
            this.emit({ do: 'deliver' });
            this.start('M', 64 * t.t1);
          } else {
            if (this.state === 'calling') this.stop('A', 'B');
            this.state = 'completed';
            this.emit({ do: 'ack' });
            this.emit({ do: 'deliver' });
            this.linger('D', Math.max(32_000, 64 * t.t1));
          }
        } else if (this.state === 'completed' && s >= 300) {
          this.emit({ do: 'ack' }); // a retransmitted final response: ACK again, absorb
        } else if (this.state === 'accepted' && s >= 200 && s < 300) {
          this.emit({ do: 'deliver' }); // 2xx retransmissions go to the TU, which re-ACKs
        }
        return;
      }
    }
  }
}

/** §17.1.2. */
export class NonInviteClientFsm extends Fsm<ClientEvent> {
  private e: number;
  constructor(timers: TimerConfig, reliable: boolean) {
    super('trying', timers, reliable);
    this.e = timers.t1;
  }

  protected step(ev: ClientEvent): void {
    const t = this.timers;
    switch (ev.on) {
      case 'start':
        this.emit({ do: 'send' });
        if (!this.reliable) this.start('E', this.e);
        this.start('F', 64 * t.t1);
        return;
      case 'timer':
        if (ev.timer === 'E' && (this.state === 'trying' || this.state === 'proceeding')) {
          this.emit({ do: 'send' });
          this.e = this.state === 'trying' ? Math.min(2 * this.e, t.t2) : t.t2;
          this.start('E', this.e);
        } else if (ev.timer === 'F' && (this.state === 'trying' || this.state === 'proceeding')) {
          this.stop('E');
          this.emit({ do: 'timeout' });
          this.terminate();
        } else if (ev.timer === 'K' && this.state === 'completed') this.terminate();
        return;
      case 'transportError':
        if (this.state === 'trying' || this.state === 'proceeding') {
          this.stop('E', 'F');
          this.emit({ do: 'transportError' });
          this.terminate();
        }
        return;
      case 'response':
        if (this.state !== 'trying' && this.state !== 'proceeding') return; // absorbed
        if (ev.status < 200) {
          this.state = 'proceeding';
          this.emit({ do: 'deliver' });
        } else {
          this.stop('E', 'F');
          this.state = 'completed';
          this.emit({ do: 'deliver' });
          this.linger('K', t.t4);
        }
        return;
    }
  }
}

/** §17.2.1, RFC 6026 §7.1. */
export class InviteServerFsm extends Fsm<ServerEvent> {
  private g: number;
  constructor(timers: TimerConfig, reliable: boolean) {
    super('proceeding', timers, reliable);
    this.g = timers.t1;
  }

  protected step(e: ServerEvent): void {
    const t = this.timers;
    switch (e.on) {
      case 'request':
        // A retransmitted INVITE gets the last provisional (proceeding) or final (completed)
        // response again; in Accepted the TU retransmits the 2xx itself.
        if (this.state === 'proceeding' || this.state === 'completed') this.emit({ do: 'send' });
        return;
      case 'respond':
        if (this.state === 'proceeding') {
          this.emit({ do: 'send' });
          if (e.status < 200) return;
          if (e.status < 300) {
            this.state = 'accepted';
            this.start('L', 64 * t.t1);
          } else {
            this.state = 'completed';
            if (!this.reliable) this.start('G', this.g);
            this.start('H', 64 * t.t1);
          }
        } else if (this.state === 'accepted' && e.status >= 200 && e.status < 300) {
          this.emit({ do: 'send' });
        }
        return;
      case 'ack':
        if (this.state === 'completed') {
          this.stop('G', 'H');
          this.state = 'confirmed';
          this.linger('I', t.t4);
        } else if (this.state === 'accepted') {
          this.emit({ do: 'deliver' });
        }
        return;
      case 'timer':
        if (e.timer === 'G' && this.state === 'completed') {
          this.emit({ do: 'send' });
          this.g = Math.min(2 * this.g, t.t2);
          this.start('G', this.g);
        } else if (e.timer === 'H' && this.state === 'completed') {
          this.stop('G');
          this.emit({ do: 'timeout' });
          this.terminate();
        } else if (e.timer === 'I' && this.state === 'confirmed') this.terminate();
        else if (e.timer === 'L' && this.state === 'accepted') this.terminate();
        return;
      case 'transportError':
        if (this.state === 'proceeding' || this.state === 'completed') {
          this.stop('G', 'H');
          this.emit({ do: 'transportError' });
          this.terminate();
        }
        return;
    }
  }
}

/** §17.2.2. */
export class NonInviteServerFsm extends Fsm<ServerEvent> {
  constructor(timers: TimerConfig, reliable: boolean) {
    super('trying', timers, reliable);
  }

  protected step(e: ServerEvent): void {
    switch (e.on) {
      case 'request':
        if (this.state === 'proceeding' || this.state === 'completed') this.emit({ do: 'send' });
        return;
      case 'respond':
        if (this.state === 'completed') return;
        this.emit({ do: 'send' });
        if (e.status < 200) {
          this.state = 'proceeding';
        } else {
          this.state = 'completed';
          this.linger('J', 64 * this.timers.t1);
        }
        return;
      case 'timer':
        if (e.timer === 'J' && this.state === 'completed') this.terminate();
        return;
      case 'transportError':
        if (this.state !== 'completed') {
          this.emit({ do: 'transportError' });
          this.terminate();
        }
        return;
      case 'ack':
        return;
    }
  }
}
