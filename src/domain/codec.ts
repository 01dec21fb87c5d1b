/**
 * The one codec for data the action hides in Markdown: `<!-- offboarding:NAME z:BASE64 -->`, the
 * JSON deflated then base64-encoded, so no typed text can close the comment early or form Markdown,
 * and a large record stays small. Values are checked against a JSON Schema when read, never trusted.
 * The older uncompressed form (`<!-- offboarding:NAME BASE64 -->`) is still read.
 */
import { Ajv, type SchemaObject, type ValidateFunction } from 'ajv';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const ajv = new Ajv({ allErrors: false, strict: false });

export interface HiddenData<T> {
  /** Encodes `value` as one hidden comment. */
  encode(value: T): string;
  /** The last well-formed record of this kind in `text`. */
  read(text: string): HiddenRead<T>;
  /** Whether `text` holds a record of this kind, well-formed or not. */
  presentIn(text: string): boolean;
  /** The prefix every record of this kind starts with. */
  readonly prefix: string;
}

export type HiddenRead<T> =
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'missing' }
  | { readonly status: 'damaged'; readonly reason: string };

/**
 * A kind of hidden record. `schema` describes a valid value; `what` names it in messages
 * ("the hidden ledger").
 */
export function hiddenData<T>(name: string, schema: SchemaObject, what: string): HiddenData<T> {
  const prefix = `<!-- offboarding:${name} `;
  const pattern = new RegExp(`<!-- offboarding:${name} (z:)?([A-Za-z0-9+/]*={0,2}) -->`, 'g');
  let validate: ValidateFunction | undefined;
  const check = (value: unknown): string | undefined => {
    validate ??= ajv.compile(schema);
    if (validate(value)) return undefined;
    const error = validate.errors?.[0];
    return `${what} is malformed (${error ? `${error.instancePath || 'the record'} ${error.message ?? ''}`.trim() : 'unknown shape'})`;
  };
  return {
    prefix,
    encode: (value) => `${prefix}z:${deflateRawSync(Buffer.from(JSON.stringify(value), 'utf8')).toString('base64')} -->`,
    presentIn: (text) => text.includes(prefix),
    read: (text) => {
      const matches = [...text.matchAll(pattern)];
      if (matches.length === 0) {
        return text.includes(prefix) ? { status: 'damaged', reason: `${what} is cut off` } : { status: 'missing' };
      }
      let reason = `${what} does not parse`;
      for (const match of matches.reverse()) {
        let value: unknown;
        try {
          const bytes = Buffer.from(match[2] ?? '', 'base64');
          value = JSON.parse((match[1] ? inflateRawSync(bytes) : bytes).toString('utf8'));
        } catch {
          continue;
        }
        const problem = check(value);
        if (problem === undefined) return { status: 'ok', value: value as T };
        reason = problem;
      }
      return { status: 'damaged', reason };
    },
  };
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
