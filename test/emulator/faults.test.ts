import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { client, obj, REPO } from './helpers.js';

let gh: Emulator;
let call: ReturnType<typeof client>;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2025-03-01T09:00:00Z'), users: { 'hr-hana': 'write' } });
  call = client(gh);
});
afterEach(async () => {
  await gh.close();
});

describe('faults', () => {
  it('answers with the status and retry-after, without applying the request, for `times` requests', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    gh.faults.inject({ method: 'POST', pathPattern: /\/comments$/, status: 403, retryAfter: 7, times: 2 });
    const first = await call('POST', `${REPO}/issues/${number}/comments`, { body: 'hello' });
    expect(first.status).toBe(403);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(obj(first.json).message).toMatch(/secondary rate limit/);
    // Other methods and paths are not affected.
    expect((await call('GET', `${REPO}/issues/${number}/comments`)).status).toBe(200);
    expect((await call('POST', `${REPO}/issues/${number}/comments`, { body: 'hello' })).status).toBe(403);
    expect(gh.state.comments(number)).toEqual([]);
    expect(gh.faults.pending()).toBe(0);
    expect((await call('POST', `${REPO}/issues/${number}/comments`, { body: 'hello' })).status).toBe(201);
    expect(gh.state.comments(number).map((c) => c.body)).toEqual(['hello']);
    expect(gh.log.map((e) => e.status)).toEqual([403, 200, 403, 201]);
  });

  it('supports custom bodies, default once, GraphQL paths and clearing', async () => {
    gh.faults.inject({ status: 502, body: { message: 'bad gateway' } });
    const res = await call('GET', REPO);
    expect(res.status).toBe(502);
    expect(res.json).toEqual({ message: 'bad gateway' });
    expect((await call('GET', REPO)).status).toBe(200);

    gh.faults.inject({ pathPattern: /^\/graphql/, status: 500 });
    expect((await call('POST', '/graphql', { query: '{ rateLimit { cost } }' })).status).toBe(500);
    gh.faults.inject({ status: 500, times: 5 });
    gh.faults.clear();
    expect((await call('GET', REPO)).status).toBe(200);
  });

  it('delays answers by the global latency and a fault latency', async () => {
    gh.latencyMs = 50;
    let t = performance.now();
    await call('GET', REPO);
    expect(performance.now() - t).toBeGreaterThanOrEqual(45);
    gh.latencyMs = 0;
    gh.faults.inject({ status: 503, latencyMs: 80 });
    t = performance.now();
    expect((await call('GET', REPO)).status).toBe(503);
    expect(performance.now() - t).toBeGreaterThanOrEqual(75);
    t = performance.now();
    await call('GET', REPO);
    expect(performance.now() - t).toBeLessThan(70);
  });

  it('takes latency from the options', async () => {
    const slow = await startEmulator({ latencyMs: 30 });
    try {
      const t = performance.now();
      await client(slow)('GET', REPO);
      expect(performance.now() - t).toBeGreaterThanOrEqual(25);
    } finally {
      await slow.close();
    }
  });
});

describe('request log', () => {
  it('counts GETs and GraphQL queries as reads, everything else and mutations as writes', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    await call('GET', `${REPO}/issues/${number}`);
    await call('GET', `${REPO}/issues?state=open`);
    await call('POST', `${REPO}/issues/${number}/comments`, { body: 'x' });
    await call('PATCH', `${REPO}/issues/${number}`, { title: 'y' });
    await call('PUT', `${REPO}/issues/${number}/labels`, { labels: ['a'] });
    await call('DELETE', `${REPO}/issues/${number}/labels/a`);
    await call('POST', '/graphql', { query: 'query Q { rateLimit { remaining } }' });
    const mutation = await call('POST', '/graphql', {
      query: 'mutation { addComment(input: { subjectId: "x", body: "y" }) { clientMutationId } }',
    });
    expect(obj(mutation.json).errors).toBeDefined();

    expect(gh.log).toHaveLength(8);
    expect(gh.log.reads().map((e) => e.method)).toEqual(['GET', 'GET', 'POST']);
    expect(gh.log.writes().map((e) => `${e.method} ${e.graphql ?? ''}`.trim())).toEqual(['POST', 'PATCH', 'PUT', 'DELETE', 'POST mutation']);
    expect(gh.log[1]).toMatchObject({ method: 'GET', path: `${REPO}/issues?state=open`, status: 200, kind: 'read' });
    expect(gh.log[6]).toMatchObject({ graphql: 'query', kind: 'read', path: '/graphql' });
    expect(gh.log[0]?.at.toISOString()).toBe('2025-03-01T09:00:00.000Z');
    gh.log.clear();
    expect(gh.log).toHaveLength(0);
    expect(gh.log.reads()).toEqual([]);
  });
});

describe('clock', () => {
  it('stamps every change with the emulator clock', async () => {
    gh.clock.set('2025-04-01T10:00:00Z');
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    gh.clock.advance(3_600_000);
    const closed = obj((await call('PATCH', `${REPO}/issues/${number}`, { state: 'closed' })).json);
    expect(closed).toMatchObject({ created_at: '2025-04-01T10:00:00Z', updated_at: '2025-04-01T11:00:00Z', closed_at: '2025-04-01T11:00:00Z' });
    expect(gh.clock.now().toISOString()).toBe('2025-04-01T11:00:00.000Z');
  });
});

