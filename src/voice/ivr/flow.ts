/**
 * IVR menus as data (R-TEL-2): a flow is a set of named nodes — menus with keypad options,
 * messages, a working-hours branch, and the ways out (queue to operators, transfer, closing
 * message and hang-up). Its shape is part of the API (`src/contract/ivr.ts`); the rules a flow
 * must also follow to run (every reference resolves, no silent loop) are here.
 */
import { IVR_VOICES } from '../../contract/enums.ts';
import { ivrFlow, ivrNode, type IvrFlow, type IvrNode } from '../../contract/ivr.ts';
import { statusTexts } from './status.ts';

export {
  KEYS,
  type Key,
  type IvrFlow,
  type IvrNode,
  type IvrFlowInput,
} from '../../contract/ivr.ts';

/** espeak-ng voices for Vietnamese: northern (Hà Nội), central (Huế), southern (Sài Gòn). */
export const VOICES = IVR_VOICES;

/** The shape of one node and of a flow (`src/contract/ivr.ts`), without the graph checks. */
export const ivrNodeSchema = ivrNode;
export const ivrFlowObject = ivrFlow;

export const ivrFlowSchema = ivrFlowObject.superRefine((flow, ctx) => {
  for (const problem of flowProblems(flow)) ctx.addIssue({ code: 'custom', message: problem });
});

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
