/**
 * The Actions runner as the action sees it: inputs, log lines, outputs, the job summary. The action
 * takes it as a parameter (as actions/create-github-app-token passes `core` in), so tests run the
 * whole action in-process with a runner of their own.
 */
import * as core from '@actions/core';
import { context } from '@actions/github';
import type { WebhookEvent } from '../domain/event.js';

export interface Runner {
  /** An input's value, trimmed; '' when unset. */
  getInput(name: string): string;
  /** `true`/`false` in YAML 1.2 core schema; throws on anything else (also on an unset input). */
  getBooleanInput(name: string): boolean;
  info(line: string): void;
  debug(line: string): void;
  notice(line: string): void;
  warning(line: string): void;
  error(line: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  writeSummary(markdown: string): Promise<void>;
  /** The event that started the run, as @actions/github's context reads it. */
  event(): { readonly name: string; readonly payload: WebhookEvent };
}

/** The real runner, through @actions/core. */
export function actionsRunner(): Runner {
  return {
    getInput: (name) => core.getInput(name),
    getBooleanInput: (name) => core.getBooleanInput(name),
    info: (line) => core.info(line),
    debug: (line) => core.debug(line),
    notice: (line) => core.notice(line),
    warning: (line) => core.warning(line),
    error: (line) => core.error(line),
    group: (name, fn) => core.group(name, fn),
    setOutput: (name, value) => core.setOutput(name, value),
    setFailed: (message) => core.setFailed(message),
    writeSummary: async (markdown) => {
      await core.summary.addRaw(markdown).write();
    },
    event: () => ({ name: context.eventName ?? '', payload: context.payload as WebhookEvent }),
  };
}
