#!/usr/bin/env node
// Extracts, from GitHub's OpenAPI description (the `@octokit/openapi` package, unpacked somewhere
// outside this repository because it is 385 MB), the response schemas of the operations the emulator
// implements, GitHub's generic error schemas, and, from `@octokit/openapi-webhooks`, the payload
// schemas of the webhook events the emulator's People helpers produce, into
// emulator/openapi-subset.json. The emulator's contract tests validate its responses and payloads
// against that file so the emulator cannot drift into fiction.
//
// Only the two JSON descriptions are needed, not the packages' node_modules:
//   cd /tmp/oa && npm pack @octokit/openapi @octokit/openapi-webhooks
//   mkdir rest webhooks
//   tar -xzf octokit-openapi-2*.tgz -C rest package/package.json package/generated/api.github.com.json
//   tar -xzf octokit-openapi-webhooks-*.tgz -C webhooks package/package.json package/generated/api.github.com.json
//   node scripts/openapi-subset.mjs /tmp/oa/rest/package /tmp/oa/webhooks/package
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The operations the emulator implements (OpenAPI path + method). */
export const OPERATIONS = [
  ['get', '/repos/{owner}/{repo}'],
  ['get', '/repos/{owner}/{repo}/issues'],
  ['post', '/repos/{owner}/{repo}/issues'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}'],
  ['patch', '/repos/{owner}/{repo}/issues/{issue_number}'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['get', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['patch', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['delete', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['get', '/repos/{owner}/{repo}/labels'],
  ['post', '/repos/{owner}/{repo}/labels'],
  ['get', '/repos/{owner}/{repo}/labels/{name}'],
  ['patch', '/repos/{owner}/{repo}/labels/{name}'],
  ['delete', '/repos/{owner}/{repo}/labels/{name}'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  ['put', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  ['delete', '/repos/{owner}/{repo}/issues/{issue_number}/labels'],
  ['delete', '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/assignees'],
  ['delete', '/repos/{owner}/{repo}/issues/{issue_number}/assignees'],
  ['get', '/repos/{owner}/{repo}/assignees/{assignee}'],
  ['get', '/repos/{owner}/{repo}/collaborators/{username}/permission'],
  ['get', '/repos/{owner}/{repo}/contents/{path}'],
  ['get', '/user'],
  ['get', '/rate_limit'],
  ['get', '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions'],
  ['post', '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions'],
  ['get', '/repos/{owner}/{repo}/actions/workflows'],
  ['get', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}'],
  ['post', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches'],
  ['get', '/users/{username}'],
  ['get', '/orgs/{org}/memberships/{username}'],
  ['delete', '/orgs/{org}/memberships/{username}'],
  ['get', '/orgs/{org}/invitations'],
  ['delete', '/orgs/{org}/invitations/{invitation_id}'],
  ['get', '/orgs/{org}/outside_collaborators'],
  ['delete', '/orgs/{org}/outside_collaborators/{username}'],
  ['get', '/orgs/{org}/personal-access-tokens'],
  ['post', '/orgs/{org}/personal-access-tokens'],
  ['get', '/orgs/{org}/members/{username}/copilot'],
  ['delete', '/orgs/{org}/copilot/billing/selected_users'],
];

/** GitHub's generic error bodies, for answers an operation does not document (a token's 403 or 404). */
export const ERROR_SCHEMAS = ['basic-error', 'validation-error'];

/** Webhook events whose payloads the emulator's People helpers build (`@octokit/openapi-webhooks` keys). */
export const WEBHOOKS = ['issues-opened', 'issues-edited', 'issues-closed', 'issues-reopened', 'issues-labeled', 'issues-unlabeled', 'issue-comment-created', 'issue-comment-edited', 'issue-comment-deleted'];

const DROPPED = new Set(['example', 'examples', 'description', 'summary', 'title', 'externalDocs', 'deprecated', 'readOnly', 'writeOnly', 'discriminator', 'xml']);

function main() {
  const [pkg, webhooksPkg] = process.argv.slice(2);
  if (!pkg || !webhooksPkg) {
    console.error('usage: node scripts/openapi-subset.mjs <unpacked @octokit/openapi> <unpacked @octokit/openapi-webhooks>');
    process.exit(2);
  }
  const rest = subsetOf(pkg);
  const hooks = subsetOf(webhooksPkg);

  const operations = {};
  for (const [method, path] of OPERATIONS) {
    const op = rest.spec.paths[path]?.[method];
    if (!op) throw new Error(`operation not found: ${method.toUpperCase()} ${path}`);
    const responses = {};
    for (const [status, raw] of Object.entries(op.responses)) {
      const response = raw.$ref ? rest.lookup(raw.$ref) : raw;
      const schema = response.content?.['application/json']?.schema;
      responses[status] = schema ? rest.convert(schema, []) : null;
    }
    operations[`${method.toUpperCase()} ${path}`] = { operationId: op.operationId, responses };
  }
  const errors = Object.fromEntries(ERROR_SCHEMAS.map((name) => [name, rest.convert({ $ref: `#/components/schemas/${name}` }, [])]));
  const webhooks = {};
  for (const name of WEBHOOKS) {
    const hook = hooks.spec.webhooks[name]?.post;
    const schema = hook?.requestBody?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`webhook not found: ${name}`);
    webhooks[name] = hooks.convert(schema, []);
  }

  const out = {
    source: `@octokit/openapi@${rest.version} generated/api.github.com.json`,
    webhooksSource: `@octokit/openapi-webhooks@${hooks.version} generated/api.github.com.json`,
    generatedBy: 'scripts/openapi-subset.mjs',
    operations,
    errors,
    webhooks,
  };
  const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'emulator', 'openapi-subset.json');
  const text = `${JSON.stringify(out, null, 1)}\n`;
  writeFileSync(target, text);
  console.log(`wrote ${target}: ${OPERATIONS.length} operations, ${WEBHOOKS.length} webhooks, ${text.length} bytes`);
}

/** A description's `$ref` lookup and its schema converter (refs inlined, documentation dropped). */
function subsetOf(pkg) {
  const spec = JSON.parse(readFileSync(join(pkg, 'generated', 'api.github.com.json'), 'utf8'));
  const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;

  const lookup = (ref) => {
    if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
    let node = spec;
    for (const part of ref.slice(2).split('/')) node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    return node;
  };

  // Inline every $ref; a reference back into a schema being inlined (recursion) becomes `{}`.
  const convert = (node, stack) => {
    if (Array.isArray(node)) return node.map((n) => convert(n, stack));
    if (node === null || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string') {
      if (stack.includes(node.$ref)) return {};
      return convert(lookup(node.$ref), [...stack, node.$ref]);
    }
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED.has(key) || key.startsWith('x-') || key === 'nullable') continue;
      if (key === 'properties' || key === 'patternProperties') {
        out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, stack)]));
      } else {
        out[key] = convert(value, stack);
      }
    }
    if (node.nullable === true) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      else if (Array.isArray(out.type)) out.type = [...new Set([...out.type, 'null'])];
      else if (out.anyOf || out.oneOf || out.allOf) return { anyOf: [out, { type: 'null' }] };
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    }
    return out;
  };

  return { spec, version, lookup, convert };
}

main();
