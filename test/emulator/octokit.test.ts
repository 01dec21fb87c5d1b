/** The emulator as the action sees it: through Octokit with the project's plugins. */
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';

const Client = Octokit.plugin(paginateRest, restEndpointMethods, retry, throttling);

let gh: Emulator;
let retries: number;

function octokit() {
  return new Client({
    auth: 'ghs_test',
    baseUrl: gh.url,
    throttle: {
      // Seconds become 10 ms so that honouring retry-after keeps the test fast.
      retryAfterBaseValue: 10,
      onRateLimit: () => true,
      onSecondaryRateLimit: () => {
        retries += 1;
        return retries < 3;
      },
    },
  });
}

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2025-03-01T09:00:00Z'), users: { 'hr-hana': 'write' } });
  retries = 0;
});
afterEach(async () => {
  await gh.close();
});

describe('through Octokit', () => {
  it('paginates issues by the Link header', async () => {
    for (let i = 0; i < 5; i++) gh.fileIssue({ author: 'hr-hana', title: `#${i}`, body: '' });
    const client = octokit();
    const all = await client.paginate(client.rest.issues.listForRepo, { owner: 'acme', repo: 'people-ops', per_page: 2 });
    expect(all.map((i) => i.number).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(gh.log.reads()).toHaveLength(3);
  });

  it('honours retry-after on a secondary rate limit and applies the write once', async () => {
    const { number } = gh.fileIssue({ author: 'hr-hana', title: 't', body: '' });
    gh.faults.inject({ method: 'POST', pathPattern: /comments$/, status: 403, retryAfter: 2 });
    const client = octokit();
    const res = await client.rest.issues.createComment({ owner: 'acme', repo: 'people-ops', issue_number: number, body: 'hi' });
    expect(res.status).toBe(201);
    expect(retries).toBe(1);
    expect(gh.state.comments(number).map((c) => c.body)).toEqual(['hi']);
    expect(gh.log.writes().map((e) => e.status)).toEqual([403, 201]);
  });

  it('runs GraphQL queries', async () => {
    gh.fileIssue({ author: 'hr-hana', title: 't', body: 'b' });
    const client = octokit();
    const data = await client.graphql<{ repository: { issues: { totalCount: number } } }>(
      'query($o: String!, $r: String!) { repository(owner: $o, name: $r) { issues(first: 10) { totalCount } } }',
      { o: 'acme', r: 'people-ops' },
    );
    expect(data.repository.issues.totalCount).toBe(1);
  });
});
