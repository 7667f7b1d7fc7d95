import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../store/open-database.ts';

// Process metrics (CPU, memory, event loop lag, handles) belong to the process, not to one app:
// collected once, on a registry of their own, however many apps a process builds (tests do).
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * Prometheus metrics at `GET /metrics`: requests counted and timed by method, route pattern
 * (`/api/commitments/:id`, never the raw URL, so that ids do not explode the label set) and
 * status; the database pool (connections in use, idle, waiting; PostgreSQL only); and the
 * process (CPU, memory, event loop, garbage collection).
 *
 * Access: any signed-in account (viewer and above), by session or API token. A scraper uses an
 * API token of a dedicated viewer account (`Authorization: Bearer ...` in Prometheus'
 * `authorization` setting); anonymous callers get 401. The figures hold no agreement data, but
 * they tell how busy the service is and which routes are called, which is nobody else's
 * business.
 */
export function registerMetrics(app: FastifyInstance, database: Database): void {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'accord_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'accord_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status code',
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'accord_db_pool_connections',
    help: 'Database pool connections by state (PostgreSQL; the embedded database has one)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = database.poolStats?.() ?? { total: 1, idle: 0, waiting: 0 };
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  new Gauge({
    name: 'accord_db_info',
    help: 'Which database engine the server uses (value 1)',
    labelNames: ['engine'] as const,
    registers: [registry],
    collect() {
      this.set({ engine: database.kind }, 1);
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label: a scan of random paths must not grow the label set.
    const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    requests.inc(labels);
    durations.observe(labels, reply.elapsedTime / 1000);
  });

  app.get(
    '/metrics',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['system'],
        summary: 'Prometheus metrics (requests by route, database pool, process); signed-in only',
      },
    },
    async (_request, reply) => {
      const text = `${await processMetrics().metrics()}\n${await registry.metrics()}`;
      return reply.type(registry.contentType).send(text);
    },
  );
}
