import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../demo/run.js';

describe('npm run demo', () => {
  it('runs the whole offboarding and writes a readable page', { timeout: 120_000 }, async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'demo-'));
    const lines: string[] = [];
    const result = await runDemo({ outDir, print: (line) => lines.push(line) });
    const text = lines.join('\n');

    expect(result.closed).toBe(true);
    expect(result.htmlPath).toBe(join(outDir, 'offboarding-demo.html'));
    // The terminal shows the escalations in full and never the hidden ledger.
    expect(text).toMatch(/Overdue offboarding tasks — access is still open/);
    expect(text).toMatch(/escalation 2 of 2\): @it-ivan @it-irene @mgr-maria @cio-carla/);
    expect(text).not.toContain('offboarding:ledger');
    expect(text).toMatch(/Closed \(completed\)/);

    const html = readFileSync(result.htmlPath, 'utf8');
    expect(html).not.toMatch(/<script|https?:\/\/(?!github\.com)[^"\s<]*\.(css|js|png|woff)/);
    // The tracker: its marker kept as an HTML comment, every task rendered as a ticked checkbox.
    expect(html).toContain('<!-- offboarding:tracker v1 -->');
    const boxes = html.match(/<input type="checkbox"[^>]*>/g) ?? [];
    // 19 tasks, all ticked, and the GitHub-account confirmation line (not a task).
    expect(boxes).toHaveLength(20);
    expect(boxes.filter((b) => /checked/.test(b))).toHaveLength(19);
    expect(html).toContain('N/A: mailbox goes to legal hold instead');
    // The comments: status, two escalations, the report.
    expect(html).toContain('<!-- offboarding:status -->');
    expect(html).toContain('<h2>Offboarding report — Jordan Lee</h2>');
    expect(html).toContain('Overdue offboarding tasks — access is still open');
    expect(html).toContain('<span class="mention">@cio-carla</span>');
    expect(html).toContain('✓ Closed');
    // The departing employee is never mentioned.
    expect(html).not.toMatch(/@jlee\b/);
  });
});
