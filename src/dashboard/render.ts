/**
 * The dashboard issue's body: every open offboarding at a glance, for an HR lead who never opens the
 * Actions tab. Only instants in one named zone, never "3 hours ago": the body changes when an
 * offboarding does, so a quiet sweep leaves the issue alone. No login is written anywhere, and every
 * typed text (names, asset lines) goes through the table helper or the neutraliser.
 */
import { DASHBOARD_MARKER } from '../domain/markers.js';
import { formatCompact } from '../domain/time.js';
import { inline } from '../markdown/neutralise.js';
import { md, table, type Cell, type Column } from '../markdown/table.js';
import { progressText } from '../tracker/progress.js';
import type { TrackerSummary } from '../update/summary.js';

/** The dashboard issue's title (public interface: SPEC "Dashboard issue"). */
export const DASHBOARD_TITLE = 'Offboarding dashboard';

/** GitHub refuses bodies over 65,536 characters; this leaves room for its own counting. */
export const DASHBOARD_LIMIT = 65_000;

/** How many security-overdue offboardings the call-out names before "and N more". */
const CALLOUT_NAMES = 10;

export interface DashboardContent {
  /** The sweep's open trackers (complete ones excluded), in any order. */
  readonly trackers: readonly TrackerSummary[];
  /** `https://github.com/OWNER/REPO`: each row links its tracker. */
  readonly repoUrl: string;
  /** The IANA zone every instant is shown in (named in the headers). */
  readonly timezone: string;
  /** The label trackers carry (`offboarding`), named where rows were cut. */
  readonly label: string;
  /** Longest body (default {@link DASHBOARD_LIMIT}); rows beyond it become "… and N more". */
  readonly limit?: number;
}

function urgency(t: TrackerSummary): number {
  if (t.securityOverdue > 0) return 0;
  if (t.overdue > 0) return 1;
  return 2;
}

function instant(iso: string | undefined): number {
  return iso === undefined ? Number.POSITIVE_INFINITY : Date.parse(iso);
}

/**
 * Most urgent first: security tasks overdue, then any overdue (the longest overdue first), then the
 * nearest deadline. The issue number settles ties, so the same trackers always give the same body.
 */
export function byUrgency(a: TrackerSummary, b: TrackerSummary): number {
  return (
    urgency(a) - urgency(b) ||
    b.securityOverdue - a.securityOverdue ||
    instant(a.oldestOverdue) - instant(b.oldestOverdue) ||
    b.overdue - a.overdue ||
    instant(a.nextDeadline) - instant(b.nextDeadline) ||
    a.lastDay.localeCompare(b.lastDay) ||
    a.issue - b.issue
  );
}

function link(t: TrackerSummary, repoUrl: string): string {
  return `[#${t.issue}](${repoUrl}/issues/${t.issue})`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function overdueCell(t: TrackerSummary, zone: string): Cell {
  if (t.overdue === 0) return '—';
  const count = t.securityOverdue > 0 ? `**${t.overdue}** (🔒 **${t.securityOverdue}** security)` : `**${t.overdue}**`;
  return md(t.oldestOverdue ? `${count}, since ${formatCompact(t.oldestOverdue, zone)}` : count);
}

function nextCell(t: TrackerSummary, zone: string): Cell {
  if (!t.nextDeadline) return '—';
  const task = t.nextDeadlineTask ? ` · ${t.nextDeadlineSecurity ? '🔒 ' : ''}${inline(t.nextDeadlineTask, 80)}` : '';
  return md(`${formatCompact(t.nextDeadline, zone)}${task}`);
}

function row(t: TrackerSummary, repoUrl: string, zone: string): Cell[] {
  return [md(link(t, repoUrl)), t.employee, t.lastDay, `${progressText(t)} (${t.percent}%)`, overdueCell(t, zone), nextCell(t, zone)];
}

function totals(trackers: readonly TrackerSummary[]): string {
  const overdue = trackers.filter((t) => t.overdue > 0);
  const security = trackers.filter((t) => t.securityOverdue > 0);
  const tasks = (list: readonly TrackerSummary[], count: (t: TrackerSummary) => number): number => list.reduce((sum, t) => sum + count(t), 0);
  const parts = [`**${trackers.length}** open`];
  parts.push(overdue.length === 0 ? 'none overdue' : `**${overdue.length}** with overdue tasks (${plural(tasks(overdue, (t) => t.overdue), 'task')})`);
  if (security.length > 0) parts.push(`🔒 **${security.length}** with security tasks overdue (${plural(tasks(security, (t) => t.securityOverdue), 'task')})`);
  return parts.join(' · ');
}

/** Security first and called out: access that should be gone may still be live. */
function callout(security: readonly TrackerSummary[], repoUrl: string): string[] {
  if (security.length === 0) return [];
  const named = security.slice(0, CALLOUT_NAMES).map((t) => `${link(t, repoUrl)} ${inline(t.employee, 80)}`);
  const more = security.length > CALLOUT_NAMES ? `, and ${security.length - CALLOUT_NAMES} more` : '';
  return [
    '> [!CAUTION]',
    `> 🔒 **Security tasks overdue** (access that should be removed may still work): ${named.join(', ')}${more}.`,
    '',
  ];
}

/**
 * The dashboard body: the marker, the totals, the security call-out, one row per open offboarding
 * (most urgent first) linking its tracker, and a line saying how many rows did not fit.
 */
export function renderDashboard(content: DashboardContent): string {
  const limit = content.limit ?? DASHBOARD_LIMIT;
  const zone = content.timezone;
  const rows = [...content.trackers].sort(byUrgency);
  const head = [DASHBOARD_MARKER, '## Open offboardings', '', totals(rows), ''];
  const foot = [
    '',
    `<sub>Times in ${inline(zone, 60)}. Kept current by the offboarding action on each scheduled sweep, and edited only when something above changes; each tracker has the details.</sub>`,
  ];
  if (rows.length === 0) return [...head, 'No open offboardings.', ...foot].join('\n');

  const columns: Column[] = [
    { header: 'Tracker' },
    { header: 'Employee', max: 80 },
    { header: 'Last day' },
    { header: 'Progress' },
    { header: 'Overdue' },
    { header: `Next deadline (${zone})` },
  ];
  const intro = [...head, ...callout(rows.filter((t) => t.securityOverdue > 0), content.repoUrl)].join('\n');
  const closing = foot.join('\n');
  const lines = table(columns, rows.map((t) => row(t, content.repoUrl, zone))).split('\n');
  // Header and rule first, then rows while they fit with room left for the "… and N more" line.
  const kept = lines.slice(0, 2);
  let size = intro.length + closing.length + kept.join('\n').length + 2;
  const more = (n: number): string => `… and ${plural(n, 'more open offboarding')}, the least urgent: the open issues labelled ${inline(content.label, 50)} list them all.`;
  const reserve = more(rows.length).length + 2;
  let shown = 0;
  for (const line of lines.slice(2)) {
    if (size + line.length + 1 + reserve > limit) break;
    kept.push(line);
    size += line.length + 1;
    shown += 1;
  }
  const cut = rows.length - shown;
  return [intro, kept.join('\n'), ...(cut > 0 ? ['', more(cut)] : []), closing].join('\n');
}
