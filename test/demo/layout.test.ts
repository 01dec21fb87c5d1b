/**
 * The demo page at phone width: one column, nothing wider than the screen, emoji drawn.
 *
 * Two checks. The first reads the page's own CSS (always runs, no browser): the desktop layout
 * is a grid with the 280 px sidebar, and a max-width media query below 800 px turns it into one
 * track. The second renders the real demo page in Debian's headless Chromium through
 * playwright-core, measures the boxes at 1280 px and 390 px, and runs demo/screenshot.sh to check
 * that both PNGs hold the whole page. It is skipped, saying so, where /usr/bin/chromium is absent
 * (CI installs chromium and fonts-noto-color-emoji).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPage } from '../../demo/html.js';
import { runDemo } from '../../demo/run.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const PHONE = 390;
const DESKTOP = 1280;

interface Rule {
  readonly selector: string;
  readonly declarations: Record<string, string>;
}
interface MediaBlock {
  readonly query: string;
  readonly rules: readonly Rule[];
}

/** A small CSS reader: top-level rules and one level of @media blocks, comments dropped. */
function readCss(css: string): { rules: Rule[]; media: MediaBlock[] } {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const rules: Rule[] = [];
  const media: MediaBlock[] = [];
  const declarations = (body: string): Record<string, string> =>
    Object.fromEntries(
      body
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => [d.slice(0, d.indexOf(':')).trim(), d.slice(d.indexOf(':') + 1).trim()]),
    );
  const blocks = (source: string): { head: string; body: string }[] => {
    const out: { head: string; body: string }[] = [];
    let i = 0;
    while (i < source.length) {
      const open = source.indexOf('{', i);
      if (open < 0) break;
      let depth = 1;
      let j = open + 1;
      for (; j < source.length && depth > 0; j += 1) {
        if (source[j] === '{') depth += 1;
        if (source[j] === '}') depth -= 1;
      }
      out.push({ head: source.slice(i, open).trim(), body: source.slice(open + 1, j - 1) });
      i = j;
    }
    return out;
  };
  for (const { head, body } of blocks(text)) {
    if (head.startsWith('@media')) {
      media.push({ query: head.slice('@media'.length).trim(), rules: blocks(body).flatMap((b) => b.head.split(',').map((s) => ({ selector: s.trim(), declarations: declarations(b.body) }))) });
    } else {
      for (const selector of head.split(',')) rules.push({ selector: selector.trim(), declarations: declarations(body) });
    }
  }
  return { rules, media };
}

/** The number of tracks a grid-template-columns value makes (repeat() not used here). */
function tracks(value: string): number {
  return value.replace(/\([^)]*\)/g, '()').trim().split(/\s+/).length;
}

function minimalPage(): string {
  const at = new Date('2026-11-30T09:00:00Z');
  return renderPage({
    repo: 'acme/people-ops',
    issue: {
      number: 1, title: 'Offboarding: Jordan Lee — last day 2026-11-30', body: '- [ ] 🔒 Disable email account', state: 'open', stateReason: null,
      labels: ['offboarding'], assignees: ['it-ivan'], author: 'hr-hana', createdAt: at, updatedAt: at, closedAt: null, edits: [], pullRequest: false,
    },
    comments: [],
    labels: [{ id: 1, name: 'offboarding', color: '5319e7', description: null, default: false }],
    steps: [],
    generatedIn: '0 s',
  });
}

describe('the demo page at phone width (its CSS)', () => {
  const css = readCss(/<style>([\s\S]*?)<\/style>/.exec(minimalPage())?.[1] ?? '');

  it('on a desktop: a grid of the conversation and a 280 px sidebar', () => {
    const layout = css.rules.find((r) => r.selector === '.layout');
    expect(layout?.declarations.display).toBe('grid');
    expect(layout?.declarations['grid-template-columns']).toBe('minmax(0,1fr) 280px');
  });

  it(`under a max-width breakpoint above ${PHONE} px (and below 800 px) the grid has one track`, () => {
    const phone = css.media.filter((m) => {
      const width = /^\(\s*max-width:\s*(\d+)px\s*\)$/.exec(m.query)?.[1];
      return width !== undefined && Number(width) >= PHONE && Number(width) < 800;
    });
    expect(phone.length, 'a @media (max-width: …px) block for phones').toBeGreaterThan(0);
    // The page's own block and the Markdown style sheet's may both be there: the layout's is the one.
    const layout = phone.flatMap((m) => m.rules).find((r) => r.selector === '.layout');
    const columns = layout?.declarations['grid-template-columns'] ?? '';
    expect(tracks(columns), columns).toBe(1);
    expect(columns).toMatch(/minmax\(0,\s*1fr\)/); // wide tables cannot widen the track
  });
});

interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}
interface Measured {
  readonly viewport: number;
  readonly scrollWidth: number;
  readonly scrollHeight: number;
  readonly timeline: Box;
  readonly aside: Box;
  readonly colouredEmojiPixels: number;
}

