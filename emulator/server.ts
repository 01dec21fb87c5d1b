/**
 * The emulator's HTTP face: authentication and the token model, the request log, injected faults
 * (including lost answers and hung requests), request hooks, latency, rate-limit headers,
 * conditional GETs, then REST routing or GraphQL execution.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphqlOperationKind, handleGraphql, type GraphqlRequestBody } from './graphql.js';
import type { OrgState } from './org.js';
import { handleRest, type RestResponse } from './rest.js';
import type { Json } from './shapes.js';
import { HttpError, type RepoState } from './state.js';
import type { TokenRegistry } from './tokens.js';

export interface LogEntry {
  method: string;
  /** Path and query string as requested. */
  path: string;
  /** What the client received (0: no answer, the request hung). */
  status: number;
  kind: 'read' | 'write';
  graphql?: 'query' | 'mutation';
  at: Date;
  /** Login the request's token acts as (absent when unauthenticated). */
  actor?: string;
  /** GraphQL: the points charged (GitHub's documented estimate). */
  cost?: number;
  /**
   * An injected fault: `rejected` (answered with the fault, not carried out), `applied` (carried
   * out, then answered with the fault: a lost answer), `hung` (never answered).
   */
  fault?: 'rejected' | 'applied' | 'hung';
  /** For `applied` faults: the status the emulator's real answer had. */
  handledStatus?: number;
}

export interface RequestLog extends Array<LogEntry> {
  reads(): LogEntry[];
  writes(): LogEntry[];
  clear(): void;
}

export interface FaultSpec {
  method?: string;
  /** Tested against the path and query string, e.g. `/repos/acme/people-ops/issues/1?x=y`. */
  pathPattern?: RegExp;
  /** The status the client receives; required unless `hang`. */
  status?: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Seconds; sets the `retry-after` header. */
  retryAfter?: number;
  body?: Record<string, unknown>;
  latencyMs?: number;
  /**
   * Carry the request out on the state exactly as normal, then answer with the fault instead of
   * the real answer (GitHub applied the write, then answered 502 or timed out).
   */
  apply?: boolean;
  /** Never answer: the connection stays open until the client gives up or the emulator closes. */
  hang?: boolean;
}

export interface Faults {
  inject(fault: FaultSpec): void;
  /** Removes every pending fault. */
  clear(): void;
  /** Faults not yet used up. */
  pending(): number;
}

/** Which requests a hook or fault applies to. */
export interface RequestMatch {
  method?: string;
  /** Tested against the path and query string. */
  pathPattern?: RegExp;
}

/** What a request hook is told about the request it runs before. */
export interface HookRequest {
  method: string;
  path: string;
  /** The parsed JSON body (undefined when empty or not JSON). */
  body: unknown;
}

export type RequestHookFn = (request: HookRequest) => void | Promise<void>;

/** A registered hook: how often it ran, and a way to remove it. */
export interface RequestHook {
  readonly calls: number;
  /** Runs left (Infinity: until cancelled). */
  readonly remaining: number;
  cancel(): void;
}

const DOCS = 'https://docs.github.com/rest';
const REST_LIMIT = 1000;
const GRAPHQL_LIMIT = 1000;

export function createRequestLog(): RequestLog {
  const log = [] as unknown as RequestLog;
  Object.defineProperties(log, {
    reads: { value: () => log.filter((e) => e.kind === 'read'), enumerable: false },
    writes: { value: () => log.filter((e) => e.kind === 'write'), enumerable: false },
    clear: { value: () => void log.splice(0, log.length), enumerable: false },
  });
  return log;
}

interface PendingFault extends FaultSpec {
  remaining: number;
}

interface PendingHook extends RequestMatch {
  fn: RequestHookFn;
  remaining: number;
  calls: number;
}

export interface ServerOptions {
  latencyMs: number;
  org: OrgState;
  tokens: TokenRegistry;
  /** Fixed port (default: a free one). */
  port?: number;
  host?: string;
}

export interface ServerHandle {
  url: string;
  server: Server;
  faults: Faults;
  log: RequestLog;
  latency: { ms: number };
  /** Runs `fn` just before each matching request is handled (`times` requests, default 1). */
  onRequest(match: RequestMatch, fn: RequestHookFn, options?: { times?: number }): RequestHook;
  close(): Promise<void>;
}

