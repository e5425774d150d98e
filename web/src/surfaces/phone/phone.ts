/**
 * Pure logic of the telephony screens: an operator's state as shown (a wrap-up that has run
 * out is available), the waiting callers per queue (the wallboard), durations as m:ss, and the
 * call log's labels. No React, no DOM: unit tested.
 */
import { AGENT_STATES, type AgentState, type CallOutcome } from '../../../../src/contract/enums.ts';
import type { Agent, WaitingCall } from '../../../../src/contract/agents.ts';
import type { MessageKey } from '../../i18n/catalog.ts';

/** The state to show at `now`: wrap-up ends by itself when its time is up. */
export function shownState(a: Pick<Agent, 'state' | 'wrapUpUntil'>, now: Date): AgentState {
  if (a.state === 'wrap-up' && a.wrapUpUntil && Date.parse(a.wrapUpUntil) <= now.getTime())
    return 'available';
  return a.state;
}

/** Whole seconds left of a wrap-up (0 when none or over). */
export function wrapUpLeft(a: Pick<Agent, 'state' | 'wrapUpUntil'>, now: Date): number {
  if (a.state !== 'wrap-up' || !a.wrapUpUntil) return 0;
  return Math.max(0, Math.ceil((Date.parse(a.wrapUpUntil) - now.getTime()) / 1000));
}

/** Seconds as m:ss (or h:mm:ss from an hour): 75 → "1:15". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export interface QueueLine {
  queue: string;
  waiting: number;
  /** Seconds the longest-waiting caller has waited. */
  longestSeconds: number;
}

/** Callers waiting, per queue: how many and the longest wait, busiest queue first. */
export function queueLines(waiting: readonly WaitingCall[], now: Date): QueueLine[] {
  const by = new Map<string, QueueLine>();
  for (const w of waiting) {
    const waited = Math.max(0, (now.getTime() - Date.parse(w.enteredAt)) / 1000);
    const line = by.get(w.queue) ?? { queue: w.queue, waiting: 0, longestSeconds: 0 };
    line.waiting++;
    line.longestSeconds = Math.max(line.longestSeconds, Math.floor(waited));
    by.set(w.queue, line);
  }
  return [...by.values()].sort(
    (a, b) =>
      b.waiting - a.waiting || b.longestSeconds - a.longestSeconds || (a.queue < b.queue ? -1 : 1),
  );
}

/** Applies a `call.queue` event to the waiting list (join: add once; leave: remove). */
export function applyQueueEvent(
  list: readonly WaitingCall[],
  e: { callId: string; queue: string; enteredAt: string | null },
): WaitingCall[] {
  const rest = list.filter((w) => w.callId !== e.callId);
  if (e.enteredAt === null) return rest;
  return [...rest, { callId: e.callId, queue: e.queue, enteredAt: e.enteredAt }].sort(
    (a, b) => Date.parse(a.enteredAt) - Date.parse(b.enteredAt),
  );
}

/** Applies an `agent.state` event to the operators' list. */
export function applyAgentEvent(
  list: readonly Agent[],
  e: { userId: string; state: string; reason: string | null; missedCalls: number | null },
  now: Date,
): Agent[] {
  return list.map((a) =>
    a.id !== e.userId
      ? a
      : {
          ...a,
          state: isAgentState(e.state) ? e.state : a.state,
          since: now.toISOString(),
          reason: e.reason,
          missedCalls: e.missedCalls ?? a.missedCalls,
          // The list is reloaded for the wrap-up's end time; until then it shows no countdown.
          wrapUpUntil: e.state === 'wrap-up' ? a.wrapUpUntil : null,
        },
  );
}

function isAgentState(s: string): s is AgentState {
  return (AGENT_STATES as readonly string[]).includes(s);
}

export function stateKey(s: AgentState): MessageKey {
  return `phone.state.${s}`;
}

/** Order of the wallboard: who can take a call first, then who is on one, then the rest. */
const ORDER: Record<AgentState, number> = {
  available: 0,
  ringing: 1,
  'on-call': 2,
  'wrap-up': 3,
  break: 4,
  offline: 5,
};
export function byAvailability(list: readonly Agent[], now: Date): Agent[] {
  return [...list].sort(
    (a, b) =>
      ORDER[shownState(a, now)] - ORDER[shownState(b, now)] ||
      a.displayName.localeCompare(b.displayName, 'vi'),
  );
}

export function outcomeKey(o: CallOutcome): MessageKey {
  return `calls.outcome.${o}`;
}
