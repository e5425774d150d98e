/**
 * Typed access to /api/v1. Cookie session + CSRF header on writes (the token comes from the
 * login response or GET /auth/me). Every failure is an `ApiError` carrying the API's stable
 * `code` and both messages, so screens show the server's own Vietnamese/English wording.
 */
import type {
  ActionBodyInput,
  CreateTicketBodyInput,
  TicketListFilter,
  TicketDetail,
  Ticket,
  TicketList,
} from '../../../src/contract/ticket.ts';
import type { Action } from '../../../src/contract/enums.ts';
import type {
  Agency,
  Field,
  FieldGroup,
  ScopeRule,
  Settings,
  User,
} from '../../../src/contract/org.ts';
import type { CalendarDetail, CalendarSummary } from '../../../src/contract/calendar.ts';
import type { Notification } from '../../../src/contract/notification.ts';
import type { MessageTemplate, TemplateKind } from '../../../src/contract/template.ts';
import type {
  AccessRevoked,
  ApiToken,
  ApiTokenInfo,
  PasswordChangeBody,
  Session,
  SessionState,
  TokenBody,
} from '../../../src/contract/auth.ts';
import type { KbArticle, KbSearchResult } from '../../../src/contract/kb.ts';
import type { OperatorLoad } from '../../../src/contract/stats.ts';
import type {
  Agent,
  AgentStateBodyInput,
  AgentStateSet,
  WaitingCall,
} from '../../../src/contract/agents.ts';
import type { CallListQueryInput, CallPage } from '../../../src/contract/calls.ts';
import type {
  TransferBodyInput,
  TransferStarted,
  TransferStep,
} from '../../../src/contract/transfers.ts';
import type {
  PushKey,
  PushRemoved,
  SubscriptionBodyInput,
  SubscriptionCreated,
} from '../../../src/contract/push.ts';

/** Filters of the call log. */
export type CallQuery = CallListQueryInput;

/** Where a call's recording streams from (the browser's <audio> sends the session cookie). */
export function recordingUrl(callId: string): string {
  return `${API_BASE}/calls/${encodeURIComponent(callId)}/recording`;
}

export const API_BASE = '/api/v1';

/** Codes the client itself produces, besides the server's ErrorCode values. */
export type ClientErrorCode = 'network' | 'bad_response';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageVi: string | null,
    readonly messageEn: string | null,
    readonly details?: unknown,
  ) {
    super(messageEn ?? code);
    this.name = 'ApiError';
  }

  /** The server's message in the user's language; null for client-side failures. */
  localized(lang: 'vi' | 'en'): string | null {
    return lang === 'en' ? (this.messageEn ?? this.messageVi) : (this.messageVi ?? this.messageEn);
  }
}

interface ErrorJson {
  error?: { code?: string; message_vi?: string; message_en?: string; details?: unknown };
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when a request answers 401: the session expired or was revoked. */
export function setUnauthenticatedHandler(fn: (() => void) | null) {
  onUnauthenticated = fn;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  /** Sends `body` (a string or a file) as is with this content type instead of as JSON. */
  rawType?: string,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = rawType ?? 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      credentials: 'same-origin',
      headers,
      body:
        body === undefined
          ? null
          : rawType
            ? body instanceof Blob
              ? body
              : String(body)
            : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'network', null, null, String(err));
  }
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      if (res.ok) throw new ApiError(res.status, 'bad_response', null, null);
    }
  }
  if (!res.ok) {
    const e = (json as ErrorJson | null)?.error;
    if (res.status === 401 && !path.startsWith('/auth/')) onUnauthenticated?.();
    throw new ApiError(
      res.status,
      e?.code ?? 'bad_response',
      e?.message_vi ?? null,
      e?.message_en ?? null,
      e?.details,
    );
  }
  return json as T;
}

function query(q: Record<string, string | number | string[] | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      if (v.length) p.set(k, v.join(','));
    } else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Every endpoint the web app uses, typed. */
