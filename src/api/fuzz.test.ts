import { fc } from '@fast-check/vitest';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Harness, openHarness } from '../../test/api-harness.ts';
import { engine } from '../../test/database.ts';

// Property tests over every operation of the OpenAPI document, as every role and anonymously:
// requests generated from each operation's own schemas (valid shapes, boundary values, wrong
// types, huge and odd strings, deep JSON, unicode edge cases, NUL bytes) never get a 5xx, and
// every refusal is a problem document. Operations added later are fuzzed without a change here.

interface Schema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
}
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Op {
  method: string;
  path: string;
  params: Parameter[];
  body: Schema | undefined;
}

const callers = ['anonymous', 'viewer', 'analyst', 'reviewer', 'admin'] as const;

const deep = (levels: number, array: boolean): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = array ? [value] : { a: value };
  return value;
};

/** Strings that have broken things elsewhere: edges of Unicode, of SQL, of HTML, of size. */
const oddString = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202e\u200f\u200b\ufeff',
  '😀🇯🇵👨‍👩‍👧',
  'Ａ𝔸ﬁ̈́',
  '日本語の約束',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '%_\\',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  '99999999999999999999',
  '-1',
  '0',
  '1e400',
  'NaN',
  'null',
  'true',
  '2024-02-30',
  '0000-00-00',
  'x'.repeat(70_000),
);
const numberish = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -0, -1, 1, 2 ** 31, 2 ** 53, 2 ** 63, 1e308, -1e308, 0.5),
);
/** A value of any type at all, for fields that expect something else. */
const wrongValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  numberish,
  oddString,
  fc.constant(deep(600, false)),
  fc.constant(deep(600, true)),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A value shaped by the schema most of the time, and anything at all otherwise. */
function valueFor(
  schema: Schema | undefined,
  ids: fc.Arbitrary<string>,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return wrongValue;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives)
    return fc.oneof(...alternatives.map((s) => valueFor(s, ids, depth + 1)), wrongValue);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  let shaped: fc.Arbitrary<unknown>;
  if (schema.enum) shaped = fc.constantFrom(...schema.enum);
  else if (type === 'object') {
    const props = schema.properties ?? {};
    const keys = Object.keys(props);
    shaped = fc.record(
      Object.fromEntries(keys.map((k) => [k, valueFor(props[k], ids, depth + 1)])),
      { requiredKeys: keys.filter((k) => schema.required?.includes(k)) },
    );
  } else if (type === 'array')
    shaped = fc.array(valueFor(schema.items, ids, depth + 1), { maxLength: 4 });
  else if (type === 'integer' || type === 'number')
    shaped = fc.oneof(
      numberish,
      fc.constantFrom(
        ...[schema.minimum, schema.maximum].filter((x): x is number => x !== undefined),
        ...[schema.minimum, schema.maximum]
          .filter((x): x is number => x !== undefined)
          .flatMap((x) => [x - 1, x + 1]),
        1,
      ),
    );
  else if (type === 'boolean') shaped = fc.boolean();
  else if (type === 'string') {
    const special: fc.Arbitrary<string>[] = [fc.string({ maxLength: 40 }), oddString];
    if (schema.format === 'date') special.push(fc.constantFrom('2024-01-15', '2023-05-18'));
    if (schema.format === 'email') special.push(fc.emailAddress());
    if (schema.format === 'uri')
      special.push(fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'file:///etc/passwd'));
    if (schema.pattern?.includes('\\d')) special.push(ids);
    if (schema.pattern?.includes('[A-Z]{2}')) special.push(fc.constantFrom('GB', 'JP', 'US', 'gb'));
    if (schema.maxLength !== undefined)
      special.push(
        fc.constant('y'.repeat(schema.maxLength)),
        fc.constant('y'.repeat(schema.maxLength + 1)),
      );
    shaped = fc.oneof(...special);
  } else shaped = wrongValue;
  return fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: wrongValue, weight: 1 });
}

/** Percent-encodes any string, lone surrogates as WTF-8 bytes (encodeURIComponent throws on them). */
function encodeAny(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(s[i]!);
  }
  return out;
}

const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'));

