/**
 * The IVR as a pure state machine: (flow, state, event) → (state, effects). No audio, no
 * timers, no clock: the runner plays what `play` asks, starts the timers `startTimer` asks
 * for, and feeds back `played`, `digit`, `timeout` — each carrying the id it was issued with,
 * so a late event from a play that was stopped or a timer that was cancelled is ignored.
 */
import type { IvrFlow, IvrNode } from './flow.ts';

export type IvrEffect =
  /** Play these texts in order; report `played` with this id when the last one finished. */
  | { type: 'play'; id: number; texts: string[] }
  | { type: 'stopPlay' }
  | { type: 'startTimer'; id: number; ms: number }
  | { type: 'cancelTimer' }
  | { type: 'done'; outcome: IvrOutcome };

export type IvrEvent =
  | { type: 'played'; id: number }
  | { type: 'digit'; digit: string }
  | { type: 'timeout'; id: number };

export type IvrOutcome =
  { kind: 'queue'; queue: string } | { kind: 'transfer'; target: string } | { kind: 'hangup' };

export interface IvrState {
  node: string;
  /** prompting: the node's audio plays (a menu accepts keys, barge-in); waiting: a menu waits
   * for a key; leaving: the last words before `done`; done: nothing more happens. */
  phase: 'prompting' | 'waiting' | 'leaving' | 'done';
  attempts: number;
  /** Keys the caller chose (valid menu choices only), in order: the CDR's `digits`. */
  digits: string;
  /** Nodes entered, in order. */
  path: string[];
  playId: number;
  timerId: number;
}

export interface IvrContext {
  /** Is the hotline within its working hours now (for `hours` nodes)? */
  isOpen(): boolean;
}

const MAX_HOPS = 100;

export function startIvr(
  flow: IvrFlow,
  ctx: IvrContext,
): { state: IvrState; effects: IvrEffect[] } {
  const state: IvrState = {
    node: flow.start,
    phase: 'prompting',
    attempts: 0,
    digits: '',
    path: [],
    playId: 0,
    timerId: 0,
  };
  const effects: IvrEffect[] = [];
  enter(flow, state, flow.start, ctx, effects, 0);
  return { state, effects };
}

export function stepIvr(
  flow: IvrFlow,
  prev: IvrState,
  event: IvrEvent,
  ctx: IvrContext,
): { state: IvrState; effects: IvrEffect[] } {
  const state: IvrState = { ...prev };
  const effects: IvrEffect[] = [];
  if (state.phase === 'done') return { state, effects };
  const node = flow.nodes[state.node]!;

  switch (event.type) {
    case 'played': {
      if (event.id !== state.playId) break; // a stopped play
      if (state.phase === 'leaving') return finish(state, node, effects);
      if (node.type === 'menu' && state.phase === 'prompting') {
        state.phase = 'waiting';
        state.timerId++;
        effects.push({ type: 'startTimer', id: state.timerId, ms: node.timeoutSeconds * 1000 });
      } else if (node.type === 'message') enter(flow, state, node.next, ctx, effects, 0);
      break;
    }
    case 'digit': {
      if (node.type !== 'menu' || (state.phase !== 'prompting' && state.phase !== 'waiting')) break;
      if (state.phase === 'prompting') effects.push({ type: 'stopPlay' });
      else effects.push({ type: 'cancelTimer' });
      const target = (node.options as Record<string, string | undefined>)[event.digit];
      if (target !== undefined) {
        state.digits += event.digit;
        enter(flow, state, target, ctx, effects, 0);
      } else retry(flow, state, node, ctx, effects, node.invalidPrompt);
      break;
    }
    case 'timeout': {
      if (event.id !== state.timerId || state.phase !== 'waiting' || node.type !== 'menu') break;
      retry(flow, state, node, ctx, effects, node.timeoutPrompt);
      break;
    }
  }
  return { state, effects };
}

function retry(
  flow: IvrFlow,
  state: IvrState,
  node: Extract<IvrNode, { type: 'menu' }>,
  ctx: IvrContext,
  effects: IvrEffect[],
  sorry: string | undefined,
): void {
  state.attempts++;
  if (state.attempts >= node.maxAttempts) {
    enter(flow, state, node.onFail, ctx, effects, 0);
    return;
  }
  state.phase = 'prompting';
  state.playId++;
  effects.push({
    type: 'play',
    id: state.playId,
    texts: sorry ? [sorry, node.prompt] : [node.prompt],
  });
}

function enter(
  flow: IvrFlow,
  state: IvrState,
  id: string,
  ctx: IvrContext,
  effects: IvrEffect[],
  hops: number,
): void {
  if (hops > MAX_HOPS) throw new Error(`IVR flow "${flow.name}" loops without playing anything`);
  const node = flow.nodes[id];
  if (!node) throw new Error(`IVR flow "${flow.name}" has no node "${id}"`);
  state.node = id;
  state.path = [...state.path, id];
  state.attempts = 0;
  switch (node.type) {
    case 'hours':
      enter(flow, state, ctx.isOpen() ? node.open : node.closed, ctx, effects, hops + 1);
      return;
    case 'menu':
    case 'message':
      state.phase = 'prompting';
      state.playId++;
      effects.push({ type: 'play', id: state.playId, texts: [node.prompt] });
      return;
    case 'queue':
    case 'transfer':
    case 'hangup':
      if (node.prompt) {
        state.phase = 'leaving';
        state.playId++;
        effects.push({ type: 'play', id: state.playId, texts: [node.prompt] });
      } else finish(state, node, effects);
      return;
  }
}

function finish(
  state: IvrState,
  node: IvrNode,
  effects: IvrEffect[],
): { state: IvrState; effects: IvrEffect[] } {
  state.phase = 'done';
  const outcome: IvrOutcome =
    node.type === 'queue'
      ? { kind: 'queue', queue: node.queue }
      : node.type === 'transfer'
        ? { kind: 'transfer', target: node.target }
        : { kind: 'hangup' };
  effects.push({ type: 'done', outcome });
  return { state, effects };
}
