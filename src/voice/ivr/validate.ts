/**
 * Checks an administrator's IVR flow before it is saved (R-TEL-2): the zod shape, then the
 * graph — the start node and every referenced node exist, queue nodes name queues that exist,
 * no loop can run without the caller pressing a key, and nodes nobody can reach are reported
 * as warnings. Every problem carries a stable code, the dotted JSON path of the bad value
 * ("nodes.main.options.1") and a message in Vietnamese and English, so the editor can show it
 * at the node. Pure: no I/O.
 */
import type { z } from 'zod';
import type { FlowIssue, FlowIssueCode } from '../../contract/ivr.ts';
import { ivrFlowObject, type IvrFlow, type IvrNode } from './flow.ts';

export type { FlowIssue, FlowIssueCode };

export interface FlowCheckOptions {
  /** Codes of the tenant's call queues; omitted = queue names are not checked. */
  queues?: ReadonlySet<string>;
}

export interface FlowCheck {
  /** The parsed flow (defaults filled in) when there is no error. */
  flow: IvrFlow | null;
  errors: FlowIssue[];
  warnings: FlowIssue[];
}

/** A reference from one node to another, and whether the caller pressed a key to follow it. */
export interface FlowEdge {
  from: string;
  to: string;
  path: string;
  keyed: boolean;
}

export function checkFlow(input: unknown, opts: FlowCheckOptions = {}): FlowCheck {
  const parsed = ivrFlowObject.safeParse(input);
  if (!parsed.success) {
    return { flow: null, errors: parsed.error.issues.map(zodIssue), warnings: [] };
  }
  const flow = parsed.data;
  const issues = graphIssues(flow, opts);
  const errors = issues.filter((i) => i.severity === 'error');
  return {
    flow: errors.length ? null : flow,
    errors,
    warnings: issues.filter((i) => i.severity === 'warning'),
  };
}

/** Every node → node reference of a flow, with the path of the field that holds it. */
export function edges(flow: Pick<IvrFlow, 'nodes'>): FlowEdge[] {
  const out: FlowEdge[] = [];
  for (const [id, node] of Object.entries(flow.nodes)) {
    const at = (field: string, to: string, keyed: boolean) =>
      out.push({ from: id, to, path: `nodes.${id}.${field}`, keyed });
    switch (node.type) {
      case 'menu':
        for (const [key, to] of Object.entries(node.options))
          if (to) at(`options.${key}`, to, true);
        at('onFail', node.onFail, false);
        break;
      case 'message':
        at('next', node.next, false);
        break;
      case 'hours':
        at('open', node.open, false);
        at('closed', node.closed, false);
        break;
      case 'status':
        // `next` follows a code the caller keyed; `onFail` may follow silence.
        at('next', node.next, true);
        at('onFail', node.onFail, false);
        break;
      default:
        break;
    }
  }
  return out;
}

export function graphIssues(flow: IvrFlow, opts: FlowCheckOptions = {}): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const exists = (id: string) => Object.hasOwn(flow.nodes, id);
  if (!exists(flow.start)) issues.push(issue('start_missing', 'start', { node: flow.start }));
  const all = edges(flow);
  for (const e of all)
    if (!exists(e.to)) issues.push(issue('node_missing', e.path, { node: e.to, from: e.from }));
  if (opts.queues)
    for (const [id, node] of Object.entries(flow.nodes))
      if (node.type === 'queue' && !opts.queues.has(node.queue))
        issues.push(issue('queue_unknown', `nodes.${id}.queue`, { queue: node.queue }));

  const known = all.filter((e) => exists(e.to));
  for (const cycle of loopsWithoutKey(Object.keys(flow.nodes), known))
    issues.push(issue('loop_without_key', `nodes.${cycle[0]}`, { nodes: cycle.join(' → ') }));

  if (exists(flow.start)) {
    const seen = new Set([flow.start]);
    const todo = [flow.start];
    while (todo.length) {
      const at = todo.pop()!;
      for (const e of known) {
        if (e.from !== at || seen.has(e.to)) continue;
        seen.add(e.to);
        todo.push(e.to);
      }
    }
    for (const id of Object.keys(flow.nodes))
      if (!seen.has(id)) issues.push(issue('unreachable', `nodes.${id}`, { node: id }));
  }
  return issues;
}

