import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IMAGE_MAX_PIXELS, IMAGE_MAX_SIDE, imageSize, imageTooLarge } from './image-size.ts';

// 37 × 23 pictures as Chromium encodes them (canvas.toDataURL): a JPEG with an ICC profile
// before its frame header, and a lossless WebP (extended format, VP8X).
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAA' +
    'EAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAA' +
    'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKA' +
    'AAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0' +
    'AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWi' +
    'AAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQA' +
    'AAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbA' +
    'BlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsj' +
    'HBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKC' +
    'goKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAXACUDASIAAhEBAxEB/8QAFwABAQEBAAAAAAAAAAAAAAAAAAMF' +
    'B//EACMQAAECBgICAwAAAAAAAAAAAAABEQIDBRITYQQUIkEjMUL/xAAXAQEBAQEAAAAAAAAAAAAAAAAABgQH/8QAIh' +
    'EAAgEBCAMAAAAAAAAAAAAAABEBAwIEBQYSFCFBMTJC/9oADAMBAAIRAxEAPwDkNZqk7hcqGXKhlrCsCReSK/2u9FaJ' +
    'UJvOzZoYEsta1F9vvQqlK73Ihm5sbQ2tY/td7KUqndDL8uS9vyzM+9my8XjL05einTiN2rPzab1Q+Vp9X2dcoUMdjH' +
    'ZqVJnaue7KWmVw35XRoAAgi1AAAAAAAAAAAAP/2Q==',
  'base64',
);
const WEBP = Buffer.from(
  'UklGRhQCAABXRUJQVlA4WAoAAAAgAAAAJAAAFgAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAA' +
    'EAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAA' +
    'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKA' +
    'AAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0' +
    'AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWi' +
    'AAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQA' +
    'AAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbA' +
    'BlACAASQBuAGMALgAgADIAMAAxADZWUDhMJgAAAC8kgAUADxDzv//zHw7UAgDCnGHkb5fB3glE9H8cmJmxAnRKzz8Q',
  'base64',
);

const u16be = (n: number) => Buffer.from([n >> 8, n & 255]);
const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const box = (type: string, ...content: Buffer[]) => {
  const body = Buffer.concat(content);
  return Buffer.concat([u32be(8 + body.length), Buffer.from(type, 'latin1'), body]);
};

/** Headers as an encoder writes them, declaring `w` × `h`. */
const forge = {
  png: (w: number, h: number) =>
    Buffer.concat([
      Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
      u32be(13),
      Buffer.from('IHDR'),
      u32be(w),
      u32be(h),
      Buffer.from([8, 2, 0, 0, 0]),
    ]),
  gif: (w: number, h: number) =>
    Buffer.concat([
      Buffer.from('GIF89a'),
      Buffer.from([w & 255, w >> 8, h & 255, h >> 8, 0, 0, 0]),
    ]),
  jpeg: (w: number, h: number) =>
    Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      // APP1 (EXIF) of 300 bytes, then a progressive frame header (SOF2).
      Buffer.from([0xff, 0xe1]),
      u16be(302),
      Buffer.alloc(300, 0x45),
      Buffer.from([0xff, 0xc2]),
      u16be(17),
      Buffer.from([8]),
      u16be(h),
      u16be(w),
      Buffer.from([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]),
    ]),
  vp8: (w: number, h: number) => {
    const b = Buffer.alloc(30);
    b.write('RIFF', 0, 'latin1');
    b.write('WEBPVP8 ', 8, 'latin1');
    b.set([0x9d, 0x01, 0x2a], 23);
    b.writeUInt16LE(w, 26);
    b.writeUInt16LE(h, 28);
    return b;
  },
  vp8l: (w: number, h: number) => {
    const b = Buffer.alloc(25);
    b.write('RIFF', 0, 'latin1');
    b.write('WEBPVP8L', 8, 'latin1');
    b[20] = 0x2f;
    const bits = (w - 1) | ((h - 1) << 14);
    b.writeUInt32LE(bits >>> 0, 21);
    return b;
  },
  vp8x: (w: number, h: number) => {
    const b = Buffer.alloc(30);
    b.write('RIFF', 0, 'latin1');
    b.write('WEBPVP8X', 8, 'latin1');
    b.writeUIntLE(w - 1, 24, 3);
    b.writeUIntLE(h - 1, 27, 3);
    return b;
  },
  heic: (w: number, h: number) =>
    Buffer.concat([
      box('ftyp', Buffer.from('heic'), u32be(0), Buffer.from('mif1heic')),
      box(
        'meta',
        u32be(0),
        box('hdlr', u32be(0), u32be(0), Buffer.from('pict'), Buffer.alloc(13)),
        box(
          'iprp',
          box(
            'ipco',
            box('colr', Buffer.from('nclx'), Buffer.alloc(7)),
            box('ispe', u32be(0), u32be(512), u32be(512)),
            box('ispe', u32be(0), u32be(w), u32be(h)),
          ),
        ),
      ),
      box('mdat', Buffer.from('ispe'), u32be(0), u32be(99999), u32be(99999)),
    ]),
};

