// The app's only way to the server: fetch to /api on the same origin. Shapes mirror the API's
// responses (see /api/openapi.json); only the fields the app reads are typed.

export interface Party {
  code: string;
  name: string;
}

export interface AccordSummary {
  id: string;
  slug: string;
  title: string;
  signed: string | null;
  language: string;
  private: boolean;
  parties: Party[];
}

export interface Section {
  id: string;
  number: string | null;
  heading: string | null;
  parent: string | null;
}

export interface Accord extends AccordSummary {
  place: string | null;
  source_url: string | null;
  commitments: number;
  version: string | null;
  sections: Section[];
}

export interface Deadline {
  date: string | null;
  precision: string | null;
  phrase: string | null;
}

export interface Commitment {
  id: string;
  agreement: string;
  eid: string;
  section: string;
  text: string;
  span: { start: number; end: number };
  deadline: Deadline | null;
  actors: string[];
  instruments: string[];
  targets: string[];
  topics: string[];
  strength: string;
  kind: string;
  origin: string;
  state: string;
}

export interface Evidence {
  id: string;
  title: string;
  url: string | null;
  published: string;
  publisher: string | null;
  excerpt: string | null;
  language: string | null;
  kind: string | null;
}

export interface Assessment {
  id: string;
  commitment: string;
  party: string;
  cycle: string | null;
  status: string;
  score: number | null;
  rationale: string | null;
  state: string;
  decided_at: string | null;
}

export interface CommitmentDetail extends Commitment {
  evidence: Evidence[];
  assessments: Assessment[];
}

export interface BlockHint {
  kind: 'title' | 'heading' | 'item' | 'paragraph';
  start: number;
  end: number;
  level?: number;
}

export interface AccordText {
  version: string;
  text: string;
  hints: BlockHint[];
}

export interface Counts {
  [status: string]: number;
}

export interface RollupGroup {
  compliance: number | null;
  scored: number;
  total: number;
  counts: Counts;
}

export interface Rollups {
  overall: RollupGroup;
  byParty: (RollupGroup & { party: string })[];
  bySection: (RollupGroup & { section: string })[];
  countsByStatus: Counts;
  overdue: number;
  due: number;
  onTimeRate: number | null;
}

export interface User {
  id: string;
  email: string;
  name?: string;
  role: string;
}

interface Page<T> {
  items: T[];
  next: string | null;
}

/** An error answer of the API (application/problem+json). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// The CSRF token of the session, kept in memory only: sent as X-CSRF-Token on every write.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    // Always fresh: a commitment's ETag does not change when evidence or assessments are added
    // to it, so a revalidated (304) copy could hide them.
    cache: 'no-store',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = (data ?? {}) as { code?: string; detail?: string; title?: string };
    throw new ApiError(
      response.status,
      problem.code ?? 'error',
      problem.detail ?? problem.title ?? response.statusText,
    );
  }
  return data as T;
}

export function get<T>(path: string): Promise<T> {
  return request<T>('GET', path);
}

export function post<T>(path: string, body: unknown): Promise<T> {
  return request<T>('POST', path, body);
}

/** Every item of a paged list, following the `next` cursor. */
export async function getAll<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  const join = path.includes('?') ? '&' : '?';
  for (let guard = 0; guard < 1000; guard++) {
    const url: string =
      `${path}${join}limit=500` + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');
    const page: Page<T> = await get<Page<T>>(url);
    items.push(...page.items);
    if (!page.next) break;
    cursor = page.next;
  }
  return items;
}

export const api = {
  accords: () => getAll<AccordSummary>('/api/accords'),
  accord: (idOrSlug: string) => get<Accord>(`/api/accords/${encodeURIComponent(idOrSlug)}`),
  text: (idOrSlug: string) => get<AccordText>(`/api/accords/${encodeURIComponent(idOrSlug)}/text`),
  commitments: (idOrSlug: string) =>
    getAll<Commitment>(`/api/accords/${encodeURIComponent(idOrSlug)}/commitments`),
  rollups: (idOrSlug: string) =>
    get<Rollups>(`/api/accords/${encodeURIComponent(idOrSlug)}/rollups`),
  commitment: (id: string) => get<CommitmentDetail>(`/api/commitments/${encodeURIComponent(id)}`),
  approvedAssessments: () => getAll<Assessment>('/api/assessments?state=approved'),
  me: () => get<{ user: User; csrfToken: string | null }>('/api/auth/me'),
  login: (email: string, password: string) =>
    post<{ user: User; csrfToken: string }>('/api/auth/login', { email, password }),
  logout: () => post<undefined>('/api/auth/logout', {}),
};
