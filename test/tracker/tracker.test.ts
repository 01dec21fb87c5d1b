import { describe, expect, it } from 'vitest';
import { TRACKER_MARKER } from '../../src/domain/markers.js';
import { parseTracker } from '../../src/tracker/parse.js';
import { MAX_BODY_LENGTH } from '../../src/domain/limits.js';
import { renderTracker, trackerTitle } from '../../src/tracker/render.js';
import { buildPlan, task } from './plan-builder.js';

const ORIGINAL = '### Employee name\n\nJane Doe\n\n### Notes\n\n_No response_';

/** The body with the line of task `id` changed by `edit`. */
function editTask(body: string, id: string, edit: (line: string) => string): string {
  return body
    .split('\n')
    .map((line) => (line.includes(`<!-- task:${id} -->`) ? edit(line) : line))
    .join('\n');
}

describe('renderTracker / parseTracker round trip', () => {
  const plan = buildPlan({ request: { assets: ['Laptop MBP-0412', 'Badge 7731'] } });
  const body = renderTracker(plan, ORIGINAL);

  it('reads back every planned task unticked, with ids and phases', () => {
    const parsed = parseTracker(body);
    expect(parsed.hasMarker).toBe(true);
    expect(parsed.plan).toEqual(plan);
    expect(parsed.items.map((i) => [i.id, i.phase, i.checked, i.notApplicable])).toEqual(
      plan.tasks
        .slice()
        .sort((a, b) => plan.phases.findIndex((p) => p.id === a.phase) - plan.phases.findIndex((p) => p.id === b.phase))
        .map((t) => [t.id, t.phase, false, false]),
    );
    expect(body.startsWith(TRACKER_MARKER)).toBe(true);
    expect(body.trimEnd().endsWith('-->')).toBe(true);
    expect(body.split('\n').at(-1)).toMatch(/^<!-- offboarding:plan z:[A-Za-z0-9+/=]+ -->$/);
  });

  it('writes owners as mentions, due dates in the plan zone, runbook links only for http(s)', () => {
    expect(body).toContain('- [ ] 🔒 Disable email account — @it-ivan — due Fri 4 Dec 2026, 23:59 CET ([runbook](https://wiki.example.com/runbooks/email)) <!-- task:disable-email -->');
    expect(body).toContain('## Immediate — due Fri 4 Dec 2026, 23:59 CET <!-- phase:immediate -->');
    expect(body).not.toContain('javascript:');
    expect(body).toContain('`jdoe`');
    expect(body).not.toMatch(/@jdoe/);
    expect(body).toContain('@mgr-mia');
  });

  it.each([
    ['- [x]', (l: string) => l.replace('- [ ]', '- [x]')],
    ['- [X]', (l: string) => l.replace('- [ ]', '- [X]')],
    ['* [x]', (l: string) => l.replace('- [ ]', '* [x]')],
    ['+ [X]', (l: string) => l.replace('- [ ]', '+ [X]')],
    ['1. [x]', (l: string) => l.replace('- [ ]', '1. [x]')],
  ])('reads a tick written as %s', (_name, edit) => {
    const item = parseTracker(editTask(body, 'revoke-vpn', edit)).items.find((i) => i.id === 'revoke-vpn');
    expect(item).toMatchObject({ checked: true, notApplicable: false, phase: 'immediate' });
  });

  it.each([
    ['N/A: no VPN account', 'no VPN account'],
    ['n/a - contractor had none', 'contractor had none'],
    ['(N/A)', undefined],
    ['N/A — never issued', 'never issued'],
  ])('reads %s as not applicable', (mark, reason) => {
    const edited = editTask(body, 'revoke-vpn', (l) => l.replace('- [ ]', '- [x]').replace(' <!--', ` ${mark} <!--`));
    const item = parseTracker(edited).items.find((i) => i.id === 'revoke-vpn');
    expect(item?.notApplicable).toBe(true);
    expect(item?.naReason).toBe(reason);
    expect(item?.text).not.toContain('<!--');
  });

  it('does not treat NA-like words or an unticked N/A as not applicable', () => {
    const unticked = parseTracker(editTask(body, 'revoke-vpn', (l) => l.replace(' <!--', ' N/A: later <!--'))).items.find((i) => i.id === 'revoke-vpn');
    expect(unticked).toMatchObject({ checked: false, notApplicable: false });
    const word = parseTracker(editTask(body, 'revoke-vpn', (l) => l.replace('- [ ]', '- [x]').replace('Revoke', 'CAN/APAC Revoke'))).items.find((i) => i.id === 'revoke-vpn');
    expect(word?.notApplicable).toBe(false);
  });

  it('reads a struck-through ticked task as not applicable', () => {
    const edited = editTask(body, 'collect-laptop', (l) => l.replace('- [ ] Collect laptop', '- [x] ~~Collect laptop~~'));
    expect(parseTracker(edited).items.find((i) => i.id === 'collect-laptop')).toMatchObject({ checked: true, notApplicable: true });
  });

  it('ignores task lines inside code fences, indented code and HTML blocks', () => {
    const edited = `${body}\n\n\`\`\`\n- [x] fenced <!-- task:disable-email -->\n\`\`\`\n\n    - [x] indented <!-- task:disable-email -->\n\n<div>\n- [x] html <!-- task:disable-email -->\n</div>\n`;
    const items = parseTracker(edited).items.filter((i) => i.id === 'disable-email');
    expect(items).toHaveLength(1);
    expect(items[0]?.checked).toBe(false);
  });

  it('keeps a duplicated task line as two items with the same id', () => {
    const edited = editTask(body, 'exit-interview', (l) => `${l}\n${l.replace('- [ ]', '- [x]')}`);
    const items = parseTracker(edited).items.filter((i) => i.id === 'exit-interview');
    expect(items.map((i) => i.checked)).toEqual([false, true]);
    expect(items[1]?.line).toBe((items[0]?.line ?? 0) + 1);
  });

  it('puts items under the previous phase when a phase heading is deleted', () => {
    const edited = body.split('\n').filter((l) => !l.includes('<!-- phase:within-24h -->')).join('\n');
    const item = parseTracker(edited).items.find((i) => i.id === 'collect-laptop');
    expect(item?.phase).toBe('immediate');
  });

  it('counts person-added and nested checkboxes, in their phase', () => {
    const edited = editTask(body, 'collect-laptop', (l) => `${l}\n  - [x] charger too\n- [ ] also the monitor`);
    const extra = parseTracker(edited).items.filter((i) => i.id === undefined);
    expect(extra.map((i) => [i.text, i.checked, i.phase])).toEqual([
      ['charger too', true, 'within-24h'],
      ['also the monitor', false, 'within-24h'],
    ]);
  });

  it('reports a removed marker and tolerates a removed or mangled plan', () => {
    const noMarker = parseTracker(body.replace(TRACKER_MARKER, ''));
    expect(noMarker.hasMarker).toBe(false);
    expect(noMarker.items).toHaveLength(plan.tasks.length);
    const mangled = parseTracker(body.replace(/offboarding:plan z:[A-Za-z0-9+/=]{10}/, 'offboarding:plan z:!!!!'));
    expect(mangled.plan).toBeUndefined();
    const bad = parseTracker(body.replace(/(offboarding:plan )(z:[A-Za-z0-9+/=]+)/, `$1${Buffer.from('{"version":1}').toString('base64')}`));
    expect(bad.plan).toBeUndefined();
    expect(() => parseTracker('\u0000<!-- offboarding:plan ==== -->\n- [x')).not.toThrow();
  });

  it('does not trust a plan pasted as visible text', () => {
    const comment = body.split('\n').at(-1) ?? '';
    const withoutPlan = body.split('\n').slice(0, -1).join('\n');
    expect(parseTracker(`${withoutPlan}\n\n\`\`\`\n${comment}\n\`\`\`\n`).plan).toBeUndefined();
    expect(parseTracker(`${withoutPlan}\n\n> ${comment}\n`).plan).toBeUndefined();
    expect(parseTracker(`${withoutPlan}\n\ntext ${comment}\n`).plan).toBeUndefined();
  });

  it('stays under 65,536 characters with 60,000 characters pasted everywhere', () => {
    const huge = 'x@y <!-- task:z --> '.repeat(3000);
    const big = buildPlan({
      request: { employeeName: huge, notes: huge, assets: Array.from({ length: 50 }, (_, i) => `${i} ${huge.slice(0, 200)}`) },
    });
    const rendered = renderTracker(big, huge + huge);
    expect(rendered.length).toBeLessThan(MAX_BODY_LENGTH);
    expect(rendered).toContain('characters cut');
    const parsed = parseTracker(rendered);
    expect(parsed.items).toHaveLength(big.tasks.length);
    expect(parsed.plan?.tasks.map((t) => t.id)).toEqual(big.tasks.map((t) => t.id));
    expect(rendered.match(/<!-- task:/g)).toHaveLength(big.tasks.length);
  });

  it('cuts the original request first, with a note', () => {
    const rendered = renderTracker(plan, 'a'.repeat(70_000));
    expect(rendered.length).toBeLessThan(MAX_BODY_LENGTH);
    expect(rendered).toMatch(/… \(\d+ characters cut to fit the issue\)/);
    expect(parseTracker(rendered).plan).toEqual(plan);
  });

  it('never mentions the departing employee even as an owner or manager', () => {
    const odd = buildPlan({ tasks: [task({ id: 'a', ownerLogins: ['JDoe', 'it-ivan'] })] });
    const rendered = renderTracker(odd, '');
    expect(rendered).not.toMatch(/@jdoe/i);
    expect(rendered).toContain('`JDoe`');
  });

  it('shows tasks of a phase the plan does not list in their own section', () => {
    const odd = buildPlan({ tasks: [task({ id: 'a' }), task({ id: 'b', phase: 'later' })] });
    expect(parseTracker(renderTracker(odd, '')).items.map((i) => i.phase)).toEqual(['immediate', 'later']);
  });
});

describe('trackerTitle', () => {
  it('is one line under 256 characters', () => {
    expect(trackerTitle(buildPlan())).toBe('Offboarding: Jane Doe — last day 2026-12-04');
    const title = trackerTitle(buildPlan({ request: { employeeName: `A\nB @everyone ${'n'.repeat(400)}` } }));
    expect(title.length).toBeLessThan(256);
    expect(title).not.toMatch(/[\r\n]/);
    expect(title).toMatch(/^Offboarding: A B @\u200beveryone n+… — last day 2026-12-04$/);
  });
});