/**
 * Runs in the page (a string: this project's TypeScript has no DOM types). The emoji check draws
 * 🔒 on a canvas with the page's fonts and counts strongly coloured pixels: a colour emoji font
 * gives hundreds, the monochrome box drawn without one gives none.
 */
const MEASURE = `(() => {
  const box = (selector) => {
    const r = document.querySelector(selector).getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  };
  const canvas = document.createElement('canvas');
  canvas.width = 80;
  canvas.height = 80;
  const context = canvas.getContext('2d');
  context.font = '64px ' + getComputedStyle(document.body).fontFamily;
  context.fillText('\u{1F512}', 4, 68);
  const data = context.getImageData(0, 0, 80, 80).data;
  let coloured = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 128 && Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) coloured += 1;
  }
  const root = document.documentElement;
  return {
    viewport: root.clientWidth,
    scrollWidth: root.scrollWidth,
    scrollHeight: root.scrollHeight,
    timeline: box('.timeline'),
    aside: box('aside'),
    colouredEmojiPixels: coloured,
  };
})()`;

/** The little of playwright-core's API used here (typed locally: the build type-checks test/ too). */
interface Tab {
  goto(url: string, options: { waitUntil: 'load' }): Promise<unknown>;
  evaluate(expression: string): Promise<unknown>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: {
    launch(options: { executablePath: string; args: string[] }): Promise<{
      newPage(options: { viewport: { width: number; height: number }; deviceScaleFactor: number }): Promise<Tab>;
      close(): Promise<void>;
    }>;
  };
}

async function loadPlaywright(): Promise<Playwright> {
  const name = 'playwright-core';
  try {
    return (await import(name)) as Playwright;
  } catch (error) {
    throw new Error(`${CHROMIUM} is here but ${name} is not installed: it is a devDependency (npm ci)`, { cause: error });
  }
}

/** PNG width and height from the IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe.skipIf(!HAVE_CHROMIUM)(
  HAVE_CHROMIUM
    ? 'the demo page in headless Chromium'
    : `the demo page in headless Chromium — SKIPPED: ${CHROMIUM} is absent (apt-get install chromium fonts-noto-color-emoji)`,
  () => {
    let dir: string;
    let page: string;
    const measured = new Map<number, Measured>();

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'demo-layout-'));
      page = (await runDemo({ outDir: dir, print: () => undefined })).htmlPath;
      const { chromium } = await loadPlaywright();
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      try {
        for (const width of [DESKTOP, PHONE]) {
          const tab = await browser.newPage({ viewport: { width, height: 844 }, deviceScaleFactor: 1 });
          await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
          await tab.evaluate('document.fonts.ready.then(() => true)');
          const result = (await tab.evaluate(MEASURE)) as Measured;
          measured.set(width, result);
          await tab.close();
        }
      } finally {
        await browser.close();
      }
    }, 180_000);
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('at 1280 px: two columns, the 280 px sidebar right of the conversation', () => {
      const m = measured.get(DESKTOP) as Measured;
      expect(m.aside.width).toBe(280);
      expect(m.aside.left).toBeGreaterThanOrEqual(m.timeline.left + m.timeline.width);
      expect(m.aside.top).toBe(m.timeline.top);
    });

    it('at 390 px: one column — the sidebar below the conversation, as wide as it, and nothing wider than the screen', () => {
      const m = measured.get(PHONE) as Measured;
      expect(m.viewport).toBe(PHONE);
      expect(m.aside.left).toBe(m.timeline.left);
      expect(m.aside.width).toBe(m.timeline.width);
      expect(m.timeline.width).toBeGreaterThan(PHONE - 60);
      expect(m.aside.top).toBeGreaterThanOrEqual(m.timeline.top + m.timeline.height);
      // Wide report tables scroll inside their card; the page never scrolls sideways.
      expect(m.scrollWidth).toBe(PHONE);
    });

    it('emoji are drawn in colour (fonts-noto-color-emoji), not as boxes', () => {
      expect(measured.get(PHONE)?.colouredEmojiPixels, 'install fonts-noto-color-emoji').toBeGreaterThan(200);
    });

    it('demo/screenshot.sh captures the whole page at both widths', { timeout: 120_000 }, () => {
      const out = join(dir, 'shots');
      const printed = execFileSync('sh', [join(ROOT, 'demo', 'screenshot.sh'), page, out], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CHROMIUM } });
      const desktop = pngSize(join(out, 'offboarding-demo.png'));
      const phone = pngSize(join(out, 'offboarding-demo-phone.png'));
      expect(desktop).toEqual({ width: DESKTOP, height: measured.get(DESKTOP)?.scrollHeight });
      expect(phone).toEqual({ width: PHONE, height: measured.get(PHONE)?.scrollHeight });
      // Full height: far more than one screenful, down to the report at the bottom.
      expect(phone.height).toBeGreaterThan(844 * 3);
      expect(printed).toContain(`(${PHONE} × ${phone.height} px)`);
    });
  },
);
