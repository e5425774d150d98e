/** A small province for the browser tests: two departments, a sub-unit, fields, a scope rule. */
import type { TestApp } from '../../helpers/app.ts';

export async function seedWebFixture(t: TestApp) {
  const sxd = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
  const sgtvt = await t.newAgency({ code: 'SGTVT', name: 'Sở Giao thông vận tải' });
  const phong = await t.newAgency({
    code: 'SXD.QLN',
    name: 'Phòng Quản lý nhà',
    kind: 'subunit',
    parentId: sxd.id,
  });
  const group = await t.db
    .insertInto('field_group')
    .values({
      tenant_id: t.tenantId,
      number: 3,
      name: 'Sự cố hạ tầng kỹ thuật',
      name_en: 'Infrastructure incidents',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [lighting, traffic] = await t.db
    .insertInto('field')
    .values([
      {
        tenant_id: t.tenantId,
        group_id: group.id,
        code: 'CSDT',
        name: 'Chiếu sáng đô thị',
        name_en: 'Street lighting',
        default_agency_id: sxd.id,
      },
      {
        tenant_id: t.tenantId,
        group_id: group.id,
        code: 'GT',
        name: 'Giao thông',
        name_en: 'Traffic',
        default_agency_id: sgtvt.id,
      },
    ])
    .returning(['id', 'name'])
    .execute();
  await t.db
    .insertInto('scope_rule')
    .values({
      tenant_id: t.tenantId,
      code: 'TO_CAO',
      name: 'Khiếu nại, tố cáo',
      name_en: 'Formal complaints and denunciations',
      action: 'reject',
      redirect_to: null,
      keywords: ['tố cáo', 'khiếu nại'],
      guidance_vi:
        'Tổng đài không tiếp nhận khiếu nại, tố cáo. Đề nghị gửi đơn đến Ban Tiếp công dân tỉnh.',
      guidance_en:
        'The hotline does not take formal complaints. Please send them to the Citizen Reception Office.',
    })
    .execute();
  const operator = await t.newUser('operator', null, { username: 'op.lan' });
  const fpSxd = await t.newUser('focal_point', sxd, { username: 'fp.sxd' });
  const fpSgtvt = await t.newUser('focal_point', sgtvt, { username: 'fp.sgtvt' });
  return { sxd, sgtvt, phong, lighting: lighting!, traffic: traffic!, operator, fpSxd, fpSgtvt };
}
