/**
 * Runs an IVR flow on a call's media: performs the pure machine's effects (plays prompts in
 * sequence, keypad timers) and feeds back what happened (prompts finished, keys, timeouts).
 */
import type { TimerHandle, TimerHost } from '../sip/timers.ts';
import type { MediaEndpoint, Prompt } from '../media/engine.ts';
import type { IvrFlow } from './flow.ts';
import {
  startIvr,
  stepIvr,
  type IvrContext,
  type IvrEffect,
  type IvrEvent,
  type IvrOutcome,
  type IvrState,
} from './machine.ts';

export interface IvrResult {
  /** How the caller left the IVR; `abandoned` if they hung up inside it. */
  outcome: IvrOutcome | { kind: 'abandoned' };
  digits: string;
  path: string[];
}

export class IvrRun {
  private state: IvrState | null = null;
  private timer: TimerHandle | null = null;
  private playing = 0;
  private finished = false;
  private resolveResult!: (r: IvrResult) => void;
  readonly result: Promise<IvrResult>;

  constructor(
    private readonly flow: IvrFlow,
    private readonly prompts: ReadonlyMap<string, Prompt>,
    private readonly media: MediaEndpoint,
    private readonly timers: TimerHost,
    private readonly ctx: IvrContext,
  ) {
    this.result = new Promise((r) => (this.resolveResult = r));
  }

  start(): void {
    const { state, effects } = startIvr(this.flow, this.ctx);
    this.state = state;
    this.perform(effects);
  }

  /** A key the caller pressed (RFC 4733 or SIP INFO). */
  digit(d: string): void {
    this.feed({ type: 'digit', digit: d });
  }

  /** The caller hung up. */
  abort(): void {
    if (this.finished) return;
    this.clearTimer();
    this.playing = 0;
    this.media.stopPlayback();
    this.end({ kind: 'abandoned' });
  }

  private feed(e: IvrEvent): void {
    if (!this.state || this.finished) return;
    const { state, effects } = stepIvr(this.flow, this.state, e, this.ctx);
    this.state = state;
    this.perform(effects);
  }

  private perform(effects: IvrEffect[]): void {
    for (const e of effects) {
      switch (e.type) {
        case 'play':
          void this.playAll(e.id, e.texts);
          break;
        case 'stopPlay':
          this.playing = 0;
          this.media.stopPlayback();
          break;
        case 'startTimer':
          this.clearTimer();
          this.timer = this.timers.set(e.ms, () => {
            this.timer = null;
            this.feed({ type: 'timeout', id: e.id });
          });
          break;
        case 'cancelTimer':
          this.clearTimer();
          break;
        case 'lookup':
          void this.lookup(e.id, e.digits);
          break;
        case 'done':
          this.end(e.outcome);
          break;
      }
    }
  }

  private async playAll(id: number, texts: string[]): Promise<void> {
    this.playing = id;
    for (const text of texts) {
      const prompt = this.prompts.get(text);
      if (prompt) {
        const r = await this.media.play(prompt);
        if (r === 'stopped' || this.playing !== id) return;
      }
    }
    if (this.playing === id) this.feed({ type: 'played', id });
  }

  private async lookup(id: number, digits: string): Promise<void> {
    let texts: string[] | null = null;
    try {
      texts = (await this.ctx.lookupStatus?.(digits)) ?? null;
    } catch {
      // A failed lookup sounds like "not found"; the caller may try again or reach a person.
    }
    this.feed({ type: 'status', id, texts });
  }

  private clearTimer(): void {
    if (this.timer) this.timers.clear(this.timer);
    this.timer = null;
  }

  private end(outcome: IvrResult['outcome']): void {
    if (this.finished) return;
    this.finished = true;
    this.resolveResult({ outcome, digits: this.state?.digits ?? '', path: this.state?.path ?? [] });
  }
}
