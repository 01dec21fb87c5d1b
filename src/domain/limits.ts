/** GitHub's limits the action writes within (REST API description and GITHUB-FACTS). */

/** Characters in an issue body. */
export const MAX_BODY_LENGTH = 65_536;
/** Characters in a comment; the action keeps a margin below GitHub's 65,536. */
export const MAX_COMMENT_LENGTH = 65_000;
/** Characters in an issue title. */
export const MAX_TITLE_LENGTH = 256;
/** People assigned to one issue. */
export const MAX_ASSIGNEES = 10;
