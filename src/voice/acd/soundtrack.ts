/**
 * What a queued caller hears when nobody talks to them: hold music with their place in the
 * queue said now and then, or a transfer's tones (a message once, then ringback or music in a
 * loop). One loop plays at a time; starting another stops the current one at its next turn.
 */
import type { TimerHandle, TimerHost } from '../sip/timers.ts';
import type { MediaEndpoint, Prompt } from '../media/engine.ts';

export interface SoundtrackDeps {
  ep: MediaEndpoint;
  timers: TimerHost;
  hold: Prompt;
  /** "You are number N in the queue." */
  position(n: number): Promise<Prompt>;
  /** Where the caller stands in their queue now. */
  place(): Promise<number>;
  announceSeconds: number;
  /** The caller hung up: nothing more is played. */
  gone(): boolean;
  failed(err: unknown, what: string): void;
}

export class Soundtrack {
  private playing = false;
  private done: Promise<void> = Promise.resolve();
  /** Which loop is current: an older loop stops at its next turn. */
  private generation = 0;

  constructor(private readonly d: SoundtrackDeps) {}

  /** Hold music with position announcements, until stopped. */
  hold(): void {
    this.playing = true;
    this.done = this.holdLoop().catch((err: unknown) => this.d.failed(err, 'hold music failed'));
  }

  /** Plays `first` once, then `loop` until stopped (ringback, hold music during a transfer). */
  play(first: Prompt, loop: Prompt): void {
    const gen = ++this.generation;
    const prev = this.done;
    if (this.playing) this.d.ep.stopPlayback();
    this.playing = true;
    const on = () => this.playing && this.generation === gen && !this.d.gone();
    this.done = (async () => {
      await prev;
      if (on()) await this.d.ep.play(first);
      while (on()) await this.d.ep.play(loop);
    })().catch((err: unknown) => this.d.failed(err, 'transfer tones failed'));
  }

  /** Stops what plays (at once: the current prompt is cut). */
  stop(): void {
    if (!this.playing) return;
    this.playing = false;
    this.d.ep.stopPlayback();
  }

  /** Stops, and resolves once the loop has let go of the caller's media. */
  async silence(): Promise<void> {
    this.stop();
    await this.done;
  }

  private async holdLoop(): Promise<void> {
    const { timers, ep } = this.d;
    const every = this.d.announceSeconds * 1000;
    let announceAt = timers.now() + every;
    // Where the caller stands, said once on entering (when someone is ahead) and then regularly.
    const first = await this.d.place();
    if (first > 1 && this.playing) {
      const p = await this.d.position(first);
      if (this.playing) await ep.play(p);
    }
    while (this.playing) {
      const now = timers.now();
      if (now >= announceAt) {
        announceAt = now + every;
        const p = await this.d.position(await this.d.place());
        if (this.playing) await ep.play(p);
        continue;
      }
      let t: TimerHandle | null = timers.set(announceAt - now, () => {
        t = null;
        ep.stopPlayback();
      });
      await ep.play(this.d.hold);
      if (t) timers.clear(t);
    }
  }
}
