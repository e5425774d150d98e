import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ResponseContractError, serializerCompiler } from './serializer.ts';

const shape = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  name: z.string().nullable(),
  tags: z.array(z.string()),
  data: z.record(z.string(), z.unknown()),
  kind: z.union([
    z.object({ t: z.literal('a'), n: z.number() }),
    z.object({ t: z.literal('b'), s: z.string() }),
  ]),
});
const compile = (check: boolean) =>
  serializerCompiler(check)({ schema: shape, method: 'GET', url: '/x' }) as (d: unknown) => string;
const good = {
  id: 'r1',
  at: '2026-03-02T01:00:00.000Z',
  name: null,
  tags: ['x'],
  data: { deep: [1, { k: 'v' }] },
  kind: { t: 'b', s: 'chữ', extra: 1 },
  secret: 'never sent',
};

test('only the fields the contract names are written', () => {
  const out = JSON.parse(compile(false)(good));
  assert.deepEqual(out, {
    id: 'r1',
    at: '2026-03-02T01:00:00.000Z',
    name: null,
    tags: ['x'],
    data: { deep: [1, { k: 'v' }] },
    kind: { t: 'b', s: 'chữ' },
  });
});

test('with checks on, an answer that drifts from its contract fails, naming the field', () => {
  assert.doesNotThrow(() => compile(true)(good));
  assert.throws(
    () => compile(true)({ ...good, at: new Date(0) }),
    (e: unknown) => e instanceof ResponseContractError && /at:/.test(e.message),
  );
  assert.throws(() => compile(true)({ ...good, name: undefined }), ResponseContractError);
});
