import type { AppContext } from '../app/context.ts';
import type { Services } from '../app/services.ts';
import type { TypedApp } from './types.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { ticketRoutes } from '../modules/ticket/ticket.routes.ts';
import { orgRoutes } from '../modules/org/org.routes.ts';
import { calendarRoutes } from '../modules/calendar/calendar.routes.ts';
import { notificationRoutes } from '../modules/notification/notification.routes.ts';
import { kbRoutes } from '../modules/kb/kb.routes.ts';
import { templateRoutes } from '../modules/template/template.routes.ts';
import { open311KeyRoutes } from '../modules/open311/open311.routes.ts';
import { abuseRoutes } from '../modules/abuse/abuse.routes.ts';
import { callsRoutes } from '../voice/calls/calls.routes.ts';
import { publicationRoutes } from '../modules/publication/publication.routes.ts';
import { chatRoutes } from '../modules/chat/chat.routes.ts';
import { agentsRoutes } from '../voice/agents/agents.routes.ts';
import { flowsRoutes } from '../voice/flows/flows.routes.ts';
import { trunkRoutes } from '../voice/trunk/trunk.routes.ts';
import { transferRoutes } from '../voice/transfer/transfer.routes.ts';
import { statsRoutes } from '../modules/stats/stats.routes.ts';
import { pushRoutes } from '../modules/push/push.routes.ts';
import { setupRoutes } from '../modules/setup/setup.routes.ts';

/** Every module's routes under /api/v1. */
export function registerRoutes(app: TypedApp, services: Services, ctx: AppContext) {
  authRoutes(app, services.auth, ctx);
  ticketRoutes(app, services);
  orgRoutes(app, services.org);
  calendarRoutes(app, services.calendars);
  notificationRoutes(app, services);
  kbRoutes(app, services.kb);
  templateRoutes(app, services.templates);
  open311KeyRoutes(app, services.open311);
  abuseRoutes(app, services.abuse, services.challenges);
  callsRoutes(app, services.calls);
  agentsRoutes(app, services.agents);
  flowsRoutes(app, services.flows);
  trunkRoutes(app, services.trunks);
  transferRoutes(app, services.transfers);
  publicationRoutes(app, services.publications);
  chatRoutes(app, services.chat);
  statsRoutes(app, services.stats);
  pushRoutes(app, services.push);
  setupRoutes(app, services.setup);
}
