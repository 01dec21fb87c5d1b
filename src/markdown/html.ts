/**
 * Markdown as GitHub shows it, for pages read outside GitHub (the demo's page, the checklist
 * preview): GFM rendered with micromark, mentions styled, and the page's style sheet. Raw HTML
 * passes through as GitHub passes its allow-list: it is only what the action writes itself (hidden
 * markers stay HTML comments, `<details>`, `<pre>`, `<sub>`); typed values reach it neutralised.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderMarkdown(markdown: string): string {
  const html = micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
  return mentions(html);
}

/** `@login` in text (not in code, not in tags) styled as GitHub styles a mention. */
function mentions(html: string): string {
  let inCode = 0;
  return html
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith('<')) {
        if (/^<(code|pre)\b/i.test(part)) inCode += 1;
        if (/^<\/(code|pre)>/i.test(part)) inCode = Math.max(0, inCode - 1);
        return part;
      }
      if (inCode > 0) return part;
      return part.replace(/(^|[^\w@&#;/])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\b/g, '$1<span class="mention">@$2</span>');
    })
    .join('');
}

/** The style of rendered Markdown (`.markdown`), in GitHub's colours; phones get one column. */
export const MARKDOWN_CSS = `
  :root { --fg:#1f2328; --muted:#59636e; --border:#d1d9e0; --canvas:#f6f8fa; --accent:#0969da; }
  * { box-sizing: border-box; }
  body { margin:0; font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif,"Apple Color Emoji","Segoe UI Emoji"; color:var(--fg); background:#fff; }
  .markdown { padding:16px; overflow-x:auto; }
  .markdown > :first-child { margin-top:0; } .markdown > :last-child { margin-bottom:0; }
  .markdown h2 { font-size:20px; border-bottom:1px solid var(--border); padding-bottom:6px; }
  .markdown h3 { font-size:16px; }
  .markdown table { border-collapse:collapse; margin:12px 0; display:block; overflow-x:auto; }
  .markdown th, .markdown td { border:1px solid var(--border); padding:4px 10px; vertical-align:top; }
  .markdown tr:nth-child(2n) td { background:var(--canvas); }
  .markdown ul { padding-left:2em; } .markdown li + li { margin-top:2px; }
  .markdown li:has(> input[type=checkbox]) { list-style:none; margin-left:-1.4em; }
  .markdown input[type=checkbox] { margin:0 .4em 0 0; vertical-align:middle; accent-color:#1f883d; }
  .markdown code { background:rgba(129,139,152,.15); border-radius:6px; padding:.1em .35em; font-size:85%; }
  .markdown pre { background:var(--canvas); border-radius:6px; padding:12px; overflow:auto; font-size:12px; max-height:320px; }
  .markdown pre code { background:none; padding:0; }
  .markdown blockquote { margin:0; padding:0 1em; color:var(--muted); border-left:.25em solid var(--border); }
  .markdown details { margin:8px 0; } .markdown summary { cursor:pointer; color:var(--accent); }
  .markdown sub { color:var(--muted); }
  .mention { font-weight:600; color:var(--accent); white-space:nowrap; }
  @media (max-width: 700px) {
    .markdown { padding:12px; }
    .markdown p, .markdown li { overflow-wrap:break-word; }
  }
`;
