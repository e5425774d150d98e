import path from 'node:path';
import type { AppContext } from './context.ts';
import { AuthService } from '../modules/auth/auth.service.ts';
import { TicketService } from '../modules/ticket/ticket.service.ts';
import { DeadlineService } from '../modules/sla/deadline.service.ts';
import { NotificationService } from '../modules/notification/notification.service.ts';
import { CalendarService } from '../modules/calendar/calendar.service.ts';
import { OrgService } from '../modules/org/org.service.ts';
import { LocalDiskStorage, type FileStorage } from '../storage/storage.ts';
import { ConfigCache } from './config-cache.ts';
import { LivePublisher } from '../realtime/publisher.ts';
import { DeadlineRescheduler } from '../modules/sla/deadline.rescheduler.ts';
import { Open311Service } from '../modules/open311/open311.service.ts';
import { AbuseService } from '../modules/abuse/abuse.service.ts';
import { ChallengeService } from '../modules/abuse/challenge.service.ts';
import { ChatService } from '../modules/chat/chat.service.ts';
import { PublicService } from '../modules/public/public.service.ts';
import { KbService } from '../modules/kb/kb.service.ts';
import { TemplateService } from '../modules/template/template.service.ts';
import { StatsService } from '../modules/stats/stats.service.ts';
import { PublicationService } from '../modules/publication/publication.service.ts';
import { PushService } from '../modules/push/push.service.ts';
import { AgentsService } from '../voice/agents/agents.service.ts';
import { CallBindingService, CallsService } from '../voice/calls/calls.service.ts';
import { FlowsService } from '../voice/flows/flows.service.ts';
import { TrunkService } from '../voice/trunk/trunk.service.ts';
import { TransferService } from '../voice/transfer/transfer.service.ts';
import { AuditService } from '../modules/audit/audit.service.ts';
import { SetupService } from '../modules/setup/setup.service.ts';
import { MetricsService } from '../modules/metrics/metrics.service.ts';

/**
 * The service graph, built once per process from the context: every service exists once, so
 * caches (the knowledge base's vocabulary, configuration) are never held twice. Routes, jobs,
 * channels and the telephony role receive these instances; nothing else constructs a service.
 */
export interface Services {
  auth: AuthService;
  calendars: CalendarService;
  deadlines: DeadlineService;
  notifications: NotificationService;
  tickets: TicketService;
  org: OrgService;
  storage: FileStorage;
  config: ConfigCache;
  /** Live events sent after commit, batched (see LivePublisher). */
  live: LivePublisher;
  open311: Open311Service;
  abuse: AbuseService;
  challenges: ChallengeService;
  chat: ChatService;
  /** The citizens' website (/cong-dan). */
  publicSite: PublicService;
  /** The audit trail's public side: its latest signed checkpoint. */
  audit: AuditService;
  setup: SetupService;
  kb: KbService;
  templates: TemplateService;
  stats: StatsService;
  publications: PublicationService;
  push: PushService;
  agents: AgentsService;
  calls: CallsService;
  flows: FlowsService;
  trunks: TrunkService;
  transfers: TransferService;
  /** Prometheus metrics of this process (GET /metrics). */
  metrics: MetricsService;
}

export function buildServices(ctx: AppContext, storage?: FileStorage): Services {
  const files = storage ?? new LocalDiskStorage(path.join(ctx.env.dataDir, 'files'));
  const config = new ConfigCache(ctx.db);
  const live = new LivePublisher(ctx.db, ctx.log);
  const calendars = new CalendarService(ctx, config, live);
  // Running deadlines follow calendar changes (R-SLA-4); calendars know nothing of deadlines.
  calendars.onCalendarChanged(new DeadlineRescheduler(ctx, live).calendarChanged);
  const deadlines = new DeadlineService(ctx, calendars, config);
  const notifications = new NotificationService(ctx);
  const callBinding = new CallBindingService(ctx);
  const tickets = new TicketService(
    ctx,
    deadlines,
    notifications,
    files,
    config,
    live,
    callBinding,
  );
  const abuse = new AbuseService(ctx);
  const kb = new KbService(ctx);
  const templates = new TemplateService(ctx);
  const challenges = new ChallengeService(ctx);
  return {
    auth: new AuthService(ctx, config),
    calendars,
    deadlines,
    notifications,
    tickets,
    org: new OrgService(ctx, config, calendars),
    storage: files,
    config,
    live,
    open311: new Open311Service(ctx, tickets, abuse),
    abuse,
    challenges,
    chat: new ChatService(ctx, { tickets, abuse, calendars, config, kb, templates }),
    publicSite: new PublicService(ctx, { tickets, abuse, challenges, kb, templates }),
    audit: new AuditService(ctx),
    setup: new SetupService(ctx),
    kb,
    templates,
    stats: new StatsService(ctx),
    publications: new PublicationService(ctx),
    push: new PushService(ctx),
    agents: new AgentsService(ctx),
    calls: new CallsService(ctx, tickets, callBinding),
    flows: new FlowsService(ctx, files),
    trunks: new TrunkService(ctx),
    transfers: new TransferService(ctx),
    metrics: new MetricsService(ctx),
  };
}