function defaultMessage(status: number): string {
  switch (status) {
    case 401:
      return 'Requires authentication';
    case 403:
      return 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
    case 404:
      return 'Not Found';
    case 409:
      return 'Conflict';
    case 422:
      return 'Validation Failed';
    case 429:
      return 'API rate limit exceeded';
    case 502:
      return 'Server Error';
    case 503:
      return 'Service Unavailable';
    default:
      return status >= 500 ? 'Server Error' : 'Error';
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const matches = (m: RequestMatch, method: string, path: string): boolean =>
  (!m.method || m.method.toUpperCase() === method) && (!m.pathPattern || m.pathPattern.test(path));

/** The real answer to a request, before faults decide what the client gets. */
interface Answer {
  status: number;
  body: Json | undefined;
  headers: Record<string, string>;
}

export async function startServer(state: RepoState, options: ServerOptions): Promise<ServerHandle> {
  const { org, tokens } = options;
  const log = createRequestLog();
  const pending: PendingFault[] = [];
  const hooks: PendingHook[] = [];
  const latency = { ms: options.latencyMs };
  const rest = { used: 0, windowStart: state.clock.now().getTime() };
  const gql = { used: 0 };
  let url = '';
  let closed = false;
  /** Pending latency waits, woken early by close(). */
  const waits = new Map<NodeJS.Timeout, () => void>();
  /** Requests that will never be answered (closed by close()). */
  const hung = new Set<ServerResponse>();

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        waits.delete(timer);
        resolve();
      }, ms);
      waits.set(timer, resolve);
    });

  const resetEpoch = (): number => Math.floor(rest.windowStart / 1000) + 3600;
  const rollWindow = (): void => {
    const now = state.clock.now().getTime();
    if (now >= rest.windowStart + 3600_000) {
      rest.windowStart = now;
      rest.used = 0;
      gql.used = 0;
    }
  };
  const numbers = (used: number, limit: number) => ({ limit, used, remaining: Math.max(0, limit - used), reset: resetEpoch() });

  const faults: Faults = {
    inject(fault) {
      if (fault.status === undefined && !fault.hang) throw new Error('faults.inject: a fault needs a status (or hang: true)');
      pending.push({ ...fault, remaining: fault.times ?? 1 });
    },
    clear() {
      pending.splice(0, pending.length);
    },
    pending: () => pending.reduce((n, f) => n + f.remaining, 0),
  };

  const onRequest = (match: RequestMatch, fn: RequestHookFn, { times = 1 }: { times?: number } = {}): RequestHook => {
    const hook: PendingHook = { ...match, fn, remaining: times, calls: 0 };
    hooks.push(hook);
    return {
      get calls() {
        return hook.calls;
      },
      get remaining() {
        return hook.remaining;
      },
      cancel() {
        hook.remaining = 0;
      },
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = `${target.pathname}${target.search}`;
    const raw = await readBody(req);
    const isGraphql = target.pathname === '/graphql' && method === 'POST';

    let parsed: unknown;
    let parseFailed = false;
    if (raw.trim() !== '') {
      try {
        parsed = JSON.parse(raw);
      } catch {
        parseFailed = true;
      }
    }
    const graphqlKind = isGraphql && !parseFailed ? graphqlOperationKind((parsed ?? {}) as GraphqlRequestBody) : isGraphql ? 'query' : undefined;
    const kind: LogEntry['kind'] = isGraphql ? (graphqlKind === 'mutation' ? 'write' : 'read') : method === 'GET' || method === 'HEAD' ? 'read' : 'write';

    const fault = pending.find((f) => f.remaining > 0 && matches(f, method, path));
    if (fault) fault.remaining -= 1;
    const delay = fault?.latencyMs ?? latency.ms;
    if (delay > 0) await sleep(delay);
    if (closed) return;

    // A person's edit that lands between the client's read and this request.
    for (const hook of hooks.filter((h) => h.remaining > 0 && matches(h, method, path))) {
      hook.remaining -= 1;
      hook.calls += 1;
      await hook.fn({ method, path, body: parsed });
    }
    if (closed) return;

    rollWindow();
    const bucket = isGraphql ? gql : rest;
    const limit = isGraphql ? GRAPHQL_LIMIT : REST_LIMIT;
    const rateHeaders = (): Record<string, string> => {
      const n = numbers(bucket.used, limit);
      return {
        'x-ratelimit-limit': String(n.limit),
        'x-ratelimit-remaining': String(n.remaining),
        'x-ratelimit-reset': String(n.reset),
        'x-ratelimit-used': String(n.used),
        'x-ratelimit-resource': isGraphql ? 'graphql' : 'core',
      };
    };

    const entry: LogEntry = { method, path, status: 0, kind, ...(graphqlKind ? { graphql: graphqlKind } : {}), at: state.clock.now() };
    const respond = (answer: Answer): void => {
      entry.status = answer.status;
      log.push(entry);
      const all: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...answer.headers };
      if (answer.body === undefined || answer.status === 204 || answer.status === 304) {
        delete all['content-type'];
        res.writeHead(answer.status, all);
        res.end();
        return;
      }
      res.writeHead(answer.status, all);
      res.end(JSON.stringify(answer.body));
    };
    const hang = (): void => {
      entry.status = 0;
      log.push(entry);
      hung.add(res);
      res.on('close', () => hung.delete(res));
    };
    const faultAnswer = (f: PendingFault): Answer => {
      const extra: Record<string, string> = rateHeaders();
      if (f.retryAfter !== undefined) extra['retry-after'] = String(f.retryAfter);
      const status = f.status ?? 502;
      return { status, body: (f.body as Json | undefined) ?? { message: defaultMessage(status), documentation_url: DOCS }, headers: extra };
    };

    const auth = req.headers.authorization;
    const token = /^(?:token|bearer)\s+(\S+)/i.exec(auth ?? '')?.[1];
    if (!token) {
      respond({ status: 401, body: { message: 'Requires authentication', documentation_url: DOCS }, headers: {} });
      return;
    }
    const caller = tokens.resolve(token);
    if (!caller) {
      respond({ status: 401, body: { message: 'Bad credentials', documentation_url: DOCS, status: '401' }, headers: {} });
      return;
    }
    entry.actor = caller.login;

    if (fault && !fault.apply) {
      entry.fault = fault.hang ? 'hung' : 'rejected';
      if (fault.hang) {
        hang();
        return;
      }
      bucket.used += 1;
      respond(faultAnswer(fault));
      return;
    }

    // The real answer.
    const answer = async (): Promise<Answer> => {
      org.settle();
      if (parseFailed) {
        bucket.used += 1;
        return { status: 400, body: { message: 'Problems parsing JSON', documentation_url: DOCS }, headers: rateHeaders() };
      }
      if (isGraphql) {
        const { result, cost } = await handleGraphql(
          {
            state,
            org,
            tokens,
            caller,
            rateLimit: () => {
              const n = numbers(gql.used, GRAPHQL_LIMIT);
              return { limit: n.limit, remaining: n.remaining, used: n.used, resetAt: new Date(n.reset * 1000) };
            },
            charge: (points) => {
              gql.used += points;
            },
          },
          (parsed ?? {}) as GraphqlRequestBody,
        );
        entry.cost = cost;
        return { status: 200, body: githubErrorShape(JSON.parse(JSON.stringify(result)) as Json), headers: rateHeaders() };
      }
      let response: RestResponse | null;
      try {
        response = handleRest(
          {
            state,
            org,
            tokens,
            caller,
            urls: { api: url },
            rateLimit: () => ({ core: numbers(rest.used, REST_LIMIT), graphql: numbers(gql.used, GRAPHQL_LIMIT) }),
          },
          { method, pathname: target.pathname, query: target.searchParams, body: parsed },
        );
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        bucket.used += 1;
        const body: Record<string, Json> = { message: error.message, documentation_url: DOCS };
        if (error.errors) body.errors = error.errors.map((e) => ({ ...e }));
        if (error.status === 422 || error.status === 404) body.status = String(error.status);
        return { status: error.status, body, headers: { ...(error.headers ?? {}), ...rateHeaders() } };
      }
      if (!response) {
        bucket.used += 1;
        return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' }, headers: rateHeaders() };
      }
      const extra: Record<string, string> = {};
      if (method === 'GET' && response.status === 200 && response.body !== undefined) {
        const etag = `W/"${createHash('sha1').update(JSON.stringify(response.body)).digest('hex')}"`;
        // Conditional GETs answered 304 do not count against the primary limit.
        if (req.headers['if-none-match'] === etag) return { status: 304, body: undefined, headers: { etag, ...rateHeaders() } };
        extra.etag = etag;
      }
      bucket.used += 1;
      return { status: response.status, body: response.body, headers: { ...extra, ...rateHeaders(), ...(response.headers ?? {}) } };
    };

    const real = await answer();
    if (fault?.apply) {
      entry.fault = 'applied';
      entry.handledStatus = real.status;
      if (fault.hang) hang();
      else respond(faultAnswer(fault));
      return;
    }
    respond(real);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ message: `emulator error: ${error instanceof Error ? error.message : String(error)}` }));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host}:${port}`;

  return {
    url,
    server,
    faults,
    log,
    latency,
    onRequest,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closed = true;
        for (const [timer, wake] of waits) {
          clearTimeout(timer);
          wake();
        }
        waits.clear();
        for (const res of hung) res.destroy();
        hung.clear();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** GitHub puts an error's `type` (NOT_FOUND, …) on the error itself, not under `extensions`. */
function githubErrorShape(result: Json): Json {
  if (typeof result !== 'object' || result === null || Array.isArray(result) || !Array.isArray(result.errors)) return result;
  return {
    ...result,
    errors: result.errors.map((error) => {
      if (typeof error !== 'object' || error === null || Array.isArray(error)) return error;
      const extensions = error.extensions;
      if (typeof extensions !== 'object' || extensions === null || Array.isArray(extensions) || typeof extensions.type !== 'string') return error;
      const { extensions: _dropped, ...rest } = error;
      return { type: extensions.type, ...rest };
    }),
  };
}
