/**
 * What the staff upload (POST /api/v1/attachments) and the citizens' form accept (R-SEC-1):
 * one file per staff request — a second is refused, not silently dropped — and no image whose
 * header declares absurd dimensions (a few bytes claiming 65 535 × 65 535 pixels), whatever
 * type the client declared. Refused uploads store nothing.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp } from '../helpers/app.ts';
import { PNG, seed, submit, validFields } from '../public/support.ts';

const t = await createTestApp();
after(t.close);
const s = await seed(t);
const op = await t.login(await t.newUser('operator'));

/** The start of a PNG whose header (IHDR) declares `w` × `h`: a few bytes, any claim. */
function pngDeclaring(w: number, h: number): Buffer {
  const b = Buffer.alloc(64, 7);
  PNG.copy(b, 0, 0, 8);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(w, 16);
  b.writeUInt32BE(h, 20);
  return b;
}

const attachments = async () =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM attachment`.execute(t.db)).rows[0]!.n);

/** A multipart body of these files, as a browser or curl -F sends it. */
function multipart(files: { name: string; type: string; data: Buffer }[]) {
  const boundary = `----o1022${Math.random().toString(16).slice(2)}`;
  const parts = files.map((f) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\n` +
          `Content-Type: ${f.type}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    ]),
  );
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function upload(files: { name: string; type: string; data: Buffer }[], lang = 'vi') {
  const mp = multipart(files);
  return op.req('POST', '/api/v1/attachments', mp.payload, {
    'content-type': mp.contentType,
    'accept-language': lang,
  });
}

const code = (body: unknown) => (body as { error?: { code?: string } }).error?.code;

test('R-SEC-1 the staff upload refuses a second file instead of keeping only the first', async () => {
  const before = await attachments();
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
  const two = await upload([
    { name: 'a.png', type: 'image/png', data: PNG },
    { name: 'b.pdf', type: 'application/pdf', data: pdf },
  ]);
  assert.equal(two.status, 400, JSON.stringify(two.body));
  assert.equal(code(two.body), 'upload_one_file');
  assert.match(JSON.stringify(two.body), /Mỗi lần chỉ tải lên một tệp/);
  assert.equal(await attachments(), before, 'nothing stored');
  // One file is accepted as before.
  const one = await upload([{ name: 'a.png', type: 'image/png', data: PNG }]);
  assert.equal(one.status, 201, JSON.stringify(one.body));
  assert.equal(await attachments(), before + 1);
});

test('R-SEC-1 the staff upload refuses images declaring absurd dimensions, in both languages', async () => {
  const before = await attachments();
  const bomb = pngDeclaring(65_535, 65_535);
  const r = await upload([{ name: 'bom.png', type: 'image/png', data: bomb }]);
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.equal(code(r.body), 'image_too_large');
  assert.match(JSON.stringify(r.body), /Ảnh có kích thước quá lớn/);
  const en = await upload([{ name: 'bom.png', type: 'image/png', data: bomb }], 'en');
  assert.match(JSON.stringify(en.body), /The image is too large/);
  // Declared as another type, the bytes still say what it is.
  const disguised = await upload([{ name: 'x.pdf', type: 'application/pdf', data: bomb }]);
  assert.equal(code(disguised.body), 'image_too_large');
  assert.equal(await attachments(), before, 'nothing stored');
  // A photo of a phone camera's size passes.
  const photo = await upload([
    { name: 'p.png', type: 'image/png', data: pngDeclaring(4032, 3024) },
  ]);
  assert.equal(photo.status, 201, JSON.stringify(photo.body));
});

test("R-SEC-1 the citizens' form refuses photos declaring absurd dimensions, in the visitor's language", async () => {
  const before = await attachments();
  const file = { filename: 'bom.png', type: 'image/png', data: pngDeclaring(100_000, 20) };
  const vi = await submit(t, validFields(s, { phone: '0912345673' }), [file]);
  assert.equal(vi.statusCode, 400);
  assert.match(vi.body, /Ảnh “bom.png” có kích thước quá lớn/);
  const en = await submit(t, validFields(s, { phone: '0912345673' }), [file], { lang: 'en' });
  assert.equal(en.statusCode, 400);
  assert.match(en.body, /The photo “bom.png” is too large/);
  assert.equal(await attachments(), before, 'nothing stored');
});
