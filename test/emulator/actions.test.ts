import { Octokit } from '@octokit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index.js';
import { arr, client, obj, REPO } from './helpers.js';

let gh: Emulator;
let call: ReturnType<typeof client>;

const REVOKE_OKTA = `name: Revoke Okta
on:
  workflow_dispatch:
    inputs:
      login:
        description: Who
        required: true
      issue:
        required: false
        default: '0'
      mode:
        type: choice
        options: [suspend, delete]
        default: suspend
`;

beforeEach(async () => {
  gh = await startEmulator({ now: new Date('2025-03-01T09:00:00Z') });
  call = client(gh);
  gh.state.putFile('.github/workflows/revoke-okta.yml', REVOKE_OKTA);
});
afterEach(async () => {
  await gh.close();
});

const dispatch = (id: string | number, body: unknown) => call('POST', `${REPO}/actions/workflows/${id}/dispatches`, body);

describe('workflow dispatch', () => {
  it('accepts a dispatch by file name or id (204) and records it', async () => {
    const res = await dispatch('revoke-okta.yml', { ref: 'main', inputs: { login: 'dev-dana', issue: '12' } });
    expect(res.status).toBe(204);
    expect(res.json).toBeUndefined();
    const [workflow] = gh.state.workflows();
    expect(workflow).toMatchObject({ path: '.github/workflows/revoke-okta.yml', name: 'Revoke Okta', state: 'active', dispatchable: true });
    expect((await dispatch(workflow?.id ?? 0, { ref: 'refs/heads/main', inputs: { login: 'dev-dana' } })).status).toBe(204);
    expect(gh.state.dispatches()).toEqual([
      expect.objectContaining({ workflow: 'revoke-okta.yml', ref: 'main', inputs: { login: 'dev-dana', issue: '12' }, at: new Date('2025-03-01T09:00:00Z'), actor: 'github-actions[bot]' }),
      expect.objectContaining({ workflow: 'revoke-okta.yml', ref: 'refs/heads/main', inputs: { login: 'dev-dana' } }),
    ]);
    const details = await dispatch('revoke-okta.yml', { ref: 'main', inputs: { login: 'x' }, return_run_details: true });
    expect(details.status).toBe(200);
    expect(obj(details.json)).toMatchObject({ workflow_run_id: gh.state.dispatches()[2]?.runId });
  });

  it("answers GitHub's errors", async () => {
    const message = async (id: string, body: unknown, status: number) => {
      const res = await dispatch(id, body);
      expect(res.status, JSON.stringify(res.json)).toBe(status);
      return obj(res.json).message;
    };
    expect(await message('missing.yml', { ref: 'main' }, 404)).toBe('Not Found');
    expect(await message('revoke-okta.yml', {}, 422)).toMatch(/"ref" wasn't supplied/);
    expect(await message('revoke-okta.yml', { ref: 'nope', inputs: { login: 'x' } }, 422)).toBe('No ref found for: nope');
    expect(await message('revoke-okta.yml', { ref: 'main', inputs: { login: 5 } }, 422)).toMatch(/is not a string/);
    const many = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`k${i}`, 'v']));
    expect(await message('revoke-okta.yml', { ref: 'main', inputs: many }, 422)).toMatch(/no more than 25 properties/);
    expect(await message('revoke-okta.yml', { ref: 'main', inputs: {} }, 422)).toBe("Required input 'login' not provided");
    expect(await message('revoke-okta.yml', { ref: 'main', inputs: { login: 'x', extra: 'y' } }, 422)).toBe('Unexpected inputs provided: ["extra"]');
    expect(await message('revoke-okta.yml', { ref: 'main', inputs: { login: 'x', mode: 'shred' } }, 422)).toMatch(/not in the list of allowed values/);

    gh.state.addWorkflow('no-dispatch.yml', { dispatchable: false });
    expect(await message('no-dispatch.yml', { ref: 'main' }, 422)).toBe("Workflow does not have 'workflow_dispatch' trigger");
    gh.state.setWorkflowState('revoke-okta.yml', 'disabled_manually');
    expect(await message('revoke-okta.yml', { ref: 'main', inputs: { login: 'x' } }, 422)).toBe("Cannot trigger a 'workflow_dispatch' on a disabled workflow");
    gh.state.putFile('.github/workflows/broken.yml', 'on: [push\n');
    expect(await message('broken.yml', { ref: 'main' }, 422)).toBe("Workflow does not have 'workflow_dispatch' trigger");
    expect(gh.state.dispatches()).toEqual([]);
  });

  it('needs actions: write', async () => {
    gh.state.setWorkflowPermissions({ actions: 'read' });
    const res = await dispatch('revoke-okta.yml', { ref: 'main', inputs: { login: 'x' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-accepted-github-permissions')).toBe('actions=write');
    expect((await call('GET', `${REPO}/actions/workflows`)).status).toBe(200);
    gh.state.setWorkflowPermissions({ actions: 'none' });
    expect((await call('GET', `${REPO}/actions/workflows`)).status).toBe(403);
  });
});

describe('workflows', () => {
  it('lists and gets workflows by id or file name', async () => {
    const added = gh.state.addWorkflow('sweep.yml', { name: 'Sweep', state: 'disabled_inactivity', inputs: { now: { required: false } } });
    expect(added).toMatchObject({ name: 'Sweep', state: 'disabled_inactivity', dispatchable: true, inputs: { now: { required: false } } });
    gh.state.putFile('.github/workflows/nested/ignored.yml', 'on: push');
    gh.state.putFile('.github/workflows/README.md', 'not a workflow');
    const list = obj((await call('GET', `${REPO}/actions/workflows`)).json);
    expect(list.total_count).toBe(2);
    expect(arr(list.workflows).map((w) => [w.name, w.path, w.state])).toEqual([
      ['Revoke Okta', '.github/workflows/revoke-okta.yml', 'active'],
      ['Sweep', '.github/workflows/sweep.yml', 'disabled_inactivity'],
    ]);
    const byName = obj((await call('GET', `${REPO}/actions/workflows/sweep.yml`)).json);
    expect(obj((await call('GET', `${REPO}/actions/workflows/${String(byName.id)}`)).json)).toEqual(byName);
    expect((await call('GET', `${REPO}/actions/workflows/none.yml`)).status).toBe(404);
  });

  it('works through @octokit/core', async () => {
    const octokit = new Octokit({ auth: 'x', baseUrl: gh.url });
    const res = await octokit.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
      owner: 'acme',
      repo: 'people-ops',
      workflow_id: 'revoke-okta.yml',
      ref: 'main',
      inputs: { login: 'dev-dana' },
    });
    expect(res.status).toBe(204);
    expect(gh.state.dispatches()).toHaveLength(1);
  });
});
