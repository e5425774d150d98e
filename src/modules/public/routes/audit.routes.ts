import type { TypedApp } from '../../../http/types.ts';
import type { AuditService } from '../../audit/audit.service.ts';
import { auditCheckpointPage } from '../audit-page.ts';
import { pageRoute, sendBody, type Site } from '../site.ts';

/** The latest signed checkpoint of the audit trail (issue #12, finding 4), as a page and JSON. */
export function auditRoutes(app: TypedApp, site: Site, audit: AuditService) {
  app.get('/nhat-ky-kiem-toan', pageRoute(), async (req, reply) => {
    const c = await site.pageContext(req);
    const cp = await audit.latestCheckpoint(c.tenant.id);
    return site.send(req, reply, auditCheckpointPage(c, cp));
  });
  app.get('/nhat-ky-kiem-toan.json', pageRoute(), async (req, reply) => {
    const tenant = await site.svc.tenant();
    const cp = await audit.latestCheckpoint(tenant.id);
    reply
      .status(cp ? 200 : 404)
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', 'no-cache');
    return sendBody(req, reply, JSON.stringify(cp ?? { error: 'no_checkpoint' }));
  });
}
