import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypedApp } from '../../../http/types.ts';
import {
  contactValue,
  rateForm,
  rating,
  reopenForm,
  reopenReason,
  ticketQuery,
  trackForm,
  trackingCode,
} from '../../../contract/public.ts';
import type { MessageKey } from '../i18n.ts';
import { BASE, ticketPage, trackPage } from '../pages.ts';
import { PublicError } from '../public.service.ts';
import { pageRoute, postRoute, type Site } from '../site.ts';

/**
 * Tracking (R-CH-4): a ticket's code plus the phone number or email given with it open the
 * ticket's page through a signed, short-lived token; on it the citizen rates the answer or
 * asks for it to be handled again. The forms carry the token, never a session.
 */
export function trackRoutes(app: TypedApp, site: Site) {
  const showTicket = async (
    req: FastifyRequest,
    reply: FastifyReply,
    token: string,
    o: {
      /** `moi=1` (just sent), `ok=rate|reopen` (a form done). */
      query: { moi?: string | undefined; ok?: string | undefined };
      status?: number;
      error?: { form: 'rate' | 'reopen'; key: MessageKey };
      form?: Record<string, string>;
    },
  ) => {
    const c = await site.pageContext(req);
    const v = await site.svc.view(token);
    let ack: string | undefined;
    if (o.query.moi === '1') {
      ack =
        (await site.svc.acknowledgement(c.tenant, v.ticket.code, v.ticket.citizen_name, c.lang)) ??
        c.t('done.ack', { tenant: c.tenant.name, code: v.ticket.code });
    }
    const ok = o.query.ok;
    const notice = ok === 'rate' ? 'rate.thanks' : ok === 'reopen' ? 'reopen.done' : undefined;
    return site.send(
      req,
      reply,
      ticketPage(c, v, { token, ack, notice, error: o.error, form: o.form ?? {} }),
      { status: o.status ?? 200, personal: true },
    );
  };

  app.get('/tra-cuu', pageRoute(), async (req, reply) =>
    site.send(req, reply, trackPage(await site.pageContext(req), { code: '', contact: '' })),
  );
  app.post('/tra-cuu', postRoute({ body: trackForm }), async (req, reply) => {
    const c = await site.pageContext(req);
    const { code, contact } = req.body;
    try {
      const token = await site.svc.track(
        trackingCode.safeParse(code).data,
        contactValue.safeParse(contact).data,
        req.ip,
      );
      return reply.redirect(`${BASE}/phieu?t=${encodeURIComponent(token)}`, 303);
    } catch (err) {
      if (err instanceof PublicError && err.key === 'track.notFound') {
        return site.send(req, reply, trackPage(c, { code, contact, error: err.key }), {
          status: err.status,
          personal: true,
        });
      }
      throw err;
    }
  });

  app.get('/phieu', pageRoute({ querystring: ticketQuery }), async (req, reply) => {
    const token = req.query.t;
    if (token === undefined) throw new PublicError(403, 'track.expired');
    return showTicket(req, reply, token, { query: req.query });
  });

  app.post(
    '/phieu/danh-gia',
    postRoute({ querystring: ticketQuery, body: rateForm }),
    async (req, reply) => {
      const form = req.body;
      const token = form.t;
      const r = rating.safeParse(form);
      if (!r.success) {
        site.svc.ticketOfToken(token);
        return showTicket(req, reply, token, {
          query: req.query,
          status: 400,
          error: { form: 'rate', key: 'rate.err' },
          form,
        });
      }
      try {
        await site.svc.rate(token, r.data, req.ip);
      } catch (err) {
        if (err instanceof PublicError && err.status === 409) {
          return showTicket(req, reply, token, {
            query: req.query,
            status: 409,
            error: { form: 'rate', key: err.key },
          });
        }
        throw err;
      }
      return reply.redirect(`${BASE}/phieu?t=${encodeURIComponent(token)}&ok=rate`, 303);
    },
  );

  app.post(
    '/phieu/mo-lai',
    postRoute({ querystring: ticketQuery, body: reopenForm }),
    async (req, reply) => {
      const form = req.body;
      const token = form.t;
      const reason = reopenReason.safeParse(form.reason);
      if (!reason.success) {
        site.svc.ticketOfToken(token);
        return showTicket(req, reply, token, {
          query: req.query,
          status: 400,
          error: { form: 'reopen', key: 'reopen.err' },
          form,
        });
      }
      try {
        await site.svc.reopen(token, reason.data, req.ip);
      } catch (err) {
        if (err instanceof PublicError && err.status === 409) {
          return showTicket(req, reply, token, {
            query: req.query,
            status: 409,
            error: { form: 'reopen', key: err.key },
          });
        }
        throw err;
      }
      return reply.redirect(`${BASE}/phieu?t=${encodeURIComponent(token)}&ok=reopen`, 303);
    },
  );
}
