/**
 * IVR menus as data (R-TEL-2): a flow is a set of named nodes — menus with keypad options,
 * messages, a working-hours branch, and the ways out (queue to operators, transfer, closing
 * message and hang-up). Flows are validated here before they are saved or run.
 */
import { z } from 'zod';
import { IVR_VOICES } from '../../contract/enums.ts';
import { statusTexts } from './status.ts';

export const KEYS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'] as const;
export type Key = (typeof KEYS)[number];

/** espeak-ng voices for Vietnamese: northern (Hà Nội), central (Huế), southern (Sài Gòn). */
export const VOICES = IVR_VOICES;

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

export const ivrNodeSchema = z.discriminatedUnion('type', [
  menu,
  message,
  hours,
  queue,
  transfer,
  hangup,
  status,
]);

/** The flow's shape alone; `validate.ts` adds the graph checks with a JSON path per problem. */
export const ivrFlowObject = z.object({
  name: z.string().trim().min(1).max(200),
  voice: z.enum(VOICES).default('vi'),
  start: nodeId,
  nodes: z.record(nodeId, ivrNodeSchema),
});

export const ivrFlowSchema = ivrFlowObject.superRefine((flow, ctx) => {
  for (const problem of flowProblems(flow)) ctx.addIssue({ code: 'custom', message: problem });
});

export type IvrFlow = z.infer<typeof ivrFlowSchema>;
export type IvrNode = z.infer<typeof ivrNodeSchema>;
export type IvrFlowInput = z.input<typeof ivrFlowSchema>;

/** References to missing nodes, and loops that would never play anything. */
export function flowProblems(flow: Pick<IvrFlow, 'start' | 'nodes'>): string[] {
  const problems: string[] = [];
  const exists = (id: string) => Object.hasOwn(flow.nodes, id);
  if (!exists(flow.start)) problems.push(`start node "${flow.start}" does not exist`);
  for (const [id, node] of Object.entries(flow.nodes)) {
    for (const target of successors(node))
      if (!exists(target)) problems.push(`node "${id}" leads to missing node "${target}"`);
  }
  // Hours nodes move on without playing: a cycle of them alone would spin forever.
  for (const id of Object.keys(flow.nodes)) {
    const seen = new Set<string>();
    let at: string | undefined = id;
    while (at && flow.nodes[at]?.type === 'hours') {
      if (seen.has(at)) {
        problems.push(`nodes ${[...seen].join(', ')} form a loop without a prompt`);
        break;
      }
      seen.add(at);
      at = (flow.nodes[at] as { open: string }).open;
    }
  }
  return [...new Set(problems)];
}

export function successors(node: IvrNode): string[] {
  switch (node.type) {
    case 'menu':
      return [...Object.values(node.options), node.onFail];
    case 'message':
      return [node.next];
    case 'hours':
      return [node.open, node.closed];
    case 'status':
      return [node.next, node.onFail];
    default:
      return [];
  }
}

/** Every text the flow can speak (to render before the flow is used). */
export function flowTexts(flow: IvrFlow): string[] {
  const out = new Set<string>();
  for (const node of Object.values(flow.nodes)) {
    if ('prompt' in node && node.prompt) out.add(node.prompt);
    if (node.type === 'menu') {
      if (node.invalidPrompt) out.add(node.invalidPrompt);
      if (node.timeoutPrompt) out.add(node.timeoutPrompt);
    }
    if (node.type === 'status') {
      out.add(node.notFoundPrompt);
      for (const t of statusTexts()) out.add(t);
    }
  }
  return [...out];
}
