import type { Logger } from 'pino';
import type { DB } from '../db/database.ts';
import { EVENTS_CHANNEL, OUTBOX_CHANNEL, envelopeText } from './events.ts';
import { notifyRepository } from './notify.repository.ts';
import type { Room, ServerEvents } from '../contract/events.ts';

/**
 * Publishes live events after the change they describe has committed, many per statement.
 *
 * Why not NOTIFY inside every intake statement: PostgreSQL serialises the commits of all
 * notifying transactions on one lock, held across the WAL flush, so one NOTIFY per ticket
 * capped intake at a third of what the same statement does without it (pgbench: 1 340 vs
 * 430 tps). Here each node coalesces the events of one event-loop turn — and of however long
 * the previous flush took — into a single `pg_notify` statement, so the lock is taken once
 * per batch, not once per ticket.
 *
 * The price: an event is sent only after its change committed (never for a rollback), and a
 * node that dies between commit and flush (milliseconds) loses those live notices. They are
 * hints — every screen re-reads the data on reconnect — never the data itself. Transitions
 * made at human speed still publish inside their transaction (`publish` in events.ts).
 *
 * ### Examples
 * ```ts
 * const live = new LivePublisher(db, log);
 * const t = await repo.insertCreated(db, ...); // committed
 * live.publish('ticket.updated', [`tenant:${t.tenant_id}`], { ... });
 * await live.close(); // on shutdown: sends what is queued
 * ```
 */
export class LivePublisher {
  private queue: string[] = [];
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  private closed = false;
  private outboxWake = false;
  /** Events sent and statements used, for the benchmark and tests. */
  readonly stats = { events: 0, statements: 0, failed: 0 };

  constructor(
    private readonly db: DB,
    private readonly log: Logger,
    /** Upper bound of events per statement: keeps one statement's parameters small. */
    private readonly maxBatch = 500,
  ) {}

  publish<T extends keyof ServerEvents>(type: T, rooms: Room[], data: ServerEvents[T]): void {
    if (this.closed) return;
    this.queue.push(envelopeText(type, rooms, data));
    this.schedule();
  }

  /**
   * Wakes the outbox dispatchers (`NOTIFY open1022_outbox`) with the next batch: intake
   * enqueues acknowledgements without notifying in its own statement, for the reason above.
   */
  wakeOutbox(): void {
    if (this.closed) return;
    this.outboxWake = true;
    this.schedule();
  }

  /** Sends everything queued so far; resolves when it has been sent (or failed and logged). */
  async flush(): Promise<void> {
    while (this.flushing || this.queue.length > 0 || this.outboxWake) {
      if (this.flushing) await this.flushing;
      else this.startFlush();
    }
  }

  /** Sends what is queued and accepts nothing more. */
  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private schedule() {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    // setImmediate: every event published in this turn of the loop joins the same statement.
    setImmediate(() => {
      this.scheduled = false;
      if (!this.flushing && (this.queue.length > 0 || this.outboxWake)) this.startFlush();
    });
  }

  private startFlush() {
    const batch = this.queue.splice(0, this.maxBatch);
    const wake = this.outboxWake;
    this.outboxWake = false;
    this.flushing = this.send(batch, wake).finally(() => {
      this.flushing = undefined;
      // Whatever arrived while this batch was in flight goes out in the next statement.
      if (this.queue.length > 0 || this.outboxWake) this.schedule();
    });
  }

  private async send(batch: string[], wakeOutbox: boolean) {
    try {
      // One statement either way: the outbox wake-up rides with the events.
      await notifyRepository.notifyMany(this.db, EVENTS_CHANNEL, batch, {
        channel: OUTBOX_CHANNEL,
        now: wakeOutbox,
      });
      this.stats.events += batch.length;
      this.stats.statements += 1;
    } catch (err) {
      this.stats.failed += batch.length;
      this.log.warn({ err, events: batch.length }, 'live events could not be published');
    }
  }
}