test('R-SEC-1 imageSize reads what real encoders write', () => {
  assert.deepEqual(imageSize(JPEG), { type: 'image/jpeg', width: 37, height: 23 });
  assert.deepEqual(imageSize(WEBP), { type: 'image/webp', width: 37, height: 23 });
  assert.equal(imageTooLarge(JPEG), false);
  assert.equal(imageTooLarge(WEBP), false);
});

test('R-SEC-1 imageSize reads the header of every image kind uploads accept', () => {
  for (const [kind, make] of Object.entries(forge)) {
    const s = imageSize(make(4032, 3024));
    assert.equal(s?.width, 4032, kind);
    assert.equal(s?.height, 3024, kind);
    assert.equal(imageTooLarge(make(4032, 3024)), false, kind);
  }
});

test('R-SEC-1 images declaring absurd dimensions are too large', () => {
  const side = IMAGE_MAX_SIDE + 1;
  for (const [kind, make] of Object.entries(forge)) {
    // VP8 and VP8L store 14 bits a side (16 384 at most): only their pixel count can be absurd.
    if (kind === 'vp8' || kind === 'vp8l') continue;
    assert.equal(imageTooLarge(make(side, 100)), true, `${kind} wide`);
    assert.equal(imageTooLarge(make(100, side)), true, `${kind} tall`);
  }
  for (const kind of ['png', 'heic', 'jpeg', 'gif'] as const)
    assert.equal(imageTooLarge(forge[kind](65_535, 65_535)), true, kind);
  for (const kind of ['png', 'jpeg', 'gif'] as const)
    assert.equal(imageTooLarge(forge[kind](0, 10)), true, `${kind} zero`);
  const square = Math.floor(Math.sqrt(IMAGE_MAX_PIXELS)) + 1;
  assert.equal(imageTooLarge(forge.png(square, square)), true, 'too many pixels');
  assert.equal(imageTooLarge(forge.png(square - 2, square - 2)), false);
  assert.equal(imageTooLarge(forge.vp8l(16_384, 16_384)), true, 'vp8l pixels');
  assert.equal(imageTooLarge(forge.vp8x(16_777_216, 16_777_216)), true, 'vp8x');
});

test('R-SEC-1 what is not an image with a size is left to the other checks', () => {
  for (const b of [
    Buffer.from('%PDF-1.7\n'),
    Buffer.from('hello'),
    Buffer.alloc(0),
    Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2]),
    // An MP4 (ftyp, not a HEIF brand) whose data happens to hold "ispe".
    Buffer.concat([box('ftyp', Buffer.from('isom'), u32be(0)), box('mdat', Buffer.from('ispe'))]),
    forge.png(100, 100).subarray(0, 20),
  ])
    assert.equal(imageTooLarge(b), false);
});
