import type { Lang } from './i18n.js';

/** The service's problem+json body (RFC 9457), with `errors` naming each bad field. */
export interface Problem {
  title?: string;
  status?: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }

  /** Field errors keyed by field name, with a prefix such as "changes." removed. */
  fieldErrors(prefix = ''): Record<string, string> {
    const result: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) {
      const field = prefix && error.field.startsWith(prefix) ? error.field.slice(prefix.length) : error.field;
      result[field] = result[field] ? `${result[field]}; ${error.message}` : error.message;
    }
    return result;
  }
}

const TOKEN_KEY = 'trt.token';

/** The token lives for this browser tab only: sessionStorage, never a URL or a cookie. */
export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export function authHeaders(token = tokenStore.get()): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export async function request<T>(path: string, options: { method?: string; body?: unknown; token?: string | null; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders(options.token === undefined ? tokenStore.get() : options.token) };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, (body ?? {}) as Problem);
  return body as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => request<T>(path, { signal });
export const post = <T>(path: string, body: unknown = {}) => request<T>(path, { method: 'POST', body });
export const put = <T>(path: string, body: unknown = {}) => request<T>(path, { method: 'PUT', body });
export const patch = <T>(path: string, body: unknown = {}) => request<T>(path, { method: 'PATCH', body });
export const del = <T>(path: string) => request<T>(path, { method: 'DELETE' });

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const ROLES = ['viewer', 'editor', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export type Capability = 'read' | 'write' | 'audit' | 'admin';

export interface Session {
  signedIn: boolean;
  name?: string;
  role?: Role;
  capabilities: Capability[];
  /** Absent for tokens that belong to no person. */
  personId?: string;
  credential?: 'cookie' | 'token';
}

/** The same table as the service's (src/auth/roles.ts), for a role a person holds on one process. */
const ROLE_CAPABILITIES: Record<Role, Capability[]> = {
  viewer: ['read'],
  editor: ['read', 'write'],
  auditor: ['read', 'audit'],
  admin: ['read', 'write', 'audit', 'admin'],
};

export const capabilitiesOf = (role: Role): Capability[] => ROLE_CAPABILITIES[role];

export interface SignInOptions {
  emailLink: boolean;
  oidc: { providerName: string; path: string } | null;
}

export interface Person {
  id: string;
  email: string | null;
  displayName: string;
  language: Lang;
  status: 'invited' | 'active' | 'deactivated';
  role: Role;
  processRoles: { processId: string; role: Role }[];
  invitedAt: string;
  joinedAt: string | null;
  deactivatedAt: string | null;
}

export interface PersonToken {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The answer of the people and profile writes. */
export interface PersonWrite {
  version: number;
  position: number;
  personId?: string;
  invitationSent?: boolean;
  tokenId?: string;
  token?: string;
}

export interface ProcessSummary {
  id: string;
  title: string;
  mandate: string | null;
  description: string | null;
  reviewDueAt: string | null;
  timezone: string;
  /** Auditors and admins only. */
  version?: number;
  lastRecordedAt?: string;
  counts: { milestones: number; assessments: number; openDeadlines: number };
  nextDeadline: { deadlineId: string; title: string; dueAt: string; timezone: string } | null;
  lastActivity: { occurredOn: string; milestoneId: string; title: string } | null;
}

export interface TimelineItem {
  milestoneId: string;
  kind: string;
  title: string;
  originalTitle?: string;
  occurredOn: string;
  endsOn: string | null;
  stakeholders: string[];
  buildingBlocks: number[];
  location: string | null;
  /** documentUrl: the symbol's page on the UN Official Document System, in the language asked for. */
  source: { url: string | null; symbol: string | null; documentUrl: string | null } | null;
  visibility: 'public' | 'internal' | 'confidential';
  notes: string | null;
  confirmed: boolean;
  loggedAt: string;
  correctedAt: string | null;
}

/** One refused cell of an import: the row as the spreadsheet numbers it, the column as the file names it. */
export interface ImportCellError {
  row: number;
  column: string;
  code: string;
  message: string;
}

export interface ImportRow {
  row: number;
  status: 'new' | 'unchanged' | 'changed' | 'refused';
  target: 'milestone' | 'deadline';
  milestoneId?: string;
  deadlineId?: string;
  fields?: Record<string, unknown>;
  changedFields: string[];
  errors: ImportCellError[];
}

export interface ImportApplyResult {
  version: number;
  /** Pass as minPosition to read the timeline with what the apply wrote. */
  position: number;
  importId: string;
  logged: number;
  corrected: number;
  deadlinesSet: number;
  deadlinesChanged: number;
  unchanged: number;
  refused: number;
}

/** GET /api/processes/:id/imports/:importId: the preview's counts, the apply's progress and one page of rows. */
export interface ImportPreview {
  importId: string;
  fileName: string;
  status: 'previewed' | 'applying' | 'applied';
  columns: { recognised: string[]; ignored: string[] };
  counts: Record<ImportRow['status'], number>;
  rowsTotal: number;
  rowsDone: number;
  result?: ImportApplyResult;
  expiresAt: string;
  rows: ImportRow[];
  nextAfter?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export type Evidence = { milestoneId: string; title: string; occurredOn: string; kind: string } | { milestoneId: string; available: false };

export interface Assessment {
  assessmentId: string;
  rating: string;
  rationale: string;
  assessedAt: string;
  assessedBy: string;
  evidence: Evidence[];
}

export interface BlockProgress {
  buildingBlock: number;
  name: string;
  current: Assessment | null;
  history: Assessment[];
  activity: { milestones: number; stakeholderGroups: string[]; stakeholderGroupsLast12Months: string[]; lastActivityOn: string | null };
}

export interface Reminder {
  id: string;
  subscriptionId: string;
  channel: string;
  offset: string;
  dueAt: string;
  status: 'planned' | 'queued' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  late: boolean;
  sentAt?: string | null;
  lastError?: string | null;
}

/** A channel a subscription may use, as GET /api/reminder-channels lists it; the kind is the address field's input type. */
export interface ReminderChannel {
  name: string;
  addressKind: 'email' | 'url' | 'text';
}

export interface Deadline {
  deadlineId: string;
  title: string;
  kind: string;
  dueAt: string;
  dueAtUtc: string;
  timezone: string;
  localDueDate: string;
  remindBefore: string[];
  notifyOverdue: boolean;
  status: 'upcoming' | 'due-today' | 'overdue' | 'met' | 'cancelled';
  statusReason: string | null;
  moves: { from: string; to: string; reason: string; at: string }[];
  /** Editors and admins only. */
  reminders?: Reminder[];
  /** Viewers and auditors, in place of reminders. */
  reminderCounts?: Record<Reminder['status'], number>;
}

export interface AuditEntry {
  position: number;
  streamId: string;
  version: number;
  type: string;
  data: unknown;
  actor: { id: string; name: string; role?: string };
  correlationId: string;
  causationId: string | null;
  recordedAt: string;
  hash: string;
}

export interface Verification {
  ok: boolean;
  checkedEvents: number;
  firstBrokenPosition?: number;
}

/** Every page of a cursor-paginated list. */
export async function allPages<T>(path: string, params: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await get<Page<T>>(path + query({ ...params, cursor }), signal);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
