/**
 * Packing Markdown sections into comments that each fit GitHub's limit. A section is kept whole
 * when it fits; a longer one is cut at line ends, and a table that is cut repeats its header.
 */

/** Splits one section into pieces of at most `max` characters, at line ends. */
function pieces(section: string, max: number): string[] {
  if (section.length <= max) return [section];
  const lines = section.split('\n');
  const headerAt = lines.findIndex((line, i) => /^\|/.test(line) && /^\|(?:\s*:?-+:?\s*\|)+$/.test(lines[i + 1] ?? ''));
  const header = headerAt >= 0 ? `${lines[headerAt]}\n${lines[headerAt + 1]}` : undefined;
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    if (line.length > max - (header?.length ?? 0) - 2) line = `${line.slice(0, max - (header?.length ?? 0) - 40)} … (line cut)`;
    if (current !== '' && current.length + line.length + 1 > max) {
      out.push(current);
      // Rows of a cut table go on under the same header.
      current = header !== undefined && i > headerAt + 1 && /^\|/.test(line) ? header : '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') out.push(current);
  return out;
}

/**
 * Packs sections, in order, into as few comments as possible; each comment gets `head(part, parts)`
 * in front and is at most `max` characters long in all.
 */
export function packComments(sections: readonly string[], max: number, head: (part: number, parts: number) => string): string[] {
  const room = max - head(99, 99).length - 2;
  const comments: string[] = [];
  let current = '';
  for (const section of sections.flatMap((s) => pieces(s, room))) {
    if (current !== '' && current.length + section.length + 2 > room) {
      comments.push(current);
      current = '';
    }
    current = current === '' ? section : `${current}\n\n${section}`;
  }
  if (current !== '' || comments.length === 0) comments.push(current);
  return comments.map((body, i) => `${head(i + 1, comments.length)}\n${body}`);
}
