import { fc, test } from '@fast-check/vitest';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Harness, openHarness } from '../../test/api-harness.ts';
import { engine } from '../../test/database.ts';

// Bad input on every route of the OpenAPI document gives a 4xx problem+json, never a 5xx; valid
// and harmless input may pass. The routes are read from /api/openapi.json, so new ones are probed.

interface SchemaObject {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minimum?: number;
  minItems?: number;
  nullable?: boolean;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
}
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: SchemaObject;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: SchemaObject }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
}
interface Op {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  operation: Operation;
  body: SchemaObject | undefined;
}

const huge = 'x'.repeat(1024 * 1024);
const deep = (levels: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};
const deepArray = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};

/** Values of the wrong type, or of the right type but odd, for any field of a body. */
const fieldProbes: [string, unknown][] = [
  ['null', null],
  ['a number', 12345],
  ['a negative number', -1],
  ['a fraction', 1.5],
  ['a huge number', 1e308],
  ['an unsafe integer', 2 ** 63],
  ['a boolean', true],
  ['a string', 'abc'],
  ['an empty string', ''],
  ['a numeric string', '99999999999999999999'],
  ['an array', ['a']],
  ['an array of numbers', [1, 2]],
  ['an object', {}],
  ['a 1 MB string', huge],
  ['an object nested 1000 levels', deep(1000)],
  ['an array nested 1000 levels', deepArray(1000)],
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate', 'x\udc00y'],
  ['a null byte', 'a\u0000b'],
  ['RTL marks', '\u202e\u200fabc\u200f'],
  ['emoji', '😀🇯🇵👨‍👩‍👧'],
  ['SQL', "' OR 1=1; DROP TABLE users; --"],
  ['an array holding a null byte', ['a\u0000b']],
  ['an array holding a lone surrogate', ['\ud800']],
];

const pathProbes = [
  'abc',
  '-1',
  '0',
  '99999999999999999999',
  encodeURIComponent('1;DROP TABLE users'),
  encodeURIComponent("1' OR '1'='1"),
  '%00',
  '1%00',
  '%ED%A0%80', // a lone surrogate in WTF-8
  '%FF',
  '%E2%80%AE1',
  encodeURIComponent('😀'),
  '..%2F..%2Fetc%2Fpasswd',
  'a'.repeat(5000),
];

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const cursorProbes = [
  '!!!',
  'abc',
  '%00',
  b64('not json'),
  b64('[]'),
  b64('null'),
  b64('{}'),
  b64('{"id":"1 OR 1=1"}'),
  b64('{"id":1}'),
  b64('{"id":"99999999999999999999"}'),
  b64('{"id":"9223372036854775808"}'),
  b64('{"id":"-1"}'),
  b64('{"a":"1","p":1e15,"i":"1"}'),
  b64('{"a":"1","p":-99999999999,"i":"99999999999999999999"}'),
  b64('{"a":"99999999999999999999","p":0,"i":"1"}'),
  b64('{"a":"1","p":0.5,"i":"1"}'),
  b64(JSON.stringify({ id: '1', __proto__: { x: 1 } })),
  'A'.repeat(600),
];

/** Raw query values, percent-encoded already (some are not valid UTF-8 on purpose). */
const queryProbes = [
  'abc',
  '-1',
  '0',
  '1.5',
  '99999999999999999999',
  '1e400',
  'NaN',
  '',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%FF%FE',
  '%C0%80',
  encodeURIComponent("' OR 1=1 --"),
  encodeURIComponent('<script>alert(1)</script>'),
  encodeURIComponent('%_\\'),
  encodeURIComponent('\u202e😀'),
  'x'.repeat(10_000),
];

/** Percent-encodes a string, keeping lone surrogates as WTF-8 bytes (encodeURIComponent throws). */
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

