/**
 * Spoken prompts: Vietnamese text → espeak-ng → sox → 8 kHz WAV in A-law and μ-law, once per
 * (voice, text). Files are named by a hash of both, so saving a menu renders only texts that
 * are new, and every call shares the same files. A render writes temporary files and renames
 * them, so a half-written prompt is never played.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import type { Prompt } from '../media/engine.ts';
import type { G711 } from '../media/sdp.ts';
import { flowTexts, VOICES, type IvrFlow } from './flow.ts';

const run = promisify(execFile);

export interface PromptLibraryOptions {
  /** Words per minute for espeak-ng (150 is calm and clear on the phone). */
  speed?: number;
  /** Renders running at once (each spawns espeak-ng then sox). */
  concurrency?: number;
}

/** Hold music: a strummed G major chord, 8 s, played in a loop while callers wait. */
export const HOLD_MUSIC = [
  'synth',
  'pl',
  'G2',
  'pl',
  'B2',
  'pl',
  'D3',
  'pl',
  'G3',
  'pl',
  'D4',
  'pl',
  'G4',
  'delay',
  '0',
  '.05',
  '.1',
  '.15',
  '.2',
  '.25',
  'remix',
  '-',
  'fade',
  '0',
  '4',
  '.1',
  'norm',
  '-9',
  'repeat',
  '1',
] as const;
/** The beep before a voicemail. */
/** Ringback while an agency's phone rings: 425 Hz, 1 s on, 3 s off (Vietnam's ringing tone). */
export const RINGBACK = ['synth', '1', 'sine', '425', 'gain', '-12', 'pad', '0', '3'] as const;

export const BEEP = ['synth', '0.4', 'sine', '1000', 'norm', '-6', 'pad', '0', '0.1'] as const;

/** sox's format name for an upload's media type, when sox could not tell it from the header. */
export function soxFormat(contentType: string | undefined): string | null {
  const t = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (t === 'audio/mpeg' || t === 'audio/mp3') return 'mp3';
  if (t === 'audio/ogg' || t === 'audio/opus') return 'ogg';
  if (t === 'audio/flac' || t === 'audio/x-flac') return 'flac';
  if (t === 'audio/wav' || t === 'audio/x-wav' || t === 'audio/wave' || t === 'audio/vnd.wave')
    return 'wav';
  return null;
}

/** Seconds of audio in a file, or null when sox cannot read it as audio. */
export async function audioSeconds(file: string): Promise<number | null> {
  try {
    const { stdout } = await run('soxi', ['-D', file]);
    const s = Number(stdout.trim());
    return Number.isFinite(s) && s > 0 ? s : null;
  } catch {
    return null;
  }
}