/**
 * Groups of nodes that can follow each other forever without a key press (strongly connected
 * over edges taken without a key; Tarjan's algorithm), each in the flow's node order.
 */
export function loopsWithoutKey(nodes: string[], all: FlowEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of all) if (!e.keyed) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      const selfLoop = (next.get(v) ?? []).includes(v);
      if (scc.length > 1 || selfLoop) {
        const order = new Map(nodes.map((n, i) => [n, i]));
        found.push(scc.sort((a, b) => order.get(a)! - order.get(b)!));
      }
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return found.sort((a, b) => nodes.indexOf(a[0]!) - nodes.indexOf(b[0]!));
}

/** The dotted path of every text a node speaks, by text (a text may be spoken by several). */
export function promptPaths(flow: IvrFlow): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, node] of Object.entries(flow.nodes))
    for (const [field, text] of nodeTexts(node))
      if (!out.has(text)) out.set(text, `nodes.${id}.${field}`);
  return out;
}

/** The fields of a node that are spoken, with their texts. */
export function nodeTexts(node: IvrNode): [string, string][] {
  const out: [string, string][] = [];
  if ('prompt' in node && node.prompt) out.push(['prompt', node.prompt]);
  if (node.type === 'menu') {
    if (node.invalidPrompt) out.push(['invalidPrompt', node.invalidPrompt]);
    if (node.timeoutPrompt) out.push(['timeoutPrompt', node.timeoutPrompt]);
  }
  if (node.type === 'status') out.push(['notFoundPrompt', node.notFoundPrompt]);
  return out;
}

/** Prompt keys ("greeting.prompt") of a flow, with their texts: what a recording may replace. */
export function promptKeys(flow: IvrFlow): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, node] of Object.entries(flow.nodes))
    for (const [field, text] of nodeTexts(node)) out.set(`${id}.${field}`, text);
  return out;
}

type Params = Record<string, string>;
const MESSAGES: Record<Exclude<FlowIssueCode, 'invalid'>, (p: Params) => [string, string]> = {
  start_missing: (p) => [
    `Nút bắt đầu "${p.node}" không tồn tại.`,
    `The start node "${p.node}" does not exist.`,
  ],
  node_missing: (p) => [
    `Nút "${p.from}" dẫn đến nút "${p.node}" không tồn tại.`,
    `Node "${p.from}" leads to node "${p.node}", which does not exist.`,
  ],
  queue_unknown: (p) => [
    `Hàng đợi "${p.queue}" chưa được khai báo. Tạo hàng đợi trước hoặc chọn hàng đợi khác.`,
    `Call queue "${p.queue}" does not exist. Create it first or choose another one.`,
  ],
  loop_without_key: (p) => [
    `Các nút ${p.nodes} lặp lại mãi mà người gọi không cần bấm phím nào.`,
    `Nodes ${p.nodes} repeat forever without the caller pressing a key.`,
  ],
  unreachable: (p) => [
    `Không có đường nào dẫn đến nút "${p.node}".`,
    `No path leads to node "${p.node}".`,
  ],
};

function issue(code: Exclude<FlowIssueCode, 'invalid'>, path: string, p: Params): FlowIssue {
  const [vi, en] = MESSAGES[code](p);
  return {
    code,
    severity: code === 'unreachable' ? 'warning' : 'error',
    path,
    message_vi: vi,
    message_en: en,
  };
}

const ZOD_VI: Record<string, string> = {
  invalid_type: 'Thiếu trường này hoặc sai kiểu dữ liệu.',
  too_small: 'Giá trị quá ngắn hoặc quá nhỏ.',
  too_big: 'Giá trị quá dài hoặc quá lớn.',
  invalid_format: 'Sai định dạng.',
  invalid_union: 'Loại nút không hợp lệ.',
  invalid_value: 'Giá trị không được chấp nhận.',
  invalid_key: 'Tên không hợp lệ (chỉ dùng a-z, 0-9, _ và -, tối đa 40 ký tự).',
  unrecognized_keys: 'Có trường không được hỗ trợ.',
};

function zodIssue(i: z.core.$ZodIssue): FlowIssue {
  return {
    code: 'invalid',
    severity: 'error',
    path: i.path.map(String).join('.'),
    message_vi: ZOD_VI[i.code] ?? 'Giá trị không hợp lệ.',
    message_en: i.message,
  };
}
