/**
 * The dimensions an image declares in its header (JPEG, PNG, GIF, WebP, HEIC/AVIF), read from
 * its first bytes without decoding it, and the largest image an upload may declare. A file of
 * a few kilobytes can claim 65 535 × 65 535 pixels; whoever decodes it (a staff member's
 * browser showing the attachment, a thumbnailer) needs gigabytes. Pure: no I/O.
 */

/** Longest side an uploaded image may have, in pixels (phone panoramas stay below). */
export const IMAGE_MAX_SIDE = 30_000;
/** Most pixels an uploaded image may have (a 200 MP phone sensor's full mode fits). */
export const IMAGE_MAX_PIXELS = 200_000_000;
/** How much of a file `imageSize` looks at: a JPEG's frame header may follow large EXIF data. */
export const IMAGE_HEAD_BYTES = 256 * 1024;

export interface ImageSize {
  type: 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'image/heic';
  width: number;
  height: number;
}

const latin1 = (b: Buffer, start: number, end: number) => b.subarray(start, end).toString('latin1');

function jpeg(b: Buffer): ImageSize | undefined {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    // Fill bytes, then markers without a length (TEM, RSTn).
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    // Start of scan or end of image before any frame header: nothing declared.
    if (marker === 0xda || marker === 0xd9) return undefined;
    const length = b.readUInt16BE(i + 2);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > b.length) return undefined;
      return { type: 'image/jpeg', height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    if (length < 2) return undefined;
    i += 2 + length;
  }
  return undefined;
}

function webp(b: Buffer): ImageSize | undefined {
  const chunk = latin1(b, 12, 16);
  if (chunk === 'VP8 ' && b.length >= 30) {
    return {
      type: 'image/webp',
      width: b.readUInt16LE(26) & 0x3fff,
      height: b.readUInt16LE(28) & 0x3fff,
    };
  }
  if (chunk === 'VP8L' && b.length >= 25) {
    const [b0, b1, b2, b3] = [b[21]!, b[22]!, b[23]!, b[24]!];
    return {
      type: 'image/webp',
      width: 1 + (((b1 & 0x3f) << 8) | b0),
      height: 1 + (((b3 & 0x0f) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)),
    };
  }
  if (chunk === 'VP8X' && b.length >= 30) {
    return { type: 'image/webp', width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
  }
  return undefined;
}

/** The boxes (ISO BMFF) between `start` and `end`: type, content start, content end. */
function* boxes(b: Buffer, start: number, end: number) {
  let i = start;
  while (i + 8 <= end) {
    let size = b.readUInt32BE(i);
    const type = latin1(b, i + 4, i + 8);
    let header = 8;
    if (size === 1) {
      if (i + 16 > end) return;
      size = Number(b.readBigUInt64BE(i + 8));
      header = 16;
    } else if (size === 0) size = end - i;
    if (size < header) return;
    yield { type, from: i + header, to: Math.min(i + size, end) };
    i += size;
  }
}

const HEIF_BRANDS = /^(heic|heix|heim|heis|hevc|hevx|mif1|msf1|avif|avis)$/;

/**
 * HEIF (HEIC, AVIF): each image item has an `ispe` property (width, height) in
 * meta/iprp/ipco; a grid image declares the whole picture and its tiles. The largest declared
 * is what a decoder builds.
 */
function heif(b: Buffer): ImageSize | undefined {
  if (!HEIF_BRANDS.test(latin1(b, 8, 12))) return undefined;
  const child = (type: string, from: number, to: number) =>
    [...boxes(b, from, to)].find((x) => x.type === type);
  const meta = child('meta', 0, b.length);
  // `meta` is a full box: version and flags before its children.
  const iprp = meta && child('iprp', meta.from + 4, meta.to);
  const ipco = iprp && child('ipco', iprp.from, iprp.to);
  if (!ipco) return undefined;
  let width = 0;
  let height = 0;
  for (const x of boxes(b, ipco.from, ipco.to)) {
    if (x.type !== 'ispe' || x.from + 12 > x.to) continue;
    width = Math.max(width, b.readUInt32BE(x.from + 4));
    height = Math.max(height, b.readUInt32BE(x.from + 8));
  }
  return width || height ? { type: 'image/heic', width, height } : undefined;
}

/**
 * What an image's header declares, from its first bytes (`IMAGE_HEAD_BYTES` are enough);
 * undefined when the bytes are not one of these images or declare no size.
 */
export function imageSize(head: Buffer): ImageSize | undefined {
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff)
    return jpeg(head);
  if (
    head.length >= 24 &&
    latin1(head, 0, 8) === '\x89PNG\r\n\x1a\n' &&
    latin1(head, 12, 16) === 'IHDR'
  )
    return { type: 'image/png', width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
  if (head.length >= 10 && /^GIF8[79]a$/.test(latin1(head, 0, 6)))
    return { type: 'image/gif', width: head.readUInt16LE(6), height: head.readUInt16LE(8) };
  if (head.length >= 16 && latin1(head, 0, 4) === 'RIFF' && latin1(head, 8, 12) === 'WEBP')
    return webp(head);
  if (head.length >= 12 && latin1(head, 4, 8) === 'ftyp') return heif(head);
  return undefined;
}

/**
 * True when the bytes are an image declaring more than an upload may have (or a zero side,
 * which no real picture has). Not an image, or no declared size: false (other checks apply).
 */
export function imageTooLarge(head: Buffer): boolean {
  const s = imageSize(head);
  if (!s) return false;
  return (
    s.width === 0 ||
    s.height === 0 ||
    s.width > IMAGE_MAX_SIDE ||
    s.height > IMAGE_MAX_SIDE ||
    s.width * s.height > IMAGE_MAX_PIXELS
  );
}