describe('lost answers and hung requests', () => {
  it('`apply` carries the write out, then answers with the fault', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    gh.faults.inject({ method: 'POST', pathPattern: /\/comments$/, status: 502, apply: true });
    const lost = await call('POST', `${REPO}/issues/${number}/comments`, { body: 'status' });
    expect(lost.status).toBe(502);
    expect(obj(lost.json)).toMatchObject({ message: 'Server Error' });
    // GitHub applied it anyway: a retry would post a second comment.
    expect(gh.state.comments(number).map((c) => c.body)).toEqual(['status']);
    expect(gh.log.at(-1)).toMatchObject({ method: 'POST', status: 502, kind: 'write', fault: 'applied', handledStatus: 201, actor: 'github-actions[bot]' });
    expect((await call('POST', `${REPO}/issues/${number}/comments`, { body: 'status' })).status).toBe(201);
    expect(gh.state.comments(number)).toHaveLength(2);
  });

  it('logs rejected faults as such', async () => {
    gh.faults.inject({ status: 503 });
    await call('GET', REPO);
    expect(gh.log[0]).toMatchObject({ status: 503, fault: 'rejected' });
    expect(() => gh.faults.inject({ method: 'GET' })).toThrow(/needs a status/);
  });

  it('`hang` never answers, so a client-side timeout fires; nothing is applied', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    gh.faults.inject({ method: 'PATCH', hang: true });
    const t = performance.now();
    await expect(
      fetch(`${gh.url}${REPO}/issues/${number}`, {
        method: 'PATCH',
        headers: { authorization: 'token x', 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'changed' }),
        signal: AbortSignal.timeout(150),
      }),
    ).rejects.toThrow(/timeout|aborted/i);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(gh.state.issue(number).title).toBe('t');
    expect(gh.log.at(-1)).toMatchObject({ method: 'PATCH', status: 0, fault: 'hung' });
    // The next request is answered normally.
    expect((await call('GET', `${REPO}/issues/${number}`)).status).toBe(200);
  });

  it('`hang` with `apply`: the write lands but the answer never comes', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    gh.faults.inject({ method: 'PATCH', hang: true, apply: true });
    const request = fetch(`${gh.url}${REPO}/issues/${number}`, {
      method: 'PATCH',
      headers: { authorization: 'token x', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'changed' }),
      signal: AbortSignal.timeout(200),
    });
    await expect(request).rejects.toThrow(/timeout|aborted/i);
    expect(gh.state.issue(number).title).toBe('changed');
    expect(gh.log.at(-1)).toMatchObject({ method: 'PATCH', status: 0, fault: 'applied', handledStatus: 200 });
  });

  it('close() ends hung requests and long waits at once', async () => {
    const slow = await startEmulator();
    slow.faults.inject({ method: 'GET', pathPattern: /issues/, hang: true });
    slow.faults.inject({ method: 'GET', pathPattern: /labels/, status: 500, latencyMs: 600_000 });
    const hung = fetch(`${slow.url}${REPO}/issues`, { headers: { authorization: 'token x' } }).then(
      () => 'answered',
      () => 'failed',
    );
    const waiting = fetch(`${slow.url}${REPO}/labels`, { headers: { authorization: 'token x' } }).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((r) => setTimeout(r, 50));
    const t = performance.now();
    await slow.close();
    expect(performance.now() - t).toBeLessThan(1000);
    expect(await hung).toBe('failed');
    expect(await waiting).toBe('failed');
  });
});

describe('request hooks (races)', () => {
  const BODY = '- [ ] Disable email <!-- task:disable-email -->\n- [ ] Revoke VPN <!-- task:revoke-vpn -->';

  it('a person ticks a box between the client read and its write; the write then lands on top', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: BODY });
    gh.state.setPermission('it-ivan', 'write');
    const read = obj((await call('GET', `${REPO}/issues/${number}`)).json);
    let payload: unknown;
    const hook = gh.onRequest({ method: 'PATCH', pathPattern: new RegExp(`/issues/${number}$`) }, ({ body }) => {
      expect(body).toEqual({ body: `${String(read.body)}\nextra` });
      payload = gh.tick(number, { actor: 'it-ivan', taskId: 'revoke-vpn' });
    });
    // The client writes the body it read: the person's tick is lost, as on GitHub (no compare-and-swap).
    const written = await call('PATCH', `${REPO}/issues/${number}`, { body: `${String(read.body)}\nextra` });
    expect(written.status).toBe(200);
    expect(hook.calls).toBe(1);
    expect(hook.remaining).toBe(0);
    expect(payload).toMatchObject({ action: 'edited', sender: { login: 'it-ivan' } });
    expect(gh.state.issue(number).body).toBe(`${BODY}\nextra`);
    expect(gh.state.issue(number).edits.map((e) => e.editor)).toEqual(['hr-hana', 'it-ivan', 'github-actions[bot]']);
    // Used up: the next PATCH runs no hook.
    await call('PATCH', `${REPO}/issues/${number}`, { title: 'x' });
    expect(hook.calls).toBe(1);
  });

  it('runs `times` times (async callbacks awaited) and can be cancelled; combines with faults', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    const seen: string[] = [];
    const hook = gh.onRequest(
      { method: 'GET' },
      async ({ path }) => {
        await new Promise((r) => setTimeout(r, 5));
        seen.push(path);
        gh.comment(number, { actor: 'hr-hana', body: `during ${seen.length}` });
      },
      { times: Infinity },
    );
    gh.faults.inject({ method: 'GET', status: 502 });
    expect((await call('GET', `${REPO}/issues/${number}/comments`)).status).toBe(502);
    const second = await call('GET', `${REPO}/issues/${number}/comments`);
    expect((second.json as unknown[]).length).toBe(2);
    hook.cancel();
    await call('GET', `${REPO}/issues/${number}/comments`);
    expect(seen).toHaveLength(2);
    expect(hook.calls).toBe(2);
  });
});
