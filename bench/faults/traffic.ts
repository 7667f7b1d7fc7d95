// Traffic for the fault script: a few loops of evidence writes and reads against a server, each
// answer recorded; then the check that every acknowledged write is there, once, as written.
import { randomBytes } from 'node:crypto';
import { bearer, json, listAll, sleep } from '../load/serve.ts';

export interface Answer {
  /** Milliseconds since the traffic started. */
  at: number;
  kind: 'write' | 'read';
  /** The HTTP status, or 0 when the connection failed. */
  status: number;
  problem: boolean;
  retryAfter: boolean;
}

/** Writes evidence with unique titles and reads, recording what each answer was. */
export class Traffic {
  readonly run = randomBytes(3).toString('hex');
  readonly sent = new Set<string>();
  /** id -> title of every write answered 2xx. */
  readonly acknowledged = new Map<string, string>();
  readonly answers: Answer[] = [];
  /** The first answers that were 5xx but not a 503 problem (to say what went wrong). */
  readonly odd: string[] = [];
  private readonly started = performance.now();
  private stopped = false;
  private n = 0;

  constructor(
    readonly label: string,
    private readonly token: string,
  ) {}

  stop(): void {
    this.stopped = true;
  }

  /**
   * Runs `loops` loops until `untilMs` has passed or stop() is called. `giveUp`: a loop ends at
   * its first failed connection (the server was killed); otherwise it waits and tries again.
   */
  async drive(
    base: string,
    commitments: string[],
    options: { loops: number; untilMs: number; readShare: number; giveUp: boolean },
  ): Promise<void> {
    this.stopped = false;
    const deadline = performance.now() + options.untilMs;
    const loop = async (l: number) => {
      while (!this.stopped && performance.now() < deadline) {
        const write = Math.random() >= options.readShare;
        const title = `faults ${this.run} ${this.label} ${l}-${this.n++}`;
        const at = performance.now() - this.started;
        let res: Response;
        let body = '';
        try {
          if (write) {
            this.sent.add(title);
            res = await fetch(`${base}/api/evidence`, {
              method: 'POST',
              headers: { ...bearer(this.token), 'content-type': 'application/json' },
              body: JSON.stringify({
                title,
                published: '2024-01-15',
                commitments: [commitments[this.n % commitments.length]],
              }),
              signal: AbortSignal.timeout(10_000),
            });
          } else {
            const id = commitments[this.n % commitments.length];
            res = await fetch(
              this.n % 2 ? `${base}/api/commitments/${id}` : `${base}/api/search?q=minerals`,
              { headers: bearer(this.token), signal: AbortSignal.timeout(10_000) },
            );
          }
          body = await res.text();
        } catch {
          this.answers.push({
            at,
            kind: write ? 'write' : 'read',
            status: 0,
            problem: false,
            retryAfter: false,
          });
          if (options.giveUp) return;
          await sleep(200);
          continue;
        }
        this.answers.push({
          at,
          kind: write ? 'write' : 'read',
          status: res.status,
          problem: (res.headers.get('content-type') ?? '').startsWith('application/problem+json'),
          retryAfter: res.headers.has('retry-after'),
        });
        if (res.status >= 500 && !(res.status === 503 && res.headers.has('retry-after')))
          if (this.odd.length < 5) this.odd.push(`${res.status} ${body.slice(0, 300)}`);
        if (write && res.status >= 200 && res.status < 300) {
          const item = JSON.parse(body) as { id: string; title: string };
          this.acknowledged.set(item.id, item.title);
        }
        if (res.status >= 500) await sleep(100);
      }
    };
    await Promise.all(Array.from({ length: options.loops }, (_, l) => loop(l)));
  }

  /** Answers by status ("503 problem+json retry-after": 12, "201": 300, "network": 3). */
  tally(from = 0, to = Infinity): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of this.answers) {
      if (a.at < from || a.at >= to) continue;
      const key =
        a.status === 0
          ? 'no connection'
          : `${a.status}${a.status >= 400 ? (a.problem ? ' problem+json' : ' NOT problem+json') : ''}${a.status === 503 ? (a.retryAfter ? ' + Retry-After' : ' no Retry-After') : ''}`;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }

  elapsed(): number {
    return performance.now() - this.started;
  }
}

export interface WriteCheck {
  sent: number;
  acknowledged: number;
  found: number;
  lost: string[];
  duplicated: string[];
  unknown: string[];
  chainOk: boolean;
  events: number;
}

/** Every acknowledged write present once with its title; nothing that was never sent; the chain intact. */
export async function checkWrites(
  base: string,
  traffic: Traffic,
  token: string,
): Promise<WriteCheck> {
  const all = await listAll<{ id: string; title: string }>(base, '/api/evidence', bearer(token));
  const prefix = `faults ${traffic.run} `;
  const mine = all.filter((e) => e.title.startsWith(prefix));
  const byId = new Map(mine.map((e) => [e.id, e.title]));
  const count = new Map<string, number>();
  for (const e of mine) count.set(e.title, (count.get(e.title) ?? 0) + 1);
  const lost = [...traffic.acknowledged].filter(([id, title]) => byId.get(id) !== title);
  const verify = await json<{ ok: boolean; events: number }>(
    await fetch(`${base}/api/history/verify`),
  );
  return {
    sent: traffic.sent.size,
    acknowledged: traffic.acknowledged.size,
    found: traffic.acknowledged.size - lost.length,
    lost: lost.map(([id, title]) => `${id} ${title}`),
    duplicated: [...count].filter(([, n]) => n > 1).map(([t]) => t),
    unknown: mine.filter((e) => !traffic.sent.has(e.title)).map((e) => e.title),
    chainOk: verify.ok,
    events: verify.events,
  };
}

/** A few commitment ids of the first agreement. */
export async function someCommitments(base: string): Promise<string[]> {
  const { items } = await json<{ items: { id: string }[] }>(
    await fetch(`${base}/api/accords/1/commitments?limit=20`),
  );
  return items.map((c) => c.id);
}
