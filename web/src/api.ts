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
  commitments: number;
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
  etag: string;
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
  commitments?: string[];
  created_at?: string;
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
  submitted_at?: string | null;
  evidence?: string[];
  author?: string | null;
  reviewer?: string | null;
  review_comment?: string | null;
  etag?: string;
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
  byCycle: {
    cycleId: string;
    name: string;
    cutoff: string;
    overall: number | null;
    byParty: { party: string; compliance: number | null }[];
  }[];
  overdue: number;
  due: number;
  onTimeRate: number | null;
}

export interface User {
  id: string;
  email: string;
  name?: string | null;
  role: string;
  disabled?: boolean;
  must_change_password?: boolean;
}

export interface Cycle {
  id: string;
  name: string;
  cutoff: string;
  opened_at?: string;
}

export interface HistoryEvent {
  id: string;
  at: string;
  actor: string | null;
  type: string;
  subject: string;
  payload: Record<string, unknown>;
  hash: string;
}

export interface ApiToken {
  id: string;
  name: string;
  created_at?: string;
  last_used_at?: string | null;
  revoked_at?: string | null;
  user?: string;
}

/** A feed an agreement watches for evidence. */
export interface FeedSource {
  id: string;
  url: string;
  title: string | null;
  enabled: boolean;
  intervalMinutes: number;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastStatus: string | null;
  lastError: string | null;
  failures: number;
  version: number;
}

/** An item of a feed offered as evidence for a commitment. */
export interface Suggestion {
  id: string;
  state: 'open' | 'accepted' | 'dismissed';
  score: number;
  reason: string;
  evidenceId: string | null;
  version: number;
  commitment: { id: string; eid: string; section: string; text: string };
  item: { title: string; url: string | null; published: string | null; summary: string };
}

export interface RankedCommitment {
  commitment: { id: string; eid: string; text: string };
  score: number;
  reason: string;
}

/** A commitment of an import preview (not saved yet): `eid` is its id in the text. */
export interface ExtractedCommitment {
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
}

export interface Extracted {
  accord: { title: string | null; signed: string | null; parties: string[]; language: string };
  sections: Section[];
  commitments: ExtractedCommitment[];
  diagnostics: string[];
}

export interface ImportInput {
  text: string;
  format: 'text' | 'markdown' | 'html' | 'pdf';
  encoding: 'utf8' | 'base64';
  title?: string;
  parties?: string[];
  signed?: string;
  place?: string;
  language?: 'en' | 'ja';
  source_url?: string;
}

export interface EvidenceInput {
  title: string;
  url?: string | null;
  published: string;
  publisher?: string | null;
  excerpt?: string;
  language?: 'en' | 'ja';
  kind?: string;
  commitments?: string[];
}

