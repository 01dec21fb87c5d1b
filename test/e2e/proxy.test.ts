/**
 * Self-hosted runners behind a corporate proxy: the bundled action (@actions/github's getOctokit)
 * and the CLI (@octokit/rest with undici's EnvHttpProxyAgent) send every request through the
 * proxy that HTTP_PROXY / HTTPS_PROXY name, and none to a host that NO_PROXY names.
 *
 * The proxy here is a forward proxy on loopback that sees each request: absolute-URI requests
 * (`GET http://host/path`), and CONNECT tunnels, whose requests it reads itself (undici's
 * ProxyAgent tunnels even to http:// targets). It resolves the names it is asked for from a table,
 * as a corporate proxy resolves names the runner itself cannot.
 *
 * Why the action's runs use a name and not 127.0.0.1: @actions/http-client (which @actions/github
 * asks for its proxy dispatcher) never proxies a loopback host — `localhost`, `127.*`, `[::1]` —
 * whatever HTTP_PROXY and NO_PROXY say (lib/proxy.js, checkBypass → isLoopbackAddress). So the
 * emulator, listening on 127.0.0.1, is reached as `github.proxy-test.invalid`, a name that only the
 * proxy can resolve (`.invalid` never resolves: RFC 6761). One test pins the loopback rule down.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { runCli } from '../../src/cli/main.js';
import { form } from '../support/form.js';
import { runAction } from '../support/runner.js';
import { people } from '../support/people.js';

const NAME = 'github.proxy-test.invalid';

interface Proxied {
  readonly method: string;
  /** Path and query, as the emulator logs it. */
  readonly path: string;
  readonly host: string;
  readonly via: 'absolute-uri' | 'connect';
}

interface ForwardProxy {
  readonly url: string;
  readonly seen: Proxied[];
  /** CONNECT requests (tunnels opened), by authority. */
  readonly tunnels: string[];
  close(): Promise<void>;
}

