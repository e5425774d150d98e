/**
 * Compile-time contract between the server's presenters and the web app's hand-written types
 * (web/src/api/types.ts): `npm run typecheck` fails when a presenter changes a field the web
 * app reads. Nothing here runs.
 */
import type { presentTicket } from '../../../src/modules/ticket/ticket.presenter.ts';
import type { presentTicketDetail } from '../../../src/modules/ticket/ticket.detail.presenter.ts';
import type { presentArticle, presentSearch } from '../../../src/modules/kb/kb.presenter.ts';
import type { presentOperatorLoad } from '../../../src/modules/stats/stats.presenter.ts';
import type { CHANNELS as SERVER_CHANNELS } from '../../../src/modules/ticket/ticket.schema.ts';
import type {
  CHANNELS,
  KbArticle,
  KbSearchResult,
  OperatorLoad,
  TicketDetail,
  TicketDto,
} from '../../../web/src/api/types.ts';

/** True when A and B are mutually assignable. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

// What the server sends must be readable as the web type, and the web type must not invent
// fields the server does not send.
export type Contract = [
  Assert<Same<ReturnType<typeof presentTicket>, TicketDto>>,
  Assert<ReturnType<typeof presentTicketDetail> extends TicketDetail ? true : false>,
  Assert<Same<keyof ReturnType<typeof presentTicketDetail>, keyof TicketDetail>>,
  Assert<Same<ReturnType<typeof presentOperatorLoad>, OperatorLoad>>,
  Assert<Same<ReturnType<typeof presentSearch>, KbSearchResult>>,
  Assert<ReturnType<typeof presentArticle> extends KbArticle ? true : false>,
  Assert<Same<(typeof CHANNELS)[number], (typeof SERVER_CHANNELS)[number]>>,
];