describe(`bad input on every route gives a 4xx problem, never a 5xx (${engine})`, () => {
  let h: Harness;
  const ops: Op[] = [];
  let ids: Record<string, string> = {};
  let agreementsBefore = 0;
  let imported = 0;
  const served = new Map<number, number>();

  /** Real ids for each kind of path, so that probes of queries and bodies get past the lookup. */
  const pathWith = (path: string, id?: string) =>
    path.replace('{id}', id ?? ids[path.split('/')[2]!] ?? '1');

  const problems: string[] = [];
  /** Records a response: a 5xx, or a 4xx that is not a problem document, is a failure. */
  const check = (label: string, res: LightMyRequestResponse) => {
    served.set(res.statusCode, (served.get(res.statusCode) ?? 0) + 1);
    if (res.statusCode >= 500) {
      problems.push(`${label}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return;
    }
    if (res.statusCode >= 400) {
      const type = String(res.headers['content-type'] ?? '');
      let body: { status?: unknown; title?: unknown; code?: unknown } = {};
      try {
        body = res.json();
      } catch {
        // reported below
      }
      if (
        !type.startsWith('application/problem+json') ||
        body.status !== res.statusCode ||
        typeof body.title !== 'string' ||
        typeof body.code !== 'string'
      )
        problems.push(
          `${label}: ${res.statusCode} not a problem document: ${res.body.slice(0, 200)}`,
        );
    }
  };

  /** Headers of the admin for an operation: none for logout, which would end the session. */
  const headersFor = (op: Op): Record<string, string> =>
    op.path === '/api/auth/logout' ? {} : { ...h.as.admin };

  const send = async (
    label: string,
    op: Op,
    url: string,
    body?: string,
    extra: Record<string, string> = {},
  ) => {
    const headers = { ...headersFor(op), ...extra };
    if (body !== undefined && !('content-type' in headers))
      headers['content-type'] = 'application/json';
    const res = await call(h.app, op.method, url, body, headers);
    if (op.method === 'POST' && op.path === '/api/accords' && res.statusCode === 201) imported++;
    check(`${label} ${op.method} ${url.slice(0, 120)}`, res);
    return res;
  };

  /** The If-Match a PATCH needs, so that its body reaches the database. */
  const ifMatch = async (url: string): Promise<Record<string, string>> => {
    const res = await call(h.app, 'GET', url, undefined, h.as.admin);
    return typeof res.headers.etag === 'string' ? { 'if-match': res.headers.etag } : {};
  };

  /** A valid value for a schema, using real ids where the field names one. */
  const validValue = (name: string, s: SchemaObject): unknown => {
    const alt = s.anyOf ?? s.oneOf;
    if (alt) return validValue(name, alt.find((x) => x.type !== 'null') ?? alt[0]!);
    if (s.enum) return s.enum[0];
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
    if (type === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = validValue(key, s.properties![key]!);
      return out;
    }
    if (type === 'array') {
      const n = s.minItems ?? 0;
      if (name === 'ids') return [ids.commitmentB, ids.commitmentC].slice(0, Math.max(n, 2));
      return Array.from({ length: n }, (_, i) => validValue(`${name}${i}`, s.items ?? {}));
    }
    if (type === 'number' || type === 'integer') return s.minimum ?? 1;
    if (type === 'boolean') return false;
    if (s.format === 'date') return '2024-01-15';
    if (s.format === 'uri') return 'https://example.org/probe';
    if (s.format === 'email') return `probe${Date.now()}@example.org`;
    if (s.pattern?.includes('[A-Z]{2}')) return 'GB';
    if (s.pattern?.includes('\\d')) {
      if (name === 'commitment') return ids.commitments;
      if (name === 'cycle') return ids.cycle;
      return ids.evidence;
    }
    if (name === 'password') return 'a long enough password';
    return 'probe text';
  };

  beforeAll(async () => {
    h = await openHarness();
    const spec = (await call(h.app, 'GET', '/api/openapi.json')).json<OpenApi>();
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        ops.push({
          method: method.toUpperCase() as Op['method'],
          path,
          operation,
          body: operation.requestBody?.content['application/json']?.schema,
        });
      }
    }
    // Real rows for the paths: the agreement, commitments, evidence, an assessment, a user, a token.
    const commitments = (
      await call(h.app, 'GET', `/api/accords/${h.agreementId}/commitments?limit=5`)
    ).json<{ items: { id: string }[] }>().items;
    const evidence = await call(
      h.app,
      'POST',
      '/api/evidence',
      { title: 'probe evidence', published: '2024-01-15', commitments: [commitments[0]!.id] },
      h.as.analyst,
    );
    const cycle = await call(
      h.app,
      'POST',
      `/api/accords/${h.agreementId}/cycles`,
      { name: 'probe cycle', cutoff: '2024-06-30' },
      h.as.admin,
    );
    const assessment = await call(
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
    const token = await call(h.app, 'POST', '/api/tokens', { name: 'probe' }, h.as.viewer);
    const viewer = await h.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'viewer@example.org')
      .executeTakeFirstOrThrow();
    ids = {
      accords: h.agreementId,
      commitments: commitments[0]!.id,
      commitmentB: commitments[1]!.id,
      commitmentC: commitments[2]!.id,
      evidence: evidence.json<{ id: string }>().id,
      cycle: cycle.json<{ id: string }>().id,
      assessments: assessment.json<{ id: string }>().id,
      users: viewer.id,
      tokens: token.json<{ id: string }>().id,
    };
    agreementsBefore = await countAgreements();
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const countAgreements = async () =>
    Number(
      (
        await h.database.db
          .selectFrom('agreements')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('reads the operations from the OpenAPI document', () => {
    const listed = ops.map((o) => `${o.method} ${o.path}`);
    expect(listed.length).toBeGreaterThan(20);
    for (const path of [
      'GET /api/accords',
      'GET /api/commitments/{id}',
      'POST /api/evidence',
      'POST /api/assessments',
      'GET /api/search',
    ])
      expect(listed).toContain(path);
  });

  it('refuses bad path parameters', async () => {
    problems.length = 0;
    for (const op of ops.filter((o) => o.path.includes('{id}')))
      for (const value of pathProbes) await send('path', op, pathWith(op.path, value));
    expect(problems).toEqual([]);
  });

  it('refuses unknown, malformed and repeated query parameters and invalid cursors', async () => {
    problems.length = 0;
    for (const op of ops) {
      const url = pathWith(op.path);
      const body = op.body ? JSON.stringify(validValue('body', op.body)) : undefined;
      const params = (op.operation.parameters ?? []).filter((p) => p.in === 'query');
      const required = params
        .filter((p) => p.required)
        .map((p) => `${p.name}=${p.name === 'q' ? 'minerals' : '1'}`);
      const base = (extra: string) => `${url}?${[...required, extra].join('&')}`;
      await send('unknown query', op, base('unknown_param=1'), body);
      await send('prototype query', op, base('__proto__=1&constructor=x'), body);
      if (op.method === 'GET') {
        for (const p of params) {
          for (const value of queryProbes) await send('query', op, base(`${p.name}=${value}`));
          await send('repeated query', op, base(`${p.name}=1&${p.name}=2`));
        }
        if (params.some((p) => p.name === 'cursor'))
          for (const cursor of cursorProbes)
            await send('cursor', op, base(`cursor=${encodeURIComponent(cursor)}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('refuses broken, mistyped and oversized bodies', async () => {
    problems.length = 0;
    const tooLarge = JSON.stringify({ text: 'x'.repeat(11 * 1024 * 1024) });
    for (const op of ops.filter((o) => o.method !== 'GET')) {
      const url = pathWith(op.path);
      await send('broken JSON', op, url, '{"title": "a",');
      await send('not JSON', op, url, 'title=a');
      await send('a JSON array', op, url, '[{"title":"a"}]');
      await send('a JSON string', op, url, '"a"');
      await send('JSON null', op, url, 'null');
      await send('prototype pollution', op, url, '{"__proto__":{"admin":true}}');
      await send('constructor pollution', op, url, '{"constructor":{"prototype":{"x":1}}}');
      await send('an empty JSON body', op, url, '');
      await send('a text body', op, url, 'hello', { 'content-type': 'text/plain' });
      await send('an XML body', op, url, '<a/>', { 'content-type': 'application/xml' });
      await send('over the body limit', op, url, tooLarge);
      if (!op.body) continue;
      await send('JSON nested 100000 levels', op, url, `${'['.repeat(1e5)}${']'.repeat(1e5)}`);
      await send(
        'an object nested 100000 levels',
        op,
        url,
        `${'{"a":'.repeat(1e5)}1${'}'.repeat(1e5)}`,
      );
      const valid = validValue('body', op.body) as Record<string, unknown>;
      await send('unknown field', op, url, JSON.stringify({ ...valid, unknown_field: 1 }));
      for (const field of Object.keys(op.body.properties ?? {})) {
        for (const [what, value] of fieldProbes) {
          const extra = op.method === 'PATCH' ? await ifMatch(url) : {};
          await send(
            `${field} as ${what}`,
            op,
            url,
            JSON.stringify({ ...valid, [field]: value }),
            extra,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  const sqlish = fc.constantFrom(
    "' OR 1=1 --",
    '%',
    '_',
    '\\',
    "\\'",
    '<script>alert(1)</script>',
    '"; DROP TABLE agreements; --',
    '!&|()<->:*',
    '\u0000',
    '\ud800',
    '\udfff',
    '\u202e',
    '😀',
    'mineral',
    '',
    ' ',
  );
  const anyText = fc
    .array(fc.oneof(sqlish, fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 5 })
    .map((parts) => parts.join(''));
  const searchParams = fc.constantFrom(
    'agreement',
    'section',
    'party',
    'status',
    'score',
    'topic',
    'actor',
    'instrument',
    'deadline_from',
    'deadline_to',
    'overdue',
    'limit',
    'offset',
  );
  const registerParams = fc.constantFrom(
    'section',
    'topic',
    'actor',
    'instrument',
    'deadline_from',
    'deadline_to',
    'overdue',
    'include_rejected',
    'limit',
    'cursor',
  );
  const queryOf = (pairs: [string, string][]) =>
    pairs.map(([k, v]) => `${k}=${encodeAny(v)}`).join('&');

  test.prop([anyText, fc.array(fc.tuple(searchParams, anyText), { maxLength: 3 }), fc.boolean()], {
    numRuns: 150,
  })('never fails on any search query string', async (q, pairs, signedIn) => {
    const url = `/api/search?${queryOf([['q', q], ...pairs])}`;
    const res = await call(h.app, 'GET', url, undefined, signedIn ? h.as.admin : {});
    problems.length = 0;
    check(url, res);
    expect(problems).toEqual([]);
  });

  test.prop([fc.array(fc.tuple(registerParams, anyText), { maxLength: 4 }), fc.boolean()], {
    numRuns: 150,
  })('never fails on any query string of a commitment register', async (pairs, signedIn) => {
    const url = `/api/accords/${h.agreementId}/commitments?${queryOf(pairs)}`;
    const res = await call(h.app, 'GET', url, undefined, signedIn ? h.as.admin : {});
    problems.length = 0;
    check(url, res);
    expect(problems).toEqual([]);
  });

  it('leaves the history intact and no agreement half-written', async () => {
    const verify = await call(h.app, 'GET', '/api/history/verify', undefined, h.as.admin);
    expect(verify.statusCode).toBe(200);
    expect(verify.json<{ ok: boolean }>().ok).toBe(true);
    // Only imports that were acknowledged (201) added agreements; each has its text.
    expect(await countAgreements()).toBe(agreementsBefore + imported);
    const withoutText = await h.database.db
      .selectFrom('agreements')
      .select('id')
      .where('current_version_id', 'is', null)
      .execute();
    expect(withoutText).toEqual([]);
    expect(served.size).toBeGreaterThan(3);
    console.info(
      `bad input on ${engine}: ${[...served.values()].reduce((a, b) => a + b, 0)} requests, ` +
        `statuses ${JSON.stringify(Object.fromEntries(served))}, ${imported} imports acknowledged`,
    );
  });
});
