/** The standalone launcher: its seeding, and `npx tsx emulator/serve.ts` as a process. */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.js';
import { banner, SEED_TOKENS, startPeopleOps } from '../../emulator/serve.js';
import { arr, client, obj, REPO } from './helpers.js';

let gh: Emulator;

beforeAll(async () => {
  gh = await startPeopleOps({ now: new Date('2026-11-26T10:00:00Z') });
});
afterAll(async () => {
  await gh.close();
});

describe('serve: the seeded people-ops repository', () => {
  it('has the people, the organisation, the leaving employee holdings and the workflow', async () => {
    const app = client(gh, SEED_TOKENS.orgApp);
    const perm = async (login: string) => obj((await app('GET', `${REPO}/collaborators/${login}/permission`)).json).permission;
    for (const login of ['hr-hana', 'it-ivan', 'it-irene', 'mgr-maria', 'cio-carla', 'fac-fred', 'dev-dana']) expect(await perm(login)).toBe('write');
    expect(await perm('ext-oscar')).toBe('read');
    expect(obj((await app('GET', '/orgs/acme/memberships/cio-carla')).json).role).toBe('admin');
    expect(gh.org.holdings('dev-dana')).toMatchObject({
      membership: { role: 'member', removing: false },
      teams: [{ slug: 'engineering', removing: false }],
      tokens: [{ name: 'laptop-cli', removing: false }],
      copilotSeat: { pendingCancellationDate: null },
    });
    expect(arr((await app('GET', '/orgs/acme/outside_collaborators')).json).map((u) => u.login)).toEqual(['ext-oscar']);
    expect(obj((await app('GET', '/users/dev-dana')).json).name).toBe('Dana (leaving)');
    const workflow = client(gh, SEED_TOKENS.workflow);
    expect((await workflow('POST', `${REPO}/actions/workflows/revoke-okta.yml/dispatches`, { ref: 'main', inputs: { login: 'dev-dana' } })).status).toBe(204);
    expect((await workflow('GET', '/orgs/acme/memberships/dev-dana')).status).toBe(403);
    expect((await client(gh, SEED_TOKENS.owner)('GET', '/user')).json).toMatchObject({ login: 'cio-carla' });
    expect(gh.state.raw.file('.github/offboarding.yml')).toMatch(/it-ivan/);
    expect(banner(gh)).toContain(`GITHUB_API_URL=${gh.url}`);
  });

  it('runs as a process, prints the URL and tokens, serves, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/serve.ts', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          const m = /GITHUB_API_URL=(\S+)/.exec(out);
          if (m?.[1] && out.includes('Ctrl-C')) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${String(code)}: ${out}`)));
      });
      expect(out).toContain(SEED_TOKENS.workflow);
      expect(out).toContain(SEED_TOKENS.orgApp);
      expect(out).toMatch(/npx tsx src\/cli\/index\.ts status --repo acme\/people-ops/);
      const res = await fetch(`${url}/orgs/acme/memberships/dev-dana`, { headers: { authorization: `token ${SEED_TOKENS.orgApp}` } });
      expect(res.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
