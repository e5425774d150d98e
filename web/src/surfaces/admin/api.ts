/**
 * The administrator's writes (each one audited by the server), in the admin chunk so that the
 * operator console does not carry them.
 */
import { API_BASE, request } from '../../api/client.ts';
import type {
  Agency,
  AgencyBodyInput,
  AgencyPatch,
  Field,
  FieldBodyInput,
  FieldGroup,
  FieldPatch,
  ScopeRule,
  ScopeRuleBodyInput,
  ScopeRulePatch,
  Settings,
  User,
  UserBodyInput,
  UserPatch,
} from '../../../../src/contract/org.ts';
import type { CalendarSummary, ExceptionBodyInput } from '../../../../src/contract/calendar.ts';
import type {
  MessageTemplate,
  TemplateBodyInput,
  TemplatePatch,
} from '../../../../src/contract/template.ts';

import type { FlowDetail, FlowJson, FlowSummary } from './ivr.ts';

const id = (x: string) => encodeURIComponent(x);

interface FlowBody {
  flow: FlowJson;
  numbers: string[];
  isDefault: boolean;
}

export const adminApi = {
  users: () => request<User[]>('GET', '/users'),
  createUser: (b: UserBodyInput) => request<User>('POST', '/users', b),
  updateUser: (userId: string, b: UserPatch) => request<User>('PATCH', `/users/${id(userId)}`, b),
  createAgency: (b: AgencyBodyInput) => request<Agency>('POST', '/agencies', b),
  updateAgency: (agencyId: string, b: AgencyPatch) =>
    request<Agency>('PATCH', `/agencies/${id(agencyId)}`, b),
  createField: (b: FieldBodyInput) => request<Field>('POST', '/fields', b),
  updateField: (fieldId: string, b: FieldPatch) =>
    request<Field>('PATCH', `/fields/${id(fieldId)}`, b),
  nameGroup: (n: number, b: { name: string; nameEn: string }) =>
    request<FieldGroup>('PUT', `/field-groups/${n}`, b),
  scopeRules: () => request<ScopeRule[]>('GET', '/scope-rules?includeInactive=true'),
  createScopeRule: (b: ScopeRuleBodyInput) => request<ScopeRule>('POST', '/scope-rules', b),
  updateScopeRule: (ruleId: string, b: ScopeRulePatch) =>
    request<ScopeRule>('PATCH', `/scope-rules/${id(ruleId)}`, b),
  createCalendar: (name: string, config: unknown) =>
    request<CalendarSummary>('POST', '/calendars', { name, config }),
  saveCalendarConfig: (calId: string, config: unknown) =>
    request<{ ok: true }>('PUT', `/calendars/${id(calId)}/config`, config),
  putException: (calId: string, b: ExceptionBodyInput) =>
    request<{ ok: true }>('PUT', `/calendars/${id(calId)}/exceptions`, b),
  deleteException: (calId: string, date: string) =>
    request<{ ok: true }>('DELETE', `/calendars/${id(calId)}/exceptions/${id(date)}`),
  importICalendar: (calId: string, text: string) =>
    request<{ imported: number }>('POST', `/calendars/${id(calId)}/ical`, text, 'text/calendar'),
  icalUrl: (calId: string, year: number) => `${API_BASE}/calendars/${id(calId)}/ical?year=${year}`,
  updateSettings: (b: { sla?: Settings['sla']; hotline?: string }) =>
    request<Settings>('PATCH', '/settings', b),
  createTemplate: (b: TemplateBodyInput) => request<MessageTemplate>('POST', '/templates', b),
  updateTemplate: (templateId: string, b: TemplatePatch) =>
    request<MessageTemplate>('PATCH', `/templates/${id(templateId)}`, b),
  ivrFlows: () => request<{ items: FlowSummary[] }>('GET', '/ivr/flows').then((r) => r.items),
  ivrFlow: (flowId: string) => request<FlowDetail>('GET', `/ivr/flows/${id(flowId)}`),
  createIvrFlow: (b: FlowBody) => request<FlowDetail>('POST', '/ivr/flows', b),
  updateIvrFlow: (flowId: string, b: FlowBody & { version: number }) =>
    request<FlowDetail>('PUT', `/ivr/flows/${id(flowId)}`, b),
  deleteIvrFlow: (flowId: string) => request<null>('DELETE', `/ivr/flows/${id(flowId)}`),
  uploadIvrPrompt: (flowId: string, key: string, file: File) =>
    request<FlowDetail>(
      'PUT',
      `/ivr/flows/${id(flowId)}/prompts/${id(key)}`,
      file,
      file.type || 'application/octet-stream',
    ),
  deleteIvrPrompt: (flowId: string, key: string) =>
    request<null>('DELETE', `/ivr/flows/${id(flowId)}/prompts/${id(key)}`),
  /**
   * The address of a WAV of the text as callers hear it, checked first (an ApiError when it
   * cannot be rendered). The player loads the address itself: the page's CSP allows media from
   * this origin only, not blob: URLs.
   */
  ivrPreview: async (text: string, voice: string, nonce: number): Promise<string> => {
    const path = `/ivr/preview?voice=${id(voice)}&text=${id(text)}`;
    const res = await fetch(API_BASE + path, { credentials: 'same-origin' });
    // The JSON error, through the same path as every other call.
    if (!res.ok) return request<never>('GET', path);
    // Another address each time, so that listening again plays again.
    return `${API_BASE}${path}&n=${nonce}`;
  },
};
