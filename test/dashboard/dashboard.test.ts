import { describe, expect, it } from 'vitest';
import { decideDashboard, type DashboardInput } from '../../src/dashboard/decide.js';
import { isDashboard, type DashboardIssue } from '../../src/dashboard/identify.js';
import { DASHBOARD_LIMIT, DASHBOARD_TITLE, renderDashboard } from '../../src/dashboard/render.js';
import { labelSet } from '../../src/domain/labels.js';
import { DASHBOARD_MARKER } from '../../src/domain/markers.js';
import { DEFAULT_TRUST } from '../../src/domain/trust.js';
import type { TrackerSnapshot } from '../../src/domain/types.js';
import type { TrackerSummary } from '../../src/update/summary.js';

const REPO = 'https://github.com/acme/people-ops';
const labels = labelSet('offboarding');

function summary(options: Partial<TrackerSummary> = {}): TrackerSummary {
  return {
    issue: 1,
    employee: 'Jane Doe',
    lastDay: '2026-12-04',
    done: 2,
    na: 0,
    total: 19,
    percent: 10,
    overdue: 0,
    securityOverdue: 0,
    nextDeadline: '2026-12-04T22:59:59.999Z',
    nextDeadlineTask: 'Disable email account',
    nextDeadlineSecurity: true,
    complete: false,
    ...options,
  };
}

function issue(options: Partial<DashboardIssue> = {}): DashboardIssue {
  return {
    number: 50,
    title: DASHBOARD_TITLE,
    body: `${DASHBOARD_MARKER}\nold`,
    state: 'open',
    createdAt: '2026-11-01T00:00:00Z',
    author: { login: 'github-actions', bot: true },
    labels: ['offboarding:dashboard'],
    ...options,
  };
}

function input(options: Partial<DashboardInput> = {}): DashboardInput {
  return { trackers: [summary()], repoUrl: REPO, timezone: 'Europe/Berlin', labels, found: [], trust: DEFAULT_TRUST, ...options };
}

