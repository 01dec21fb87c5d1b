/**
 * The emulator's HTTP face: authentication, the request log, injected faults and latency, rate-limit
 * headers, conditional GETs, then REST routing or GraphQL execution.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphqlOperationKind, handleGraphql, type GraphqlRequestBody } from './graphql.js';
import { handleRest, type RestResponse } from './rest.js';
import type { Json } from './shapes.js';
import { HttpError, type RepoState } from './state.js';

export interface LogEntry {
  method: string;
  /** Path and query string as requested. */
  path: string;
  status: number;
  kind: 'read' | 'write';
  graphql?: 'query' | 'mutation';
  at: Date;
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
  status: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Seconds; sets the `retry-after` header. */
  retryAfter?: number;
  body?: Record<string, unknown>;
  latencyMs?: number;
}

export interface Faults {
  inject(fault: FaultSpec): void;
  /** Removes every pending fault. */
  clear(): void;
  /** Faults not yet used up. */
  pending(): number;
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

export interface ServerHandle {
  url: string;
  server: Server;
  faults: Faults;
  log: RequestLog;
  latency: { ms: number };
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

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startServer(state: RepoState, options: { latencyMs: number }): Promise<ServerHandle> {
  const log = createRequestLog();
  const pending: PendingFault[] = [];
  const latency = { ms: options.latencyMs };
  const rest = { used: 0, windowStart: state.clock.now().getTime() };
  const gql = { used: 0 };
  let url = '';

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
      pending.push({ ...fault, remaining: fault.times ?? 1 });
    },
    clear() {
      pending.splice(0, pending.length);
    },
    pending: () => pending.reduce((n, f) => n + f.remaining, 0),
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

    const fault = pending.find(
      (f) => f.remaining > 0 && (!f.method || f.method.toUpperCase() === method) && (!f.pathPattern || f.pathPattern.test(path)),
    );
    if (fault) fault.remaining -= 1;
    const delay = fault?.latencyMs ?? latency.ms;
    if (delay > 0) await sleep(delay);

    rollWindow();
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    const send = (status: number, body: Json | undefined, extra: Record<string, string> = {}): void => {
      log.push({ method, path, status, kind, ...(graphqlKind ? { graphql: graphqlKind } : {}), at: state.clock.now() });
      const all = { ...headers, ...extra };
      if (body === undefined || status === 204 || status === 304) {
        delete all['content-type'];
        res.writeHead(status, all);
        res.end();
        return;
      }
      res.writeHead(status, all);
      res.end(JSON.stringify(body));
    };

    const auth = req.headers.authorization;
    if (!auth || !/^(token|bearer)\s+\S+/i.test(auth)) {
      send(401, { message: 'Requires authentication', documentation_url: DOCS });
      return;
    }

    // Conditional GETs answered 304 do not count against the primary limit.
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

    if (fault) {
      bucket.used += 1;
      const extra: Record<string, string> = rateHeaders();
      if (fault.retryAfter !== undefined) extra['retry-after'] = String(fault.retryAfter);
      const body = (fault.body as Json | undefined) ?? { message: defaultMessage(fault.status), documentation_url: DOCS };
      send(fault.status, body, extra);
      return;
    }

    if (parseFailed) {
      bucket.used += 1;
      send(400, { message: 'Problems parsing JSON', documentation_url: DOCS }, rateHeaders());
      return;
    }

    if (isGraphql) {
      bucket.used += 1;
      const result = await handleGraphql(
        {
          state,
          rateLimit: () => {
            const n = numbers(gql.used, GRAPHQL_LIMIT);
            return { limit: n.limit, remaining: n.remaining, used: n.used, resetAt: new Date(n.reset * 1000) };
          },
        },
        (parsed ?? {}) as GraphqlRequestBody,
      );
      send(200, githubErrorShape(JSON.parse(JSON.stringify(result)) as Json), rateHeaders());
      return;
    }

    let response: RestResponse | null;
    try {
      response = handleRest(
        {
          state,
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
      send(error.status, body, rateHeaders());
      return;
    }
    if (!response) {
      bucket.used += 1;
      send(404, { message: 'Not Found', documentation_url: DOCS, status: '404' }, rateHeaders());
      return;
    }

    if (method === 'GET' && response.status === 200 && response.body !== undefined) {
      const etag = `W/"${createHash('sha1').update(JSON.stringify(response.body)).digest('hex')}"`;
      const ifNoneMatch = req.headers['if-none-match'];
      if (ifNoneMatch === etag) {
        send(304, undefined, { etag, ...rateHeaders() });
        return;
      }
      headers.etag = etag;
    }
    bucket.used += 1;
    send(response.status, response.body, { ...rateHeaders(), ...(response.headers ?? {}) });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ message: `emulator error: ${error instanceof Error ? error.message : String(error)}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    server,
    faults,
    log,
    latency,
    close: () =>
      new Promise<void>((resolve, reject) => {
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
