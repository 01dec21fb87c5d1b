/** The repository the action works in. */
export interface Repo {
  readonly owner: string;
  readonly repo: string;
}
