/**
 * IVR self-service status (R-TEL-2, R-PUB-3) against real PostgreSQL: the ticket a caller keys
 * in is told only when it was filed with the number they ring from; codes may be keyed as
 * year + number or as the number alone for this year.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, ticketBody } from '../helpers/app.ts';
import { statusReadout } from '../../src/voice/ivr/status.ts';

const t = await createTestApp();
after(t.close);

test('a caller hears the status of their own ticket, by year + number or number alone', async () => {
  const op = await t.login(await t.newUser('operator'));
  const created = await op.post('/api/v1/tickets', ticketBody());
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const code: string = created.body.code; // PA-2026-000001
  const [, year, number] = code.split('-');
  const tickets = t.services.tickets;

  const full = await tickets.statusForCaller(t.tenantId, `${year}${number}`, '0912345678');
  assert.deepEqual(full, { code, status: 'received' });
  const short = await tickets.statusForCaller(t.tenantId, String(Number(number)), '+84912345678');
  assert.deepEqual(short, full, 'the number alone, and the caller in international form');
  assert.equal(statusReadout(code, full!.status).at(-1), 'đã được tiếp nhận và đang được xem xét.');

  // Someone else's ticket, an unknown number, a number that is not a phone: nothing.
  assert.equal(await tickets.statusForCaller(t.tenantId, `${year}${number}`, '0987654321'), null);
  assert.equal(await tickets.statusForCaller(t.tenantId, '999999', '0912345678'), null);
  assert.equal(await tickets.statusForCaller(t.tenantId, number!, 'anonymous'), null);
  assert.equal(await tickets.statusForCaller(t.tenantId, '', '0912345678'), null);
});

test('the readout follows the ticket: forwarded and answered tickets sound different', async () => {
  const agency = await t.newAgency({ code: 'IVR', name: 'Sở Tư pháp' });
  const op = await t.login(await t.newUser('operator'));
  const body = ticketBody({ citizen: { name: 'Lê Thị Hoa', phone: '0905111222' } });
  const { id, code } = (await op.post('/api/v1/tickets', body)).body;
  const digits = String(Number(code.split('-')[2]));
  const hear = async () => {
    const s = await t.services.tickets.statusForCaller(t.tenantId, digits, '0905111222');
    return statusReadout(code, s!.status).at(-1);
  };
  assert.equal(await hear(), 'đã được tiếp nhận và đang được xem xét.');
  await op.post(`/api/v1/tickets/${id}/actions/forward`, { agencyId: agency.id });
  assert.equal(await hear(), 'đã được chuyển đến cơ quan có thẩm quyền và đang được xử lý.');
});
