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
  /** Look up the ticket these keys name; report `status` with this id and what to say. */
  | { type: 'lookup'; id: number; digits: string }
  | { type: 'done'; outcome: IvrOutcome };

export type IvrEvent =
  | { type: 'played'; id: number }
  | { type: 'digit'; digit: string }
  | { type: 'timeout'; id: number }
  /** The answer to a `lookup`: the texts to read back, or null when nothing was found. */
  | { type: 'status'; id: number; texts: string[] | null };

export type IvrOutcome =
  { kind: 'queue'; queue: string } | { kind: 'transfer'; target: string } | { kind: 'hangup' };

export interface IvrState {
  node: string;
  /** prompting: the node's audio plays (a menu accepts keys, barge-in); waiting: a menu waits
   * for a key; leaving: the last words before `done`; looking: a status node waits for its
   * lookup; reporting: it reads the status back; done: nothing more happens. */
  phase: 'prompting' | 'waiting' | 'leaving' | 'looking' | 'reporting' | 'done';
  attempts: number;
  /** Keys the caller chose (valid menu choices only), in order: the CDR's `digits`. */
  digits: string;
  /** Keys typed so far at a status node (a ticket code). */
  entry: string;
  /** Nodes entered, in order. */
  path: string[];
  playId: number;
  timerId: number;
  lookupId: number;
}

export interface IvrContext {
  /** Is the hotline within its working hours now (for `hours` nodes)? */
  isOpen(): boolean;
  /**
   * For `status` nodes (used by the runner, not the machine): the texts that tell the status
   * of the ticket the keyed digits name, or null when there is none for this caller.
   */
  lookupStatus?(digits: string): Promise<string[] | null>;
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
    entry: '',
    path: [],
    playId: 0,
    timerId: 0,
    lookupId: 0,
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
  if (node.type === 'status') {
    stepStatus(flow, state, node, event, ctx, effects);
    return { state, effects };
  }

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

type StatusNode = Extract<IvrNode, { type: 'status' }>;

function stepStatus(
  flow: IvrFlow,
  state: IvrState,
  node: StatusNode,
  event: IvrEvent,
  ctx: IvrContext,
  effects: IvrEffect[],
): void {
  const listening = state.phase === 'prompting' || state.phase === 'waiting';
  const wait = () => {
    state.phase = 'waiting';
    state.timerId++;
    effects.push({ type: 'startTimer', id: state.timerId, ms: node.timeoutSeconds * 1000 });
  };
  const submit = () => {
    state.phase = 'looking';
    state.lookupId++;
    effects.push({ type: 'lookup', id: state.lookupId, digits: state.entry });
  };
  switch (event.type) {
    case 'played':
      if (event.id !== state.playId) return;
      if (state.phase === 'prompting') wait();
      else if (state.phase === 'reporting') enter(flow, state, node.next, ctx, effects, 0);
      return;
    case 'digit': {
      if (!listening) return;
      effects.push(state.phase === 'prompting' ? { type: 'stopPlay' } : { type: 'cancelTimer' });
      if (/^[0-9]$/.test(event.digit)) {
        state.entry += event.digit;
        if (state.entry.length >= node.maxDigits) submit();
        else wait();
      } else if (event.digit === '#') {
        if (state.entry) submit();
        else retry(flow, state, node, ctx, effects, undefined);
      } else {
        if (event.digit === '*') state.entry = '';
        wait();
      }
      return;
    }
    case 'timeout':
      if (event.id !== state.timerId || state.phase !== 'waiting') return;
      if (state.entry) submit();
      else retry(flow, state, node, ctx, effects, undefined);
      return;
    case 'status':
      if (event.id !== state.lookupId || state.phase !== 'looking') return;
      if (event.texts === null) {
        retry(flow, state, node, ctx, effects, node.notFoundPrompt);
        return;
      }
      state.phase = 'reporting';
      state.playId++;
      effects.push({ type: 'play', id: state.playId, texts: event.texts });
      return;
  }
}

/** A failed try at a node that waits for keys: its prompt again (after `sorry`), or `onFail`. */
function retry(
  flow: IvrFlow,
  state: IvrState,
  node: Extract<IvrNode, { type: 'menu' | 'status' }>,
  ctx: IvrContext,
  effects: IvrEffect[],
  sorry: string | undefined,
): void {
  state.attempts++;
  state.entry = '';
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
  state.entry = '';
  switch (node.type) {
    case 'hours':
      enter(flow, state, ctx.isOpen() ? node.open : node.closed, ctx, effects, hops + 1);
      return;
    case 'menu':
    case 'message':
    case 'status':
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