export interface AssessmentInput {
  commitment: string;
  party: string;
  cycle: string;
  status: string;
  score?: number | null;
  rationale?: string;
  evidence?: string[];
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
// The public portal reads as an anonymous visitor even when a session cookie exists, so that it
// shows exactly what the public sees (approved assessments, public agreements).
let anonymous = false;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function readAnonymously(): void {
  anonymous = true;
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  ifMatch?: string,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (ifMatch) headers['if-match'] = ifMatch;
  const response = await fetch(path, {
    method,
    headers,
    credentials: anonymous ? 'omit' : 'same-origin',
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

export function post<T>(path: string, body: unknown, ifMatch?: string): Promise<T> {
  return request<T>('POST', path, body, ifMatch);
}

export function patch<T>(path: string, body: unknown, ifMatch?: string): Promise<T> {
  return request<T>('PATCH', path, body, ifMatch);
}

export function del(path: string): Promise<undefined> {
  return request<undefined>('DELETE', path);
}

const enc = encodeURIComponent;

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
  approvedAssessments: (agreementId: string) =>
    getAll<Assessment>(`/api/assessments?state=approved&agreement=${enc(agreementId)}`),
  me: () => get<{ user: User; csrfToken: string | null }>('/api/auth/me'),
  login: (email: string, password: string) =>
    post<{ user: User; csrfToken: string }>('/api/auth/login', { email, password }),
  logout: () => post<undefined>('/api/auth/logout', {}),
  changePassword: (current: string, next: string) =>
    post<undefined>('/api/auth/password', { current, next }),
};

/** Calls of the signed-in screens (import, corrections, evidence, review, admin). */
export const work = {
  extract: (input: ImportInput) => post<Extracted>('/api/extract', input),
  importAccord: (input: ImportInput) =>
    post<{ id: string; slug: string; commitments: number }>('/api/accords', input),
  editCommitment: (id: string, changes: Record<string, unknown>, etag: string) =>
    patch<Commitment>(`/api/commitments/${enc(id)}`, changes, etag),
  rejectCommitment: (id: string, reason: string, etag: string) =>
    post<Commitment>(`/api/commitments/${enc(id)}/reject`, { reason }, etag),
  cycles: (accord: string) =>
    get<{ items: Cycle[] }>(`/api/accords/${enc(accord)}/cycles`).then((r) => r.items),
  openCycle: (accord: string, name: string, cutoff: string) =>
    post<Cycle>(`/api/accords/${enc(accord)}/cycles`, { name, cutoff }),
  history: (accord: string, commitment: string) =>
    getAll<HistoryEvent>(`/api/accords/${enc(accord)}/events?commitment=${enc(commitment)}`),
  evidence: (q: string) =>
    get<{ items: Evidence[]; next: string | null }>(
      `/api/evidence?limit=100${q ? `&q=${enc(q)}` : ''}`,
    ),
  addEvidence: (input: EvidenceInput) => post<Evidence>('/api/evidence', input),
  assessments: (query: string) => getAll<Assessment>(`/api/assessments?${query}`),
  draftAssessment: (input: AssessmentInput) => post<Assessment>('/api/assessments', input),
  updateAssessment: (id: string, changes: Record<string, unknown>, etag: string) =>
    patch<Assessment>(`/api/assessments/${enc(id)}`, changes, etag),
  review: (id: string, action: 'submit' | 'approve' | 'return', etag: string, comment?: string) =>
    post<Assessment>(`/api/assessments/${enc(id)}/${action}`, comment ? { comment } : {}, etag),
  users: () => get<{ items: User[] }>('/api/users').then((r) => r.items),
  addUser: (email: string, role: string, name?: string) =>
    post<{ user: User; password?: string }>('/api/users', {
      email,
      role,
      ...(name ? { name } : {}),
    }),
  updateUser: (id: string, changes: { role?: string; disabled?: boolean }) =>
    patch<User>(`/api/users/${enc(id)}`, changes),
  resetPassword: (id: string) =>
    post<{ user: User; password: string }>(`/api/users/${enc(id)}/reset-password`, {}),
  tokens: () =>
    get<{ items: (ApiToken & { user_id?: string })[] }>('/api/tokens').then((r) => r.items),
  addToken: (name: string) => post<{ id: string; token: string }>('/api/tokens', { name }),
  revokeToken: (id: string) => del(`/api/tokens/${enc(id)}`),
  feeds: (accord: string) =>
    get<{ items: FeedSource[] }>(`/api/accords/${enc(accord)}/feeds`).then((r) => r.items),
  addFeed: (accord: string, url: string, title?: string) =>
    post<FeedSource>(`/api/accords/${enc(accord)}/feeds`, { url, ...(title ? { title } : {}) }),
  removeFeed: (id: string) => del(`/api/feeds/${enc(id)}`),
  pollFeed: (id: string) =>
    post<{ outcome: { status: string; newItems?: number; error?: string } }>(
      `/api/feeds/${enc(id)}/poll`,
      {},
    ),
  suggestions: (accord: string, state: string) =>
    get<{ items: Suggestion[] }>(
      `/api/accords/${enc(accord)}/suggestions?state=${enc(state)}&limit=100`,
    ).then((r) => r.items),
  decide: (s: Suggestion, verb: 'accept' | 'dismiss') =>
    post<Suggestion>(
      `/api/suggestions/${enc(s.id)}/${verb}`,
      {},
      `"suggestion-${s.id}-v${s.version}"`,
    ),
  match: (accord: string, input: { text?: string; url?: string; published?: string }) =>
    post<{ matches: RankedCommitment[] }>(`/api/accords/${enc(accord)}/match`, input).then(
      (r) => r.matches,
    ),
};