function rowsOf(body: string): string[] {
  return body.split('\n').filter((l) => /^\| \[#\d+\]/.test(l));
}

describe('renderDashboard', () => {
  it('orders security overdue, then overdue (longest first), then the nearest deadline', () => {
    const body = renderDashboard({
      repoUrl: REPO,
      timezone: 'UTC',
      label: 'offboarding',
      trackers: [
        summary({ issue: 1, nextDeadline: '2026-12-09T00:00:00Z' }),
        summary({ issue: 2, overdue: 2, oldestOverdue: '2026-12-03T00:00:00Z' }),
        summary({ issue: 3, overdue: 3, securityOverdue: 1, oldestOverdue: '2026-12-04T00:00:00Z' }),
        summary({ issue: 4, nextDeadline: '2026-12-05T00:00:00Z' }),
        summary({ issue: 5, overdue: 1, oldestOverdue: '2026-12-01T00:00:00Z' }),
        summary({ issue: 6, nextDeadline: undefined, nextDeadlineTask: undefined }),
      ],
    });
    expect(rowsOf(body).map((r) => /#(\d+)/.exec(r)?.[1])).toEqual(['3', '5', '2', '4', '1', '6']);
    expect(rowsOf(body)[0]).toContain('**3** (🔒 **1** security), since Fri\u00a04\u00a0Dec\u00a000:00');
    expect(rowsOf(body).at(-1)).toMatch(/\| — \| — \|$/);
    expect(body).toContain('**6** open · **3** with overdue tasks (6 tasks) · 🔒 **1** with security tasks overdue (1 task)');
    expect(body.startsWith(`${DASHBOARD_MARKER}\n`)).toBe(true);
  });

  it('neutralises every typed text: no mention, no marker, no broken row', () => {
    const body = renderDashboard({
      repoUrl: REPO,
      timezone: 'UTC',
      label: 'offboarding',
      trackers: [
        summary({
          employee: '@jdoe | <!-- offboarding:dashboard --> **x**\n| y',
          nextDeadlineTask: 'Recover Laptop @mgr-maria | [link](https://evil.example)',
          overdue: 1,
          securityOverdue: 1,
          oldestOverdue: '2026-12-01T00:00:00Z',
        }),
      ],
    });
    expect(body.match(/(?<![\w`\u200b])@[A-Za-z0-9-]+/g)).toBeNull();
    expect(body.split('<!--')).toHaveLength(2);
    const row = rowsOf(body)[0] ?? '';
    expect(row.split(/(?<!\\)\|/)).toHaveLength(8);
    // Shown as text, not a link.
    expect(body).toContain('\\[link\\](https://evil.example)');
  });

  it('stays under GitHub’s limit, cutting the least urgent rows with a visible line', () => {
    const trackers = Array.from({ length: 2000 }, (_, i) =>
      summary({ issue: i + 1, employee: `Person ${'ü'.repeat(70)} ${i}`, nextDeadlineTask: `Recover ${'<'.repeat(80)}`, lastDay: '2026-12-31' }),
    );
    trackers.push(summary({ issue: 9999, overdue: 1, securityOverdue: 1, oldestOverdue: '2026-12-01T00:00:00Z' }));
    const body = renderDashboard({ repoUrl: REPO, timezone: 'UTC', label: 'offboarding', trackers });
    expect(body.length).toBeLessThanOrEqual(DASHBOARD_LIMIT);
    const shown = rowsOf(body).length;
    expect(shown).toBeGreaterThan(50);
    expect(shown).toBeLessThan(2001);
    expect(body).toContain(`… and ${2001 - shown} more open offboardings, the least urgent: the open issues labelled offboarding list them all.`);
    expect(rowsOf(body)[0]).toContain('[#9999]');
    expect(body).toContain('**2001** open');
    expect(body.trimEnd().endsWith('</sub>')).toBe(true);
  });

  it('holds exactly at a small limit too', () => {
    const trackers = Array.from({ length: 30 }, (_, i) => summary({ issue: i + 1 }));
    for (const limit of [1500, 2000, 2500, 3000]) {
      const body = renderDashboard({ repoUrl: REPO, timezone: 'UTC', label: 'offboarding', trackers, limit });
      expect(body.length).toBeLessThanOrEqual(limit);
      expect(body).toMatch(/… and \d+ more open offboarding/);
    }
  });

  it('says when there is nothing open, and nothing in it depends on when it is rendered', () => {
    const body = renderDashboard({ repoUrl: REPO, timezone: 'UTC', label: 'offboarding', trackers: [] });
    expect(body).toContain('No open offboardings.');
    expect(body).not.toContain('|');
    expect(renderDashboard({ repoUrl: REPO, timezone: 'UTC', label: 'offboarding', trackers: [summary()] })).toBe(
      renderDashboard({ repoUrl: REPO, timezone: 'UTC', label: 'offboarding', trackers: [summary()] }),
    );
  });
});

describe('decideDashboard', () => {
  it('creates it when the action has none (a person’s look-alike does not count)', () => {
    const decision = decideDashboard(input({ found: [issue({ author: { login: 'hr-hana', bot: false } })] }));
    expect(decision.issue).toBeUndefined();
    expect(decision.writes).toEqual([{ kind: 'create-dashboard', title: 'Offboarding dashboard', body: decision.body, labels: ['offboarding:dashboard'] }]);
  });

  it('edits it only when the content changed (CRLF from a browser edit is no change)', () => {
    const body = decideDashboard(input()).body;
    expect(decideDashboard(input({ found: [issue()] })).writes).toEqual([{ kind: 'update-dashboard', issue: 50, body }]);
    expect(decideDashboard(input({ found: [issue({ body })] })).writes).toEqual([]);
    expect(decideDashboard(input({ found: [issue({ body: `${body.replace(/\n/g, '\r\n')}\r\n` })] })).writes).toEqual([]);
  });

  it('keeps the oldest of the action’s own, names the others, never creates another', () => {
    const body = decideDashboard(input()).body;
    const decision = decideDashboard(
      input({
        found: [
          issue({ number: 60, createdAt: '2026-11-20T00:00:00Z' }),
          issue({ number: 40, createdAt: '2026-11-02T00:00:00Z', body }),
          issue({ number: 30, createdAt: '2026-10-01T00:00:00Z', author: { login: 'hr-hana', bot: false } }),
        ],
      }),
    );
    expect(decision).toMatchObject({ issue: 40, duplicates: [60], writes: [] });
  });

  it('edits a closed dashboard in place and does not reopen it', () => {
    const decision = decideDashboard(input({ found: [issue({ state: 'closed' })] }));
    expect(decision.closed).toBe(true);
    expect(decision.writes.map((w) => w.kind)).toEqual(['update-dashboard']);
  });

  it('trusts a personal token’s login as the action', () => {
    const trust = { logins: new Set([...DEFAULT_TRUST.logins, 'ops-bot-user']) };
    expect(decideDashboard(input({ trust, found: [issue({ author: { login: 'ops-bot-user', bot: false } })] })).issue).toBe(50);
  });
});

describe('isDashboard', () => {
  const snapshot = (options: Partial<TrackerSnapshot> = {}): TrackerSnapshot => ({
    number: 9,
    title: DASHBOARD_TITLE,
    body: `${DASHBOARD_MARKER}\n## Open offboardings`,
    state: 'open',
    createdAt: '2026-11-01T00:00:00Z',
    author: 'github-actions',
    labels: [],
    comments: [],
    ...options,
  });

  it('is the action’s issue with the marker, or any issue with the dashboard label', () => {
    expect(isDashboard(snapshot(), DEFAULT_TRUST, labels)).toBe(true);
    expect(isDashboard(snapshot({ author: 'some-app[bot]' }), DEFAULT_TRUST, labels)).toBe(true);
    expect(isDashboard(snapshot({ author: 'hr-hana', labels: ['Offboarding:Dashboard'] }), DEFAULT_TRUST, labels)).toBe(true);
  });

  it('is not a person’s request that carries a pasted marker', () => {
    expect(isDashboard(snapshot({ author: 'hr-hana', labels: ['offboarding'] }), DEFAULT_TRUST, labels)).toBe(false);
    expect(isDashboard(snapshot({ body: 'a request' }), DEFAULT_TRUST, labels)).toBe(false);
  });
});
