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
