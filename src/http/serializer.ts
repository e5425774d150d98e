/**
 * Responses are written by the route's contract schema (`src/contract/*`), compiled once per
 * route into fast-json-stringify: only the fields the contract names leave the server (a
 * column added to a row never leaks), and writing is faster than `JSON.stringify`.
 *
 * fast-json-stringify coerces rather than checks. With `check` on (the test suite sets
 * OPEN1022_CHECK_RESPONSES=1), every answer is also parsed by the zod schema first, so a
 * presenter that drifts from its contract fails the test that called it.
 */
import fastJson from 'fast-json-stringify';
import { z } from 'zod';

/** JSON Schema keywords a writer does not need (they only validate). */
const VALIDATION_ONLY = new Set([
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'multipleOf',
]);

/**
 * The schema as fast-json-stringify should read it: without validation-only keywords and
 * `additionalProperties: false` (fast-json-stringify drops unknown fields anyway; in a union
 * it would make a branch with one extra field fail to match).
 */
function forWriting(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forWriting);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (VALIDATION_ONLY.has(k)) continue;
    if (k === 'additionalProperties' && v === false) continue;
    if (k === 'format' && v !== 'date-time' && v !== 'date') continue;
    out[k] = forWriting(v);
  }
  return out;
}

/** The JSON Schema of a response, for writing and for the OpenAPI document alike. */
export function responseJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'output',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
}

export class ResponseContractError extends Error {
  constructor(method: string, url: string, issues: z.core.$ZodIssue[]) {
    super(
      `${method} ${url}: the response does not match its contract: ` +
        issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; '),
    );
    this.name = 'ResponseContractError';
  }
}

/** Fastify's serializer compiler for zod response schemas. */
export function serializerCompiler(check: boolean) {
  return ({ schema, method, url }: { schema: unknown; method: string; url: string }) => {
    if (!(schema instanceof z.ZodType)) return (data: unknown) => JSON.stringify(data);
    const write = fastJson(
      forWriting(responseJsonSchema(schema)) as Parameters<typeof fastJson>[0],
    );
    if (!check) return write;
    return (data: unknown) => {
      const parsed = schema.safeParse(data);
      if (!parsed.success) throw new ResponseContractError(method, url, parsed.error.issues);
      return write(data);
    };
  };
}
