import * as core from '@actions/core';
import { ChecklistError } from './checklist/problems.js';
import type { Command, Config } from './config.js';
import { readConfig } from './config.js';
import { DEFAULT_TRUST } from './github/api.js';
import { createClient } from './github/client.js';
import { handleIssueEvent } from './intake/run.js';
import { labelSet } from './labels.js';
import { createContext, fileReader } from './run/context.js';
import { sweep } from './sweep/run.js';
import { renderJobSummary, summaryJson } from './sweep/summary.js';

/** Which command an `auto` run performs for the event that started it. */
export function resolveCommand(config: Pick<Config, 'command' | 'eventName'>): Exclude<Command, 'auto'> | undefined {
  if (config.command !== 'auto') return config.command;
  if (config.eventName === 'issues') return 'intake';
  if (config.eventName === 'schedule' || config.eventName === 'workflow_dispatch') return 'sweep';
  return undefined;
}

/** The action's entry: the one place that turns an error into a failed run. */
export async function run(): Promise<void> {
  try {
    const config = readConfig();
    const command = resolveCommand(config);
    if (!command) {
      core.notice(`Nothing to do for the '${config.eventName}' event: run on issues, schedule or workflow_dispatch, or set command.`);
      return;
    }
    const client = createClient({ token: config.token, baseUrl: config.apiUrl, log: core.warning, timeScale: config.timeScale });
    const repo = { owner: config.owner, repo: config.repo };
    const ctx = createContext({
      client,
      repo,
      labels: labelSet(config.label),
      now: config.now,
      timezone: config.timezone,
      dryRun: config.dryRun,
      checklistPath: config.checklistPath,
      trust: DEFAULT_TRUST,
      readFile: fileReader(client, repo, config.workspace),
      log: core.info,
      warn: core.warning,
      error: core.error,
    });
    if (config.dryRun) core.info('Dry run: nothing will be written; every write is printed instead.');

    if (command === 'intake') {
      const outcome = await handleIssueEvent(ctx, config.event);
      if (outcome.outcome === 'ignored') {
        core.info(`Ignored: ${outcome.why}.`);
        return;
      }
      // A request that was refused or needs fixing is not a tracker: the output stays empty.
      if (outcome.outcome === 'converted' || outcome.outcome === 'updated') core.setOutput('tracker', String(outcome.issue));
      core.info(`#${outcome.issue}: ${outcome.outcome} (${outcome.writes} writes).`);
      if ('problems' in outcome) for (const p of outcome.problems) core.info(`  - ${p}`);
      if (outcome.outcome === 'updated' && outcome.report) core.setOutput('report', JSON.stringify([outcome.report]));
      return;
    }

    const result = await sweep(ctx);
    core.setOutput('summary', summaryJson(result));
    core.setOutput('overdue', String(result.overdue));
    core.setOutput('report', JSON.stringify(result.reports));
    await core.summary.addRaw(renderJobSummary(result, config.now, `${config.serverUrl}/${config.owner}/${config.repo}`)).write();
    core.info(
      `Swept ${result.trackers.length + result.reports.length + result.failed.length} trackers: ${result.overdue} overdue tasks, ${result.reports.length} completed, ${result.writes} writes.`,
    );
    if (result.failed.length > 0) {
      core.setFailed(`${result.failed.length} tracker(s) failed: ${result.failed.map((f) => `#${f.issue} (${f.error})`).join('; ')}`);
    }
  } catch (error) {
    core.setFailed(describeError(error));
  }
}

function describeError(error: unknown): string {
  if (error instanceof ChecklistError) return `The checklist has errors:\n${error.message}`;
  if (error instanceof Error) return error.message;
  return `Unexpected failure: ${String(error)}`;
}
