/**
 * IVR flows as administrators configure them (R-TEL-2): `/api/v1/ivr`. A flow is a set of
 * named nodes — menus with keypad options, messages, a working-hours branch, a self-service
 * status readout and the ways out (queue to operators, transfer, closing message and hang-up).
 * The flow's shape is here; the graph checks (references, loops, reachability) and their
 * messages are the server's (`src/voice/ivr/validate.ts`).
 */
import { z } from 'zod';
import { IVR_VOICES } from './enums.ts';
import { instant } from './common.ts';

export const KEYS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'] as const;
export type Key = (typeof KEYS)[number];

/** Node types, in the order the editor offers them. */
export const IVR_NODE_TYPES = [
  'message',
  'menu',
  'hours',
  'status',
  'queue',
  'transfer',
  'hangup',
] as const satisfies readonly IvrNodeType[];

/** Fields of a node that are spoken: a recording may replace each (`<node>.<field>`). */
export const SPOKEN_FIELDS = [
  'prompt',
  'invalidPrompt',
  'timeoutPrompt',
  'notFoundPrompt',
] as const;
export type SpokenField = (typeof SPOKEN_FIELDS)[number];

const nodeId = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'node ids: a-z, 0-9, _ and -, up to 40');
const text = z.string().trim().min(1).max(1000);

const menu = z.object({
  type: z.literal('menu'),
  prompt: text,
  /** Key → node. */
  options: z
    .partialRecord(z.enum(KEYS), nodeId)
    .refine((o) => Object.keys(o).length > 0, 'a menu needs an option'),
  timeoutSeconds: z.number().int().min(1).max(60).default(6),
  /** Tries (timeouts and wrong keys together) before `onFail`. */
  maxAttempts: z.number().int().min(1).max(10).default(3),
  invalidPrompt: text.optional(),
  timeoutPrompt: text.optional(),
  onFail: nodeId,
});

const message = z.object({ type: z.literal('message'), prompt: text, next: nodeId });
const hours = z.object({ type: z.literal('hours'), open: nodeId, closed: nodeId });
const queue = z.object({
  type: z.literal('queue'),
  queue: z.string().min(1).max(60),
  prompt: text.optional(),
});
const transfer = z.object({
  type: z.literal('transfer'),
  target: z.string().min(1).max(200),
  prompt: text.optional(),
});
const hangup = z.object({ type: z.literal('hangup'), prompt: text.optional() });
/**
 * Self-service status (R-PUB-3): the caller keys a ticket code (year and number, or the number
 * alone) and `#`; the status is read back, then the flow goes on at `next`. `*` starts over.
 * Only tickets filed with the number the caller rings from are told.
 */
const status = z.object({
  type: z.literal('status'),
  prompt: text,
  next: nodeId,
  /** After `maxAttempts` codes not found, or no keys at all. */
  onFail: nodeId,
  maxDigits: z.number().int().min(4).max(16).default(12),
  /** Silence allowed before the first key and between keys. */
  timeoutSeconds: z.number().int().min(1).max(60).default(8),
  maxAttempts: z.number().int().min(1).max(10).default(3),
  notFoundPrompt: text.default(
    'Không tìm thấy phản ánh có mã số này, gửi từ số điện thoại bạn đang gọi.',
  ),
});

export const ivrNode = z.discriminatedUnion('type', [
  menu,
  message,
  hours,
  queue,
  transfer,
  hangup,
  status,
]);

/** The flow's shape alone; the server adds the graph checks with a JSON path per problem. */
export const ivrFlow = z.object({
  name: z.string().trim().min(1).max(200),
  voice: z.enum(IVR_VOICES).default('vi'),
  start: nodeId,
  nodes: z.record(nodeId, ivrNode),
});

/** What is wrong with a flow, or worth a look (a node nobody reaches). */
export const FLOW_ISSUE_CODES = [
  'invalid',
  'start_missing',
  'node_missing',
  'queue_unknown',
  'loop_without_key',
  'unreachable',
] as const;

