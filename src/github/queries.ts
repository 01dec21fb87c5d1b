/** The GraphQL documents the action sends, in one place so their cost can be read at a glance. */

// A tracker's status comment stands near the start of its thread, escalations and reports near the
// end: both ends in the page query keep a quiet sweep at one request per 100 trackers; a thread
// longer than both ends together is read through in pages (`COMMENTS_QUERY`).
const COMMENT_FIELDS = 'id databaseId body createdAt author { __typename login } editor { __typename login } lastEditedAt';

export const HEAD_COMMENTS = 50;
export const TAIL_COMMENTS = 50;

export const TRACKER_FIELDS = `
  fragment TrackerFields on Issue {
    id number title body state createdAt lastEditedAt
    author { login }
    labels(first: 50) { nodes { name } }
    assignees(first: 20) { nodes { login } }
    head: comments(first: ${HEAD_COMMENTS}) { totalCount pageInfo { endCursor } nodes { ${COMMENT_FIELDS} } }
    tail: comments(last: ${TAIL_COMMENTS}) { nodes { ${COMMENT_FIELDS} } }
  }`;

// The first page also brings the newest open issues, labelled or not: a request whose form label
// GitHub dropped (the label did not exist yet) is among them, at no extra request.
export const TRACKERS_QUERY = `
  query Trackers($owner: String!, $name: String!, $labels: [String!], $states: [IssueState!], $after: String, $withRecent: Boolean!) {
    repository(owner: $owner, name: $name) {
      issues(first: 100, after: $after, states: $states, labels: $labels, orderBy: { field: CREATED_AT, direction: ASC }) {
        pageInfo { hasNextPage endCursor }
        nodes { ...TrackerFields }
      }
      recent: issues(first: 30, states: OPEN, orderBy: { field: CREATED_AT, direction: DESC }) @include(if: $withRecent) {
        nodes { ...TrackerFields }
      }
    }
  }
  ${TRACKER_FIELDS}`;

export const ISSUE_QUERY = `
  query Tracker($owner: String!, $name: String!, $number: Int!) {
    repository(owner: $owner, name: $name) {
      issue(number: $number) { ...TrackerFields }
    }
  }
  ${TRACKER_FIELDS}`;

/** The middle of a long thread, 100 comments a page. */
export const COMMENTS_QUERY = `
  query Comments($id: ID!, $after: String) {
    node(id: $id) {
      ... on Issue {
        comments(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${COMMENT_FIELDS} } }
      }
    }
  }`;

const EDIT_FIELDS = 'userContentEdits(last: 100) { nodes { editedAt editor { __typename login } diff deletedAt } }';

/** Edit histories of up to 100 issues in one request. */
export const HISTORIES_QUERY = `
  query Histories($ids: [ID!]!) {
    nodes(ids: $ids) { ... on Issue { id number ${EDIT_FIELDS} } }
  }`;

/** The edit history of some comments (the status comment, when a person may have edited it). */
export const COMMENT_HISTORIES_QUERY = `
  query CommentHistories($ids: [ID!]!) {
    nodes(ids: $ids) { ... on IssueComment { id databaseId ${EDIT_FIELDS} } }
  }`;

/** The latest comments of an issue: did a write whose answer was lost land after all? */
export const RECENT_COMMENTS_QUERY = `
  query Recent($owner: String!, $name: String!, $number: Int!) {
    repository(owner: $owner, name: $name) { issue(number: $number) { comments(last: 20) { nodes { body } } } }
  }`;

const DASHBOARD_FIELDS = 'number title body state createdAt author { __typename login } labels(first: 20) { nodes { name } }';

/**
 * The dashboard issue, found again with one bounded read: the oldest few issues under its label
 * (where the action's first dashboard is) and the newest few (where a create whose answer was lost
 * landed), open or closed, with who opened them: a person's issue with the label is not the dashboard.
 */
export const DASHBOARDS_QUERY = `
  query Dashboards($owner: String!, $name: String!, $labels: [String!], $first: Int!) {
    repository(owner: $owner, name: $name) {
      oldest: issues(first: $first, labels: $labels, states: [OPEN, CLOSED], orderBy: { field: CREATED_AT, direction: ASC }) {
        nodes { ${DASHBOARD_FIELDS} }
      }
      newest: issues(first: $first, labels: $labels, states: [OPEN, CLOSED], orderBy: { field: CREATED_AT, direction: DESC }) {
        nodes { ${DASHBOARD_FIELDS} }
      }
    }
  }`;
