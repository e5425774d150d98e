/**
 * A WAV file written as audio arrives: the header first (sizes patched on close), samples in
 * 32 KiB chunks written asynchronously, so a call never holds its recording in memory and
 * the event loop never waits on the disk. G.711 is stored as is (WAVE_FORMAT_ALAW /
 * WAVE_FORMAT_MULAW, 8 kB/s): the recording is exactly what came over the wire.
 */
import { promises as fs } from 'node:fs';

export type WavEncoding = 'PCMU' | 'PCMA' | 'L16';

const FORMAT_TAG: Record<WavEncoding, number> = { L16: 1, PCMA: 6, PCMU: 7 };
const CHUNK = 32 * 1024;

/** Header of a WAV with a `fact` chunk (required for non-PCM formats): 58 bytes. */
export function wavHeader(
  encoding: WavEncoding,
  sampleRate: number,
  channels: number,
  dataBytes: number,
): Buffer {
  const bytesPerSample = encoding === 'L16' ? 2 : 1;
  const h = Buffer.alloc(58);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(50 + dataBytes, 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(18, 16);
  h.writeUInt16LE(FORMAT_TAG[encoding], 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels * bytesPerSample, 28);
  h.writeUInt16LE(channels * bytesPerSample, 32);
  h.writeUInt16LE(bytesPerSample * 8, 34);
  h.writeUInt16LE(0, 36); // cbSize
  h.write('fact', 38, 'latin1');
  h.writeUInt32LE(4, 42);
  h.writeUInt32LE(dataBytes / (channels * bytesPerSample), 46);
  h.write('data', 50, 'latin1');
  h.writeUInt32LE(dataBytes, 54);
  return h;
}

export const WAV_HEADER_BYTES = 58;

export class WavWriter {
  private file: fs.FileHandle | null = null;
  private opening: Promise<void>;
  private chunk = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private bytes = 0;
  private position = WAV_HEADER_BYTES;
  /** Writes run one after another; this is the tail of that chain. */
  private tail: Promise<void>;
  private failed: Error | null = null;
  private closed = false;

  constructor(
    readonly path: string,
    readonly encoding: WavEncoding,
    readonly sampleRate = 8000,
    readonly channels = 1,
  ) {
    this.opening = fs.open(path, 'w').then(async (f) => {
      this.file = f;
      await f.write(wavHeader(encoding, sampleRate, channels, 0), 0, WAV_HEADER_BYTES, 0);
    });
    this.opening.catch((err: Error) => (this.failed = err));
    this.tail = this.opening.catch(() => {});
  }

  /** Bytes of audio accepted so far. */
  get length(): number {
    return this.bytes;
  }

  get error(): Error | null {
    return this.failed;
  }

  /** Appends audio bytes (copied: the caller may reuse its buffer at once). */
  write(data: Uint8Array, start = 0, end = data.length): void {
    if (this.closed || this.failed) return;
    while (start < end) {
      const n = Math.min(end - start, CHUNK - this.used);
      this.chunk.set(data.subarray(start, start + n), this.used);
      this.used += n;
      this.bytes += n;
      start += n;
      if (this.used === CHUNK) this.flush();
    }
  }

  /** Appends `count` bytes of one value (silence for lost packets). */
  fill(value: number, count: number): void {
    if (this.closed || this.failed) return;
    while (count > 0) {
      const n = Math.min(count, CHUNK - this.used);
      this.chunk.fill(value, this.used, this.used + n);
      this.used += n;
      this.bytes += n;
      count -= n;
      if (this.used === CHUNK) this.flush();
    }
  }

  private flush(): void {
    if (this.used === 0) return;
    const data = this.chunk.subarray(0, this.used);
    const at = this.position;
    this.position += this.used;
    // The full chunk goes to the disk; the next audio goes into a fresh buffer.
    this.chunk = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
    this.tail = this.tail.then(async () => {
      if (!this.file || this.failed) return;
      try {
        await this.file.write(data, 0, data.length, at);
      } catch (err) {
        this.failed = err as Error;
      }
    });
  }

  /** Writes what is buffered, patches the sizes into the header, closes the file. */
  async close(): Promise<{ path: string; bytes: number; seconds: number }> {
    if (!this.closed) {
      this.closed = true;
      this.flush();
      await this.tail;
      if (this.file) {
        try {
          if (!this.failed) {
            const h = wavHeader(this.encoding, this.sampleRate, this.channels, this.bytes);
            await this.file.write(h, 0, WAV_HEADER_BYTES, 0);
          }
        } finally {
          await this.file.close();
          this.file = null;
        }
      }
    }
    if (this.failed) throw this.failed;
    const bytesPerFrame = this.channels * (this.encoding === 'L16' ? 2 : 1);
    return {
      path: this.path,
      bytes: this.bytes,
      seconds: this.bytes / bytesPerFrame / this.sampleRate,
    };
  }
}