export const api = {
  login: (username: string, password: string) =>
    request<Session & { csrfToken: string }>('POST', '/auth/login', { username, password }),
  logout: () => request<{ ok: true }>('POST', '/auth/logout', {}),
  me: () => request<Session>('GET', '/auth/me'),
  /** Who this browser is signed in as, or nobody (never a 401 in the console). */
  session: () => request<SessionState>('GET', '/auth/session'),
  // One's own account (issue #12): password, API tokens, sign out everywhere.
  changePassword: (body: PasswordChangeBody) =>
    request<AccessRevoked>('POST', '/auth/password', body),
  signOutEverywhere: () => request<AccessRevoked>('POST', '/auth/sign-out-everywhere', {}),
  myTokens: () => request<ApiTokenInfo[]>('GET', '/auth/tokens'),
  createToken: (body: TokenBody) => request<ApiToken>('POST', '/auth/tokens', body),
  /** One's own token, or (administrators) anyone's. */
  revokeToken: (id: string) =>
    request<ApiTokenInfo>('DELETE', `/auth/tokens/${encodeURIComponent(id)}`),
  userTokens: (userId: string) =>
    request<ApiTokenInfo[]>('GET', `/users/${encodeURIComponent(userId)}/tokens`),

  listTickets: (q: TicketListFilter = {}) =>
    request<TicketList>('GET', `/tickets${query({ ...q })}`),
  lookup: (by: { phone?: string; email?: string }) =>
    request<TicketList>('GET', `/tickets/lookup${query(by)}`),
  ticket: (id: string) => request<TicketDetail>('GET', `/tickets/${encodeURIComponent(id)}`),
  createTicket: (body: CreateTicketBodyInput) => request<TicketDetail>('POST', '/tickets', body),
  act: (id: string, action: Action, body: ActionBodyInput) =>
    request<TicketDetail | Ticket>(
      'POST',
      `/tickets/${encodeURIComponent(id)}/actions/${action}`,
      body,
    ),

  agencies: () => request<Agency[]>('GET', '/agencies'),
  fields: () => request<{ groups: FieldGroup[]; fields: Field[] }>('GET', '/fields'),
  scopeRules: () => request<ScopeRule[]>('GET', '/scope-rules'),
  screen: (text: string) =>
    request<{ match: ScopeRule | null }>('POST', '/scope-rules/screen', { text }),
  calendars: () => request<CalendarSummary[]>('GET', '/calendars'),
  calendar: (id: string) => request<CalendarDetail>('GET', `/calendars/${encodeURIComponent(id)}`),

  calendarPreview: (id: string, hours: number, from: string) =>
    request<{ from: string; hours: number; dueAt: string }>(
      'GET',
      `/calendars/${encodeURIComponent(id)}/preview${query({ hours, from })}`,
    ),
  settings: () => request<Settings>('GET', '/settings'),
  /** Staff accounts (administrator, supervisor, coordinator). */
  users: () => request<User[]>('GET', '/users'),
  templates: (kind?: TemplateKind) =>
    request<MessageTemplate[]>('GET', `/templates${query({ kind })}`),

  /** Published articles, accent-insensitive (the same search the public side uses). */
  kbSearch: (q: string, limit = 6) =>
    request<KbSearchResult>('GET', `/kb/search${query({ q, limit })}`),
  kbArticle: (id: string) => request<KbArticle>('GET', `/kb/articles/${encodeURIComponent(id)}`),

  /** Transfers of the live call to an agency's phone (R-WF-8). */
  transferCall: (callId: string, target: string, mode: NonNullable<TransferBodyInput['mode']>) =>
    request<TransferStarted>('POST', `/calls/${encodeURIComponent(callId)}/transfer`, {
      target,
      mode,
    } satisfies TransferBodyInput),
  completeTransfer: (callId: string) =>
    request<TransferStep>('POST', `/calls/${encodeURIComponent(callId)}/transfer/complete`, {}),
  cancelTransfer: (callId: string) =>
    request<TransferStep>('POST', `/calls/${encodeURIComponent(callId)}/transfer/cancel`, {}),

  pushKey: () => request<PushKey>('GET', '/push/key'),
  pushSubscribe: (sub: SubscriptionBodyInput) =>
    request<SubscriptionCreated>('POST', '/push/subscriptions', sub),
  pushUnsubscribe: (endpoint: string) =>
    request<PushRemoved>('POST', '/push/subscriptions/remove', { endpoint }),
  operatorLoad: () => request<OperatorLoad>('GET', '/stats/operators'),

  /** Operators' phones and call states; the operator's own availability. */
  agents: () => request<{ items: Agent[] }>('GET', '/agents'),
  setMyState: (state: AgentStateBodyInput['state']) =>
    request<AgentStateSet>('PUT', '/agents/me/state', {
      state,
    } satisfies AgentStateBodyInput),
  waitingCalls: () => request<{ items: WaitingCall[] }>('GET', '/call-queues/waiting'),
  calls: (q: CallQuery = {}) => request<CallPage>('GET', `/calls${query({ ...q })}`),

  notifications: () => request<Notification[]>('GET', '/notifications'),
  markRead: (id: string) =>
    request<{ ok: true }>('POST', `/notifications/${encodeURIComponent(id)}/read`, {}),
};

/** Whether an action's answer still carries the timeline (the actor can still see it). */
export function isDetail(t: TicketDetail | Ticket): t is TicketDetail {
  return 'timeline' in t;
}
