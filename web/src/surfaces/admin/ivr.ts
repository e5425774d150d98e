/**
 * The IVR editor's form (R-TEL-2): a flow as name, voice, start node and one JSON box per node,
 * turned back into the flow the API checks; the server's problems (dotted paths such as
 * "flow.nodes.main.options.1") sorted to the node they are about. Pure: unit tested.
 */
import type { AdminMessage } from './messages.ts';
import { IVR_VOICES } from '../../../../src/contract/enums.ts';
import type {
  FlowIssue,
  IvrFlowDetail,
  IvrFlowInput,
  IvrFlowSummary,
  IvrNodeType,
  IvrPrompt,
  SpokenField,
} from '../../../../src/contract/ivr.ts';

export const VOICES = IVR_VOICES;
// The next two lists are typed against the contract rather than imported from it: its module
// brings zod, which this screen does not otherwise load.
/** Node types, in the order the editor offers them. */
export const NODE_TYPES = [
  'message',
  'menu',
  'hours',
  'status',
  'queue',
  'transfer',
  'hangup',
] as const satisfies readonly IvrNodeType[];
export type NodeType = (typeof NODE_TYPES)[number];
/** Fields of a node that are spoken (a recording may replace each). */
export const SPOKEN = [
  'prompt',
  'invalidPrompt',
  'timeoutPrompt',
  'notFoundPrompt',
] as const satisfies readonly SpokenField[];

/**
 * A problem at a path of the flow: a warning of the saved flow, or one of a refusal's details
 * (a prompt that could not be rendered, a number another flow answers), which carry other
 * codes or none.
 */
export type IvrIssue = Omit<FlowIssue, 'code' | 'severity'> & {
  code?: string;
  severity?: FlowIssue['severity'];
};

export type PromptInfo = IvrPrompt;
export type FlowSummary = IvrFlowSummary;
export type FlowDetail = IvrFlowDetail;

/** The flow as the form builds it: each node is left for the server to check. */
export type FlowJson = Pick<IvrFlowInput, 'name' | 'start'> & {
  voice?: string;
  nodes: Record<string, Record<string, unknown>>;
};

export interface NodeForm {
  /** Stable across renames, for React keys. */
  key: number;
  id: string;
  json: string;
}

export interface FlowForm {
  name: string;
  voice: string;
  start: string;
  numbers: string;
  isDefault: boolean;
  nodes: NodeForm[];
}

let seq = 0;
const nextKey = () => ++seq;

/** What a new node of each type starts as (the administrator fills in the rest). */
export function nodeTemplate(type: NodeType): Record<string, unknown> {
  switch (type) {
    case 'message':
      return { type, prompt: '', next: '' };
    case 'menu':
      return { type, prompt: '', options: { '1': '' }, onFail: '' };
    case 'hours':
      return { type, open: '', closed: '' };
    case 'status':
      return { type, prompt: '', next: '', onFail: '' };
    case 'queue':
      return { type, queue: 'tiep-nhan', prompt: '' };
    case 'transfer':
      return { type, target: '', prompt: '' };
    case 'hangup':
      return { type, prompt: '' };
  }
}

export function formFromFlow(f: FlowDetail | null): FlowForm {
  if (!f)
    return {
      name: '',
      voice: 'vi',
      start: 'greeting',
      numbers: '',
      isDefault: false,
      nodes: [
        {
          key: nextKey(),
          id: 'greeting',
          json: pretty({ type: 'message', prompt: '', next: 'bye' }),
        },
        { key: nextKey(), id: 'bye', json: pretty({ type: 'hangup', prompt: '' }) },
      ],
    };
  return {
    name: f.flow.name,
    voice: f.flow.voice ?? 'vi',
    start: f.flow.start,
    numbers: f.numbers.join(', '),
    isDefault: f.isDefault,
    nodes: Object.entries(f.flow.nodes).map(([id, n]) => ({ key: nextKey(), id, json: pretty(n) })),
  };
}

export function newNode(type: NodeType, taken: readonly string[]): NodeForm {
  let id: string = type;
  for (let i = 2; taken.includes(id); i++) id = `${type}-${i}`;
  return { key: nextKey(), id, json: pretty(nodeTemplate(type)) };
}

function pretty(v: unknown): string {
  return JSON.stringify(v, null, 2);
}

/** "1022, 0236 3822 022" → ["1022", "02363822022"]. */
export function parseNumbers(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((s) => s.replace(/\s+/g, ''))
    .filter(Boolean);
}

export type FormProblems = Partial<Record<'name' | 'start' | `node:${number}`, AdminMessage>>;

/**
 * The flow JSON of the form, or what stops it being built (a JSON box that does not parse,
 * two nodes with one id). Everything else is for the server to judge.
 */
export function flowFromForm(
  form: FlowForm,
): { flow: FlowJson; problems: null } | { flow: null; problems: FormProblems } {
  const problems: FormProblems = {};
  const nodes: Record<string, Record<string, unknown>> = {};
  const seen = new Set<string>();
  if (!form.name.trim()) problems.name = { key: 'validation.required' };
  for (const n of form.nodes) {
    const id = n.id.trim();
    if (!id) {
      problems[`node:${n.key}`] = { key: 'admin.ivr.err.nodeId' };
      continue;
    }
    if (seen.has(id)) {
      problems[`node:${n.key}`] = { key: 'admin.ivr.err.duplicate', params: { id } };
      continue;
    }
    seen.add(id);
    try {
      const parsed: unknown = JSON.parse(n.json);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('not an object');
      nodes[id] = parsed as Record<string, unknown>;
    } catch (err) {
      problems[`node:${n.key}`] = {
        key: 'admin.ivr.err.json',
        params: { error: (err as Error).message },
      };
    }
  }
  if (Object.keys(problems).length) return { flow: null, problems };
  return {
    flow: { name: form.name.trim(), voice: form.voice, start: form.start.trim(), nodes },
    problems: null,
  };
}

/** Where a server problem belongs: a node (by id) with the field inside it, or the flow. */
export function locate(path: string): { node: string | null; field: string } {
  const p = path.startsWith('flow.') ? path.slice(5) : path === 'flow' ? '' : path;
  const m = /^nodes\.([^.]+)(?:\.(.*))?$/.exec(p);
  if (m) return { node: m[1]!, field: m[2] ?? '' };
  return { node: null, field: p };
}

/** Problems grouped by node id; the rest (name, start, numbers…) under `flow`. */
export function issuesByNode(issues: readonly IvrIssue[]): {
  byNode: Map<string, IvrIssue[]>;
  flow: IvrIssue[];
} {
  const byNode = new Map<string, IvrIssue[]>();
  const flow: IvrIssue[] = [];
  for (const i of issues) {
    const { node } = locate(i.path);
    if (node === null) flow.push(i);
    else byNode.set(node, [...(byNode.get(node) ?? []), i]);
  }
  return { byNode, flow };
}

/** The spoken texts of a node's JSON box, by field (empty when the box does not parse). */
export function spokenTexts(json: string): [field: string, text: string][] {
  try {
    const n = JSON.parse(json) as Record<string, unknown>;
    return SPOKEN.filter((f) => typeof n[f] === 'string' && (n[f] as string).trim()).map((f) => [
      f,
      (n[f] as string).trim(),
    ]);
  } catch {
    return [];
  }
}

/** The node's type from its JSON box, for the badge (null when it does not parse). */
export function typeOf(json: string): string | null {
  try {
    const t = (JSON.parse(json) as { type?: unknown }).type;
    return typeof t === 'string' ? t : null;
  } catch {
    return null;
  }
}