describe(`every route, fuzzed from its OpenAPI schemas as every role, never answers 5xx (${engine})`, () => {
  let h: Harness;
  let ops: Op[] = [];
  const ids = fc.constantFrom('1', '2', '3', '5', '62', '999999', '0', '999999999999999999');
  const served = new Map<number, number>();

  beforeAll(async () => {
    h = await openHarness();
    const doc = (await call(h.app, 'GET', '/api/openapi.json')).json<{
      paths: Record<string, Record<string, Operation>>;
    }>();
    ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        params: operation.parameters ?? [],
        body: operation.requestBody?.content['application/json']?.schema,
      })),
    );
    // Something to find: evidence, a cycle and a draft assessment.
    const commitments = (
      await call(h.app, 'GET', `/api/accords/${h.agreementId}/commitments?limit=3`)
    ).json<{ items: { id: string }[] }>().items;
    await call(
      h.app,
      'POST',
      '/api/evidence',
      { title: 'fuzz', published: '2024-01-15', commitments: [commitments[0]!.id] },
      h.as.analyst,
    );
    const cycle = await call(
      h.app,
      'POST',
      `/api/accords/${h.agreementId}/cycles`,
      { name: 'fuzz', cutoff: '2024-06-30' },
      h.as.admin,
    );
    await call(
      h.app,
      'POST',
      '/api/assessments',
      {
        commitment: commitments[0]!.id,
        party: 'GB',
        cycle: cycle.json<{ id: string }>().id,
        status: 'in_progress',
      },
      h.as.analyst,
    );
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    console.info(
      `fuzzed ${ops.length} operations: ${[...served]
        .sort()
        .map(([s, n]) => `${n}× ${s}`)
        .join(', ')}`,
    );
  });

  /** A request for one operation: path and query from the parameters, a body from its schema. */
  const requestFor = (op: Op) =>
    fc.record({
      caller: fc.constantFrom(...callers),
      path: fc.tuple(
        ...op.params.filter((p) => p.in === 'path').map(() => fc.oneof(ids, oddString.map(asText))),
        fc.constant(''),
      ),
      query: fc.array(
        fc.tuple(
          fc.oneof(
            {
              arbitrary: fc.constantFrom(
                ...op.params.filter((p) => p.in === 'query').map((p) => p.name),
                'limit',
              ),
              weight: 5,
            },
            { arbitrary: fc.constantFrom('unknown', '__proto__', 'constructor', ''), weight: 1 },
          ),
          fc.oneof(
            ...op.params
              .filter((p) => p.in === 'query')
              .map((p) => valueFor(p.schema, ids).map(asText)),
            oddString,
          ),
        ),
        { maxLength: 4 },
      ),
      body: op.body ? valueFor(op.body, ids) : fc.option(wrongValue, { nil: undefined }),
      rawBody: fc.option(
        fc.constantFrom('{"a":', '[', 'null', '"x"', `${'['.repeat(50_000)}${']'.repeat(50_000)}`),
        {
          nil: undefined,
          freq: 8,
        },
      ),
      ifMatch: fc.option(
        fc.constantFrom(
          '*',
          '"x"',
          'W/"assessment-1-v1"',
          '"commitment-1-v1"',
          `"${'a'.repeat(3000)}"`,
        ),
        {
          nil: undefined,
        },
      ),
    });

  it('no operation, caller or input gets a 5xx, and every refusal is a problem document', async () => {
    const requests = fc.constantFrom(...ops).chain((op) => requestFor(op).map((r) => ({ op, r })));
    await fc.assert(
      fc.asyncProperty(requests, async ({ op, r }) => {
        // Signing out, changing or resetting a password, or disabling a user would sign out the
        // callers the other runs share: those are covered by the access and security tests.
        if (
          (op.path === '/api/auth/logout' && r.caller !== 'anonymous') ||
          (op.path === '/api/auth/password' && r.caller !== 'anonymous') ||
          (op.path.startsWith('/api/users/') && r.caller === 'admin')
        )
          return;
        let index = 0;
        const path = op.path.replace(/\{\w+\}/g, () => encodeAny(r.path[index++] ?? '1'));
        const query = r.query.map(([k, v]) => `${encodeAny(k)}=${encodeAny(v)}`).join('&');
        const url = query ? `${path}?${query}` : path;
        const headers: Record<string, string> =
          r.caller === 'anonymous' ? {} : { ...h.as[r.caller] };
        if (r.ifMatch) headers['if-match'] = r.ifMatch;
        let payload: string | undefined;
        if (op.method !== 'GET' && op.method !== 'DELETE') {
          payload = r.rawBody ?? (r.body === undefined ? undefined : JSON.stringify(r.body));
          if (payload !== undefined) headers['content-type'] = 'application/json';
        }
        const res: LightMyRequestResponse = await call(h.app, op.method, url, payload, headers);
        served.set(res.statusCode, (served.get(res.statusCode) ?? 0) + 1);
        const label = `${op.method} ${url.slice(0, 200)} as ${r.caller}: ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, label).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(String(res.headers['content-type']), label).toMatch(/^application\/problem\+json/);
          const problem = res.json<{ status: number; code: string }>();
          expect(problem.status, label).toBe(res.statusCode);
          expect(typeof problem.code, label).toBe('string');
        }
      }),
      { numRuns: 700 },
    );
  }, 120_000);
});
