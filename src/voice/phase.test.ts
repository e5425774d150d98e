/**
 * The phase tables, checked pair by pair against the moves written out here by hand: every
 * listed move is allowed, every other (including staying put, and leaving `ended`) is refused
 * with an error that names it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CALL_MOVES,
  CALL_PHASES,
  move,
  PhaseError,
  QUEUE_MOVES,
  QUEUE_PHASES,
  type Moves,
} from './phase.ts';

function checkTable<P extends string>(
  machine: string,
  phases: readonly P[],
  moves: Moves<P>,
  allowed: string[],
) {
  const expected = new Set(allowed);
  for (const from of phases)
    for (const to of phases) {
      const name = `${from} → ${to}`;
      if (expected.delete(name)) {
        assert.equal(move(machine, moves, from, to), to, name);
        continue;
      }
      assert.throws(
        () => move(machine, moves, from, to),
        (err: unknown) =>
          err instanceof PhaseError &&
          err.from === from &&
          err.to === to &&
          err.message === `${machine}: no move from ${from} to ${to}`,
        `${name} is refused`,
      );
    }
  assert.deepEqual([...expected], [], 'every expected move names two phases of the machine');
}

test('an inbound call: arriving → refused or answered → IVR → queue, transfer or last words → ended', () => {
  checkTable('call', CALL_PHASES, CALL_MOVES, [
    'arriving → refused',
    'arriving → answering',
    'arriving → ended',
    'refused → ended',
    'answering → failed',
    'answering → ivr',
    'answering → ended',
    'failed → ended',
    'ivr → queued',
    'ivr → transferring',
    'ivr → closing',
    'ivr → ended',
    'queued → ended',
    'transferring → ended',
    'closing → ended',
  ]);
});

test('a queued caller: waiting ⇄ ringing → talking ⇄ transfers → transferred; overflow; ended', () => {
  checkTable('queue', QUEUE_PHASES, QUEUE_MOVES, [
    'waiting → ringing',
    'waiting → overflow',
    'waiting → ended',
    'ringing → waiting',
    'ringing → talking',
    'ringing → ended',
    'talking → transferring',
    'talking → consulting',
    'talking → waiting',
    'talking → ended',
    'transferring → talking',
    'transferring → transferred',
    'transferring → waiting',
    'transferring → ended',
    'consulting → talking',
    'consulting → transferred',
    'consulting → waiting',
    'consulting → ended',
    'transferred → ended',
    'overflow → ended',
  ]);
});

test('every phase can reach ended, and ended is final', () => {
  for (const [phases, moves] of [
    [CALL_PHASES, CALL_MOVES],
    [QUEUE_PHASES, QUEUE_MOVES],
  ] as const) {
    const m = moves as Moves<string>;
    for (const p of phases) if (p !== 'ended') assert.ok(m[p]!.includes('ended'), p);
    assert.deepEqual(m.ended, []);
  }
});
