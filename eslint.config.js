import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Folders of src/ that do I/O. Everything else in src/ is the pure core. */
const SHELL = ['action', 'cli', 'github', 'shell'];

/** What the pure core may never import: the runner, Octokit, the file system, the network, the shell. */
const CORE_FORBIDDEN = {
  patterns: [
    { group: ['@actions/*'], message: 'The pure core does no I/O: @actions/* belongs in src/action/.' },
    { group: ['@octokit/*'], message: 'The pure core does no I/O: Octokit belongs in src/github/.' },
    { group: ['undici', 'node:http', 'node:https', 'node:net', 'node:child_process'], message: 'The pure core does no I/O.' },
    { group: ['node:fs', 'node:fs/*', 'fs', 'fs/*'], message: 'The pure core reads no files: pass a FileReader in from src/shell/.' },
    ...SHELL.map((folder) => ({
      group: [`**/${folder}/*`, `../${folder}/*`, `./${folder}/*`],
      message: `The pure core may not import the shell (src/${folder}/): pass what it needs in as data.`,
    })),
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'demo-output/', 'src/checklist/default-text.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: SHELL.map((folder) => `src/${folder}/**`),
    rules: { 'no-restricted-imports': ['error', CORE_FORBIDDEN] },
  },
  {
    // The GitHub module is below the shell: it may not call back up into it.
    files: ['src/github/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../shell/*', '../action/*', '../cli/*'], message: 'src/github/ is below the shell: it may not import it.' }] },
      ],
    },
  },
  {
    // The shell is shared by both entries: it may not import either.
    files: ['src/shell/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../action/*', '../cli/*'], message: 'src/shell/ serves both entries: it may not import src/action/ or src/cli/.' }] },
      ],
    },
  },
  // Neutralising typed text means matching control characters on purpose.
  { files: ['src/markdown/**'], rules: { 'no-control-regex': 'off' } },
);
