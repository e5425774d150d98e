import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where attachment bytes live. Local disk by default; an S3-style store fits the same shape. */
export interface FileStorage {
  /** Streams the content in (never buffered whole); rejects past `maxBytes`. */
  put(content: Readable, maxBytes: number): Promise<{ key: string; size: number; sha256: string }>;
  get(key: string): Readable;
  remove(key: string): Promise<void>;
}

export class TooLargeError extends Error {}

export class LocalDiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  async put(content: Readable, maxBytes: number) {
    const key = `${new Date().toISOString().slice(0, 7)}/${randomUUID()}`;
    const final = path.join(this.root, key);
    const tmp = `${final}.part`;
    await mkdir(path.dirname(final), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > maxBytes) return cb(new TooLargeError('too large'));
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(content, meter, createWriteStream(tmp, { flags: 'wx' }));
      // Rename after the bytes are complete: a crash never leaves a half file under a key.
      await rename(tmp, final);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  get(key: string): Readable {
    if (key.includes('..')) throw new Error('bad key');
    return createReadStream(path.join(this.root, key));
  }

  async remove(key: string) {
    await rm(path.join(this.root, key), { force: true });
  }

  async exists(key: string) {
    return stat(path.join(this.root, key)).then(
      () => true,
      () => false,
    );
  }
}
