/**
 * Helpers of the public website's tests (not a test file itself): demo-like reference data,
 * multipart bodies as a browser sends them, the challenge solved as the page's script does.
 */
import type { LightMyRequestResponse } from 'fastify';
import { solveChallenge } from '../../src/core/abuse/challenge.ts';
import type { TestApp } from '../helpers/app.ts';

export interface Seed {
  fieldId: string;
  otherFieldId: string;
  agencyId: string;
  currentUnitId: string;
  oldDistrictId: string;
  oldCommuneId: string;
  otherDistrictId: string;
}

/** A field group with two fields, an agency, and 2-tier and former 3-tier units. */
export async function seed(t: TestApp): Promise<Seed> {
  const agency = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
  const group = await t.db
    .insertInto('field_group')
    .values({
      tenant_id: t.tenantId,
      number: 3,
      name: 'Hạ tầng kỹ thuật',
      name_en: 'Infrastructure',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const field = async (code: string, name: string, nameEn: string) =>
    (
      await t.db
        .insertInto('field')
        .values({
          tenant_id: t.tenantId,
          group_id: group.id,
          code,
          name,
          name_en: nameEn,
          default_agency_id: agency.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const unit = async (
    code: string,
    name: string,
    level: string,
    parent: string | null,
    validTo: string | null = null,
  ) =>
    (
      await t.db
        .insertInto('org_unit')
        .values({
          tenant_id: t.tenantId,
          parent_id: parent,
          code,
          name,
          level,
          valid_from: null,
          valid_to: validTo,
          successor_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const province = await unit('99', 'Tỉnh Thử nghiệm', 'province', null);
  const currentUnitId = await unit('99001', 'Phường An Phú', 'ward', province);
  await unit('99002', 'Xã Long Hưng', 'commune', province);
  const oldDistrictId = await unit('991', 'Huyện Long Hưng', 'district', province, '2025-06-30');
  const oldCommuneId = await unit(
    '99111',
    'Thị trấn Long Hưng',
    'township',
    oldDistrictId,
    '2025-06-30',
  );
  const otherDistrictId = await unit('990', 'Thành phố Thử', 'city', province, '2025-06-30');
  await unit('99101', 'Phường 1', 'ward', otherDistrictId, '2025-06-30');
  return {
    fieldId: await field('GT', 'Giao thông', 'Traffic'),
    otherFieldId: await field('CS', 'Chiếu sáng', 'Street lighting'),
    agencyId: agency.id,
    currentUnitId,
    oldDistrictId,
    oldCommuneId,
    otherDistrictId,
  };
}

export interface FilePart {
  filename: string;
  type: string;
  data: Buffer;
  field?: string;
}

/** A multipart/form-data body as a browser builds it from the form. */
export function formBody(fields: Record<string, string>, files: FilePart[] = []) {
  const boundary = `----o1022pub${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    );
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'files'}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 7),
]);
export const PDF = Buffer.from('%PDF-1.4\n% test\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

let ipCounter = 0;
/** A fresh client address (TEST-NET-3) so that per-address limits do not meet across tests. */
export function nextIp(): string {
  ipCounter++;
  return `203.0.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export async function get(
  t: TestApp,
  url: string,
  ip = nextIp(),
  headers: Record<string, string> = {},
) {
  return t.app.inject({ method: 'GET', url, remoteAddress: ip, headers });
}

/** The submit page's challenge, solved as public.js does. */
export async function solvedChallenge(t: TestApp, ip: string) {
  const page = await get(t, '/cong-dan/gui-phan-anh', ip);
  const token = /name="challenge" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no challenge on the page (${page.statusCode})`);
  const bits = Number(token.split('.')[2]);
  return { challenge: token, solution: solveChallenge(token, bits)! };
}

export function validFields(s: Seed, over: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Nguyễn Văn An',
    phone: '0912 345 678',
    email: '',
    address: '12 Trần Hưng Đạo, Phường An Phú',
    field: s.fieldId,
    subject: 'Đèn đường hỏng',
    content: 'Đèn đường trước nhà văn hóa khu phố 3 bị hỏng hơn một tuần, đề nghị sửa chữa sớm.',
    scheme: 'new',
    unit_new: s.currentUnitId,
    place: 'Trước nhà văn hóa khu phố 3',
    consent: '1',
    ...over,
  };
}

export async function submit(
  t: TestApp,
  fields: Record<string, string>,
  files: FilePart[] = [],
  o: { ip?: string; solve?: boolean; lang?: string } = {},
): Promise<LightMyRequestResponse> {
  const ip = o.ip ?? nextIp();
  const pow = o.solve === false ? { challenge: 'x', solution: 'y' } : await solvedChallenge(t, ip);
  const { body, contentType } = formBody({ ...pow, ...fields }, files);
  return t.app.inject({
    method: 'POST',
    url: `/cong-dan/gui-phan-anh${o.lang ? `?lang=${o.lang}` : ''}`,
    payload: body,
    headers: { 'content-type': contentType },
    remoteAddress: ip,
  });
}

export async function postForm(
  t: TestApp,
  url: string,
  fields: Record<string, string>,
  ip = nextIp(),
) {
  return t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    remoteAddress: ip,
  });
}

/** The tracking token of a redirect to the ticket page. */
export function tokenOf(res: LightMyRequestResponse): string {
  const loc = String(res.headers.location ?? '');
  const t = new URL(loc, 'http://x').searchParams.get('t');
  if (!t) throw new Error(`no ticket redirect: ${res.statusCode} ${loc} ${res.body.slice(0, 400)}`);
  return t;
}