export const flowIssue = z.object({
  code: z.enum(FLOW_ISSUE_CODES),
  /** Errors block the save; warnings are shown but saved. */
  severity: z.enum(['error', 'warning']),
  /** Dotted path in the request ("flow.nodes.main.options.1"; "flow" = the whole flow). */
  path: z.string(),
  message_vi: z.string(),
  message_en: z.string(),
});

export const flowParams = z.object({ id: z.uuid() });

/** "<node>.<field>": the spoken field of a node a recording replaces. */
export const promptParams = z.object({
  id: z.uuid(),
  key: z.string().regex(new RegExp(`^[a-z0-9_-]{1,40}\\.(${SPOKEN_FIELDS.join('|')})$`)),
});

/** A called number as the SIP Request-URI's user part carries it. */
const calledNumber = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z+*#._-]{1,32}$/, '1–32 digits, letters, +, *, #, ., _ or -');

const flowFields = {
  /**
   * The flow (`ivrFlow`); checked by the server, which reports every problem with its path
   * (e.g. "flow.nodes.main.options.1") in Vietnamese and English (`ivr_flow_invalid`).
   */
  flow: z.unknown(),
  /** Called numbers (DNIS) this flow answers; each belongs to one flow of the tenant. */
  numbers: z
    .array(calledNumber)
    .max(50)
    .default([])
    .refine((a) => new Set(a).size === a.length, 'numbers must not repeat'),
  /** Answers calls to numbers no flow names (one default per tenant). */
  isDefault: z.boolean().default(false),
};

export const flowBody = z.object(flowFields);

export const flowUpdateBody = z.object({
  ...flowFields,
  /** The version the editor loaded; a newer one in the database answers 409. */
  version: z.number().int().min(1),
});

export const previewQuery = z.object({
  text: z.string().trim().min(1).max(1000),
  voice: z.enum(IVR_VOICES).default('vi'),
});

/** A flow in the list: what it is called, which numbers it answers, who changed it. */
export const ivrFlowSummary = z.object({
  id: z.string(),
  name: z.string(),
  numbers: z.array(z.string()),
  isDefault: z.boolean(),
  version: z.number().int(),
  nodeCount: z.number().int(),
  updatedAt: instant,
  updatedBy: z.string().nullable(),
});

export const ivrFlowList = z.object({ items: z.array(ivrFlowSummary) });

/** A spoken text of the flow and the recording that replaces its synthesised speech. */
export const ivrPrompt = z.object({
  key: z.string(),
  text: z.string(),
  recording: z
    .object({ seconds: z.number(), bytes: z.number().int(), uploadedAt: instant })
    .nullable(),
});

/** A flow for the editor: the flow, the prompts it speaks and their recordings, its warnings. */
export const ivrFlowDetail = ivrFlowSummary.extend({
  flow: ivrFlow,
  prompts: z.array(ivrPrompt),
  warnings: z.array(flowIssue),
});

export type IvrFlow = z.infer<typeof ivrFlow>;
export type IvrNode = z.infer<typeof ivrNode>;
export type IvrNodeType = IvrNode['type'];
export type FlowIssue = z.infer<typeof flowIssue>;
export type FlowIssueCode = FlowIssue['code'];
export type FlowBody = z.infer<typeof flowBody>;
export type FlowUpdateBody = z.infer<typeof flowUpdateBody>;
export type PreviewQuery = z.infer<typeof previewQuery>;
export type IvrFlowSummary = z.infer<typeof ivrFlowSummary>;
export type IvrPrompt = z.infer<typeof ivrPrompt>;
export type IvrFlowDetail = z.infer<typeof ivrFlowDetail>;
/** What a client sends (defaults not yet applied). */
export type IvrFlowInput = z.input<typeof ivrFlow>;
export type FlowBodyInput = z.input<typeof flowBody>;
export type FlowUpdateBodyInput = z.input<typeof flowUpdateBody>;
export type { IvrVoice } from './enums.ts';
