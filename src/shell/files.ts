/** Where the action reads repository files: the checked-out workspace when it is there, else the default branch. */
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { FileReader } from '../checklist/source.js';
import type { GitHubClient } from '../github/client.js';
import { readRepoFile } from '../github/files.js';
import type { Repo } from '../github/repo.js';

export function fileReader(client: GitHubClient, repo: Repo, workspace: string | undefined): FileReader {
  return async (path) => {
    if (workspace) {
      const full = resolve(workspace, path);
      if (!relative(workspace, full).startsWith('..') && existsSync(full)) return readFileSync(full, 'utf8');
    }
    return readRepoFile(client, repo, path);
  };
}
