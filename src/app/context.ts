import type { Logger } from 'pino';
import type { DB } from '../db/database.ts';
import type { Env } from '../config/env.ts';

/** Time source. Production uses the wall clock; tests move a controllable one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(d: Date | string): void {
    this.current = new Date(d);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** What every service gets: the database, configuration, time and a logger. */
export interface AppContext {
  db: DB;
  env: Env;
  clock: Clock;
  log: Logger;
}