/** A forward proxy that forwards to `names[host] ?? host`, recording every request it carries. */
async function startProxy(names: Readonly<Record<string, string>>): Promise<ForwardProxy> {
  const seen: Proxied[] = [];
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const tunnelTarget = new WeakMap<Socket, { host: string; port: number }>();

  function forward(req: IncomingMessage, res: ServerResponse, target: { host: string; port: number }, path: string, via: Proxied['via']): void {
    seen.push({ method: req.method ?? '', path, host: target.host, via });
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    delete headers['proxy-authorization'];
    const upstream = httpRequest(
      { host: names[target.host] ?? target.host, port: target.port, method: req.method, path, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${error.message}`);
    });
    req.pipe(upstream);
  }

  // Requests inside a CONNECT tunnel arrive in origin form (`GET /path`); the tunnel says where to.
  const inner = createServer((req, res) => {
    const target = tunnelTarget.get(req.socket);
    if (!target) {
      res.writeHead(500).end();
      return;
    }
    forward(req, res, target, req.url ?? '/', 'connect');
  });

  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    if (!/^http:\/\//i.test(url)) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('proxy: expected an absolute URI');
      return;
    }
    const target = new URL(url);
    forward(req, res, { host: target.hostname, port: Number(target.port || 80) }, `${target.pathname}${target.search}`, 'absolute-uri');
  });
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const authority = req.url ?? '';
    const match = /^(.+):(\d+)$/.exec(authority);
    if (!match) {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    tunnels.push(authority);
    tunnelTarget.set(socket, { host: (match[1] as string).replace(/^\[|\]$/g, ''), port: Number(match[2]) });
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    inner.emit('connection', socket);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    tunnels,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** method + path of each request, sorted: the proxy and the emulator must agree on the multiset. */
const requests = (entries: readonly { method: string; path: string }[]): string[] => entries.map((e) => `${e.method} ${e.path}`).sort();

const USERS = people({ jdoe: 'none' });

let gh: Emulator;
let proxy: ForwardProxy;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2026-11-26T10:00:00Z'), users: USERS });
  proxy = await startProxy({ [NAME]: '127.0.0.1' });
});
afterEach(async () => {
  await proxy.close();
  await gh.close();
});

/** The emulator as the runner sees it when only the proxy can resolve GitHub's name. */
function viaName(): Record<string, string> {
  const url = new URL(gh.url);
  url.hostname = NAME;
  const api = url.toString().replace(/\/$/, '');
  return { GITHUB_API_URL: api, GITHUB_GRAPHQL_URL: `${api}/graphql` };
}

function request() {
  return gh.fileIssue({ author: 'hr-hana', title: 'Offboarding: ', body: form(), labels: ['offboarding'] });
}

describe('the bundled action behind a proxy', () => {
  it('sends every request through HTTP_PROXY (an http:// API): the proxy carried exactly what the emulator answered', async () => {
    const { number, payload } = request();
    const run = await runAction(gh, {
      event: 'issues',
      payload,
      bundle: true,
      env: { ...viaName(), HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.tracker).toBe(String(number));
    expect(gh.state.issue(number).body?.startsWith('<!-- offboarding:tracker v1 -->')).toBe(true);
    // Reads and writes, REST and GraphQL: all of them through the proxy, none around it.
    expect(gh.log.writes().length).toBeGreaterThan(0);
    expect(proxy.seen.length).toBe(gh.log.length);
    expect(requests(proxy.seen)).toEqual(requests(gh.log));
    expect(new Set(proxy.seen.map((p) => p.host))).toEqual(new Set([NAME]));
    expect(proxy.tunnels.every((t) => t === `${NAME}:${new URL(gh.url).port}`)).toBe(true);
  });

  it('honours NO_PROXY: NO_PROXY=127.0.0.1 with the emulator at http://127.0.0.1:PORT sends nothing through the proxy', async () => {
    const { number, payload } = request();
    const run = await runAction(gh, {
      event: 'issues',
      payload,
      bundle: true,
      env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.tracker).toBe(String(number));
    expect(gh.log.length).toBeGreaterThan(0);
    expect(proxy.seen).toEqual([]);
    expect(proxy.tunnels).toEqual([]);
  });

  it('honours NO_PROXY for a proxied name: the action then goes direct (and cannot resolve it), the proxy sees nothing', async () => {
    const { payload } = request();
    const run = await runAction(gh, {
      event: 'issues',
      payload,
      bundle: true,
      env: { ...viaName(), HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: `example.com,${NAME}` },
    });
    expect(run.code).not.toBe(0);
    // The direct attempt is what failed: the runner could not resolve the name only the proxy knows.
    expect(run.stdout + run.stderr).toContain(`cannot reach http://${NAME}:${new URL(gh.url).port} (host not found)`);
    expect(proxy.seen).toEqual([]);
    expect(gh.log).toHaveLength(0);
  });

  it('@actions/http-client never proxies a loopback API, even without NO_PROXY (why the tests above use a name)', async () => {
    const { payload } = request();
    const run = await runAction(gh, { event: 'issues', payload, bundle: true, env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(gh.log.length).toBeGreaterThan(0);
    expect(proxy.seen).toEqual([]);
  });
});

describe('the CLI behind a proxy', () => {
  async function cli(argv: string[], env: Record<string, string>) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: { GITHUB_TOKEN: 'cli-token', GITHUB_API_URL: gh.url, OFFBOARDING_TIME_SCALE: '0.01', ...env },
    });
    return { code, stdout, stderr };
  }

  beforeEach(async () => {
    // A tracker to look at, made by the action without a proxy.
    const { payload } = request();
    const run = await runAction(gh, { event: 'issues', payload });
    expect(run.code, run.stdout).toBe(0);
    gh.log.clear();
  });

  const repo = () => `${gh.owner}/${gh.repo}`;

  it('sends every request through HTTPS_PROXY, to the emulator at http://127.0.0.1:PORT', async () => {
    const result = await cli(['sweep', '--repo', repo(), '--dry-run'], { HTTPS_PROXY: proxy.url });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Jane Doe');
    expect(gh.log.length).toBeGreaterThan(0);
    expect(requests(proxy.seen)).toEqual(requests(gh.log));
  });

  it('uses HTTP_PROXY for an http:// API, and a proxied name resolves at the proxy', async () => {
    const result = await cli(['status', '--repo', repo()], { ...viaName(), HTTP_PROXY: proxy.url });
    expect(result.code, result.stderr).toBe(0);
    expect(gh.log.length).toBeGreaterThan(0);
    expect(requests(proxy.seen)).toEqual(requests(gh.log));
    expect(new Set(proxy.seen.map((p) => p.host))).toEqual(new Set([NAME]));
  });

  it('honours NO_PROXY=127.0.0.1: nothing goes through the proxy', async () => {
    const result = await cli(['status', '--repo', repo()], { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    expect(result.code, result.stderr).toBe(0);
    expect(gh.log.length).toBeGreaterThan(0);
    expect(proxy.seen).toEqual([]);
  });
});
