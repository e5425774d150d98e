/**
 * Intake reads back only what the database fills in (src/modules/ticket/ticket.repository.ts,
 * `INTAKE_RETURNED`) and takes every other column from what it wrote. This proves that the row
 * it returns — and answers with — is the row as stored, for bodies that exercise every column
 * (R-IN-3), so a default, trigger or normalisation added to `ticket` later fails here.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../helpers/app.ts';
import { buildField, ticketBody } from '../factories.ts';
import { ticketRepository } from '../../src/modules/ticket/ticket.repository.ts';
import type { Actor } from '../../src/modules/auth/actor.ts';

const t = await createTestApp();
after(t.close);

const user = await t.newUser('operator');
const actor: Actor = {
  userId: user.id,
  tenantId: t.tenantId,
  role: 'operator',
  agencyId: null,
  username: user.username,
  displayName: 'Tổng đài viên',
  via: 'session',
};
const field = await buildField(t.db, t.tenantId, { code: 'XD', name: 'Xây dựng' });
const unit = await t.db
  .insertInto('org_unit')
  .values({
    tenant_id: t.tenantId,
    parent_id: null,
    code: 'X01',
    name: 'Xã Một',
    level: 'commune',
    valid_from: null,
    valid_to: null,
    successor_id: null,
  })
  .returning('id')
  .executeTakeFirstOrThrow();

const BODIES = {
  'a plain phone contact': ticketBody(),
  'every optional column, ids in capitals, an English-speaking citizen on the web': ticketBody({
    channel: 'web',
    subject: '  Đèn đường hỏng  ',
    urgency: 'urgent',
    confidential: true,
    fieldId: field.id.toUpperCase(),
    location: { latitude: 10.4612345, longitude: 105.6312345, orgUnitId: unit.id.toUpperCase() },
    idempotencyKey: 'intake-row-0001',
    citizen: {
      name: 'Jane Doe',
      phone: '+84 912 345 678',
      email: 'Jane.Doe@Example.VN',
      address: '12 Trần Hưng Đạo',
      organization: 'Công ty ABC',
      language: 'en',
    },
  }),
};

for (const [name, body] of Object.entries(BODIES)) {
  test(`R-IN-3 the ticket intake returns is the row as stored: ${name}`, async () => {
    const parsed = (await import('../../src/contract/ticket.ts')).createTicketBody.parse(body);
    const { ticket, created } = await t.services.tickets.create(actor, parsed);
    assert.equal(created, true);
    const stored = await ticketRepository.findById(t.db, t.tenantId, ticket.id);
    assert.ok(stored);
    assert.deepEqual({ ...ticket }, { ...stored });
  });
}
