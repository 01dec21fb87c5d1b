/**
 * `check-checklist --html FILE`: the trackers two sample requests would get (Voluntary and
 * Involuntary), rendered as GitHub shows them, on one standalone page (no script, no network).
 */
import type { Checklist, Plan } from '../domain/types.js';
import { escapeHtml, MARKDOWN_CSS, renderMarkdown } from '../markdown/html.js';
import { renderTracker, trackerTitle } from '../tracker/render.js';
import { samplePlans, type PreviewOptions } from './preview.js';

/** What the form would have said for the sample, as the tracker's "original request" keeps it. */
function sampleForm(plan: Plan): string {
  const r = plan.request;
  return [
    ['Employee name', r.employeeName],
    ['Employee GitHub login', r.employeeLogin ?? '_No response_'],
    ['Department', r.department],
    ["Manager's GitHub login", r.manager],
    ['Last working day', r.lastDay],
    ['Departure type', r.departureType],
    ['Company assets to recover', r.assets.join('\n')],
  ]
    .map(([label, value]) => `### ${label}\n\n${value}`)
    .join('\n\n');
}

const PAGE_CSS = `${MARKDOWN_CSS}
  main { max-width:1012px; margin:0 auto; padding:24px 32px 48px; }
  header { color:var(--muted); border-bottom:1px solid var(--border); padding-bottom:12px; margin-bottom:24px; }
  h1 { font-size:24px; font-weight:400; margin:0 0 4px; }
  h2.issue { font-size:20px; font-weight:400; margin:32px 0 8px; }
  .card { border:1px solid var(--border); border-radius:6px; }
  @media (max-width: 700px) { main { padding:16px 12px 32px; } }
`;

export function previewHtml(checklist: Checklist, options: PreviewOptions): string {
  const plans = samplePlans(checklist, options);
  const cards = plans.map(
    (plan) => `  <h2 class="issue">${escapeHtml(trackerTitle(plan))} <small>(${escapeHtml(plan.request.departureType)})</small></h2>
  <div class="card"><div class="markdown">${renderMarkdown(renderTracker(plan, sampleForm(plan)))}</div></div>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Preview of ${escapeHtml(options.file)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
  <header><h1>Preview of <code>${escapeHtml(options.file)}</code></h1>
  The trackers a sample Voluntary and a sample Involuntary request (${escapeHtml(options.department)}, one asset, last day a week after ${escapeHtml(options.now.toISOString())}) would get. Nothing was written to GitHub.</header>
${cards.join('\n')}
</main>
</body>
</html>
`;
}
