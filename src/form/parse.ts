/**
 * Reading a submitted issue form. GitHub renders each element as `### <label>`, a
 * blank line, the answer. We split the body ourselves, and only at headings that
 * name a field not seen yet, so a `### ...` line typed inside a textarea stays part
 * of that answer (the case where generic issue-form parsers split wrongly).
 */
import { DEFAULT_FIELDS, type FieldDef, type FormAnswers, headingKeys, normaliseHeading } from './fields.js';

const HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const EMPTY_ANSWERS = new Set(['_no response_', 'none', '*no response*']);

/**
 * Heading key -> field. Labels win over ids and ids over aliases, so one field's
 * alias never captures another field's label.
 */
function headingIndex(fields: readonly FieldDef[]): Map<string, FieldDef> {
  const index = new Map<string, FieldDef>();
  const add = (key: string, field: FieldDef): void => {
    if (key !== '' && !index.has(key)) index.set(key, field);
  };
  for (const field of fields) add(normaliseHeading(field.label), field);
  for (const field of fields) add(normaliseHeading(field.id), field);
  for (const field of fields) for (const key of headingKeys(field)) add(key, field);
  return index;
}

interface Section {
  readonly field: FieldDef;
  /** Index of the heading line. */
  readonly start: number;
}

function findSections(lines: readonly string[], fields: readonly FieldDef[]): Section[] {
  const index = headingIndex(fields);
  const seen = new Set<string>();
  const sections: Section[] = [];
  lines.forEach((line, i) => {
    const match = HEADING.exec(line);
    if (!match) return;
    const field = index.get(normaliseHeading(match[1] ?? ''));
    if (!field || seen.has(field.id)) return;
    seen.add(field.id);
    sections.push({ field, start: i });
  });
  return sections;
}

function splitLines(body: string): string[] {
  return body.replace(/\r\n?/g, '\n').split('\n');
}

/** An answer's lines to its value: blank edges trimmed, "no response" and empty fences read as empty. */
function answerValue(lines: readonly string[], field: FieldDef): string | undefined {
  const trimmed = lines.map((l) => l.trimEnd());
  let first = 0;
  let last = trimmed.length - 1;
  while (first <= last && (trimmed[first] ?? '').trim() === '') first++;
  while (last >= first && (trimmed[last] ?? '').trim() === '') last--;
  if (first > last) return undefined;
  const kept = trimmed.slice(first, last + 1);
  const text = kept.join('\n').trim();
  if (EMPTY_ANSWERS.has(text.toLowerCase())) return undefined;
  const open = /^ {0,3}(`{3,}|~{3,})[^`]*$/.exec(kept[0] ?? '');
  const fence = open?.[1];
  if (fence !== undefined && kept.length >= 2) {
    const closing = (kept[kept.length - 1] ?? '').trim();
    if (closing.startsWith(fence) && /^(`+|~+)$/.test(closing)) {
      const inner = kept.slice(1, -1).join('\n');
      if (inner.trim() === '' || EMPTY_ANSWERS.has(inner.trim().toLowerCase())) return undefined;
      if (field.render !== undefined) return inner.replace(/^\n+|\s+$/g, '');
    }
  }
  return text;
}

/**
 * Parses a submitted issue-form body into answers keyed by field id. Robust to CRLF,
 * trailing spaces, `_No response_` / `None`, empty code fences, renamed headings
 * (matched by label, id or alias after normalisation). A field whose heading is
 * missing is `undefined`.
 */
export function parseForm(body: string, fields: readonly FieldDef[] = DEFAULT_FIELDS): FormAnswers {
  const lines = splitLines(body);
  const sections = findSections(lines, fields);
  const answers: FormAnswers = {};
  for (const field of fields) answers[field.id] = undefined;
  sections.forEach((section, i) => {
    const end = sections[i + 1]?.start ?? lines.length;
    answers[section.field.id] = answerValue(lines.slice(section.start + 1, end), section.field);
  });
  return answers;
}

/**
 * Whether a body has the form's shape (at least three known field headings), for
 * recognising a request that arrived without its label.
 */
export function looksLikeForm(body: string, fields: readonly FieldDef[] = DEFAULT_FIELDS): boolean {
  return findSections(splitLines(body), fields).length >= 3;
}