export class PromptLibrary {
  private readonly pending = new Map<string, Promise<Prompt>>();
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    readonly dir: string,
    private readonly opts: PromptLibraryOptions = {},
  ) {
    mkdirSync(dir, { recursive: true });
  }

  key(text: string, voice: string): string {
    const speed = this.opts.speed ?? 150;
    return createHash('sha256')
      .update(`${voice}\n${speed}\n${text.normalize('NFC')}`)
      .digest('hex')
      .slice(0, 24);
  }

  /** The prompt's files (which exist once `render` has resolved). */
  prompt(text: string, voice: string): Prompt {
    const k = this.key(text, voice);
    const files: Record<G711, string> = {
      PCMA: path.join(this.dir, `${k}.pcma.wav`),
      PCMU: path.join(this.dir, `${k}.pcmu.wav`),
    };
    return { id: k, files };
  }

  has(text: string, voice: string): boolean {
    const p = this.prompt(text, voice);
    return existsSync(p.files.PCMA) && existsSync(p.files.PCMU);
  }

  /** Renders the text if its files are missing; concurrent calls for one text share the work. */
  render(text: string, voice: string): Promise<Prompt> {
    // espeak-ng falls back to English without a word for an unknown voice: refuse instead.
    if (!(VOICES as readonly string[]).includes(voice))
      return Promise.reject(new Error(`unknown voice "${voice}"`));
    const prompt = this.prompt(text, voice);
    if (this.has(text, voice)) return Promise.resolve(prompt);
    let p = this.pending.get(prompt.id);
    if (!p) {
      p = this.limited(() => this.synthesize(text, voice, prompt)).finally(() =>
        this.pending.delete(prompt.id),
      );
      this.pending.set(prompt.id, p);
    }
    return p;
  }

  /** Every text of a flow, rendered; the map goes to the IVR runner. */
  async renderFlow(flow: IvrFlow): Promise<Map<string, Prompt>> {
    const texts = flowTexts(flow);
    // Settled, not Promise.all: a failure is reported once no text of the flow is still
    // rendering, so a retry starts afresh instead of joining a render begun under the fault.
    const results = await Promise.allSettled(texts.map((t) => this.render(t, flow.voice)));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return new Map(texts.map((t, i) => [t, (results[i] as PromiseFulfilledResult<Prompt>).value]));
  }

  /**
   * A sound made by sox alone (hold music, a beep): `synth` is sox's effect chain after
   * `sox -n`. Rendered once per chain, like spoken prompts.
   */
  sound(name: string, synth: readonly string[]): Promise<Prompt> {
    const k = createHash('sha256')
      .update(`sound\n${name}\n${synth.join(' ')}`)
      .digest('hex');
    const prompt: Prompt = {
      id: `${name}-${k.slice(0, 16)}`,
      files: {
        PCMA: path.join(this.dir, `${name}-${k.slice(0, 16)}.pcma.wav`),
        PCMU: path.join(this.dir, `${name}-${k.slice(0, 16)}.pcmu.wav`),
      },
    };
    if (existsSync(prompt.files.PCMA) && existsSync(prompt.files.PCMU))
      return Promise.resolve(prompt);
    let p = this.pending.get(prompt.id);
    if (!p) {
      p = this.limited(async () => {
        const tmp = path.join(this.dir, `.${prompt.id}.${randomBytes(4).toString('hex')}`);
        await writeG711(prompt, tmp, '-n', synth);
        return prompt;
      }).finally(() => this.pending.delete(prompt.id));
      this.pending.set(prompt.id, p);
    }
    return p;
  }

  /**
   * A recording an administrator uploaded for a prompt, converted once per content (its
   * sha256) to 8 kHz A-law and μ-law like spoken prompts. `format` is sox's name of the
   * upload's format when its header does not tell (mp3); `source` is read only when the files
   * are missing (a node that did not take the upload converts it on first use).
   */
  recorded(
    sha256: string,
    format: string | null,
    source: () => Readable | Promise<Readable>,
  ): Promise<Prompt> {
    const id = `rec-${sha256.slice(0, 24)}`;
    const prompt: Prompt = {
      id,
      files: {
        PCMA: path.join(this.dir, `${id}.pcma.wav`),
        PCMU: path.join(this.dir, `${id}.pcmu.wav`),
      },
    };
    if (existsSync(prompt.files.PCMA) && existsSync(prompt.files.PCMU))
      return Promise.resolve(prompt);
    let p = this.pending.get(id);
    if (!p) {
      p = this.limited(async () => {
        const tmp = path.join(this.dir, `.${id}.${randomBytes(4).toString('hex')}`);
        // sox picks the reader by extension, or by the header when there is none.
        const src = `${tmp}.src${format ? `.${format}` : ''}`;
        try {
          await pipeline(await source(), createWriteStream(src));
          await writeG711(prompt, tmp, src, NORMALISE);
          return prompt;
        } finally {
          await rm(src, { force: true }).catch(() => undefined); // never hides the real error
        }
      }).finally(() => this.pending.delete(id));
      this.pending.set(id, p);
    }
    return p;
  }

  /**
   * A prompt as 16-bit PCM WAV for a browser to play: decoded from the A-law file, so the
   * administrator hears the telephone's 8 kHz quality.
   */
  async playable(prompt: Prompt): Promise<string> {
    const out = path.join(this.dir, `${prompt.id}.pcm16.wav`);
    if (existsSync(out)) return out;
    const tmp = path.join(this.dir, `.${prompt.id}.${randomBytes(4).toString('hex')}.pcm16.wav`);
    await this.limited(() =>
      run('sox', [prompt.files.PCMA, '-e', 'signed-integer', '-b', '16', tmp]),
    );
    await rename(tmp, out);
    return out;
  }

  private async synthesize(text: string, voice: string, prompt: Prompt): Promise<Prompt> {
    const tmp = path.join(this.dir, `.${prompt.id}.${randomBytes(4).toString('hex')}`);
    const speech = `${tmp}.speech.wav`;
    try {
      // The text goes through stdin: never parsed as options, no length limit of argv.
      await new Promise<void>((resolve, reject) => {
        const child = spawn(
          'espeak-ng',
          ['-v', voice, '-s', String(this.opts.speed ?? 150), '-w', speech, '--stdin'],
          {
            stdio: ['pipe', 'ignore', 'pipe'],
          },
        );
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('error', reject);
        // espeak-ng exits 0 when it cannot write its output ("Can't write to: …"): the file
        // is the proof, not the exit code.
        child.on('exit', (code) =>
          code === 0 && existsSync(speech)
            ? resolve()
            : reject(new Error(`espeak-ng failed (${code}): ${err.trim()}`)),
        );
        child.stdin.end(text.normalize('NFC'));
      });
      await writeG711(prompt, tmp, speech, NORMALISE);
      return prompt;
    } finally {
      await rm(speech, { force: true }).catch(() => undefined); // never hides the real error
    }
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
    const max = this.opts.concurrency ?? 2;
    if (this.running >= max) await new Promise<void>((r) => this.queue.push(r));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }
}

/** Normalise to -3 dBFS so no sample clips after G.711 encoding. */
const NORMALISE = ['gain', '-n', '-3'] as const;

/**
 * Writes a prompt's two files — 8 kHz mono A-law and μ-law WAV — from sox's `input` (a file,
 * or `-n` for a synthesised sound) through `effects`, each to `<tmp>.<codec>.wav` renamed into
 * place, so a half-written prompt is never played.
 */
async function writeG711(
  prompt: Prompt,
  tmp: string,
  input: string,
  effects: readonly string[],
): Promise<void> {
  for (const [codec, enc] of [
    ['PCMA', 'a-law'],
    ['PCMU', 'mu-law'],
  ] as const) {
    const out = `${tmp}.${codec}.wav`;
    await run('sox', [input, '-r', '8000', '-c', '1', '-e', enc, '-b', '8', out, ...effects]);
    await rename(out, prompt.files[codec]);
  }
}
