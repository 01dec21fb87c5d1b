/** The action: inputs → one client and context → the command's shell → outputs. */
import { ChecklistError } from '../checklist/problems.js';
import { labelSet } from '../domain/labels.js';
import { DEFAULT_TRUST } from '../domain/trust.js';
import { createActionClient } from './client.js';
import { createContext } from '../shell/context.js';
import { fileReader } from '../shell/files.js';
import { handleCommentEvent } from '../shell/command.js';
import { completeTask } from '../shell/complete.js';
import { runExport } from '../shell/export.js';
import { exportOutput, renderExportSummary } from '../export/summary.js';
import { handleIssueEvent } from '../shell/intake.js';
import { sweep } from '../shell/sweep.js';
import { renderJobSummary, summaryJson } from '../sweep/summary.js';
import { InputError, readConfig, type Command, type Config } from './inputs.js';
import { actionsRunner, type Runner } from './runner.js';

/** What a run does: the `command` input, or for `auto` what the event asks for. */
export type Task = Exclude<Command, 'auto'> | 'comment';

/** Which command an `auto` run performs for the event that started it. */
export function resolveCommand(config: Pick<Config, 'command' | 'eventName'>): Task | undefined {
  if (config.command !== 'auto') return config.command;
  if (config.eventName === 'issues') return 'intake';
  if (config.eventName === 'issue_comment') return 'comment';
  if (config.eventName === 'schedule' || config.eventName === 'workflow_dispatch') return 'sweep';
  return undefined;
}

/** The action's entry: the one place that turns an error into a failed run. */
export async function run(runner: Runner = actionsRunner(), env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const config = readConfig(runner, env);
    const command = resolveCommand(config);
    if (!command) {
      runner.notice(`Nothing to do for the '${config.eventName}' event: run on issues, issue_comment, schedule or workflow_dispatch, or set command.`);
      return;
    }
    const clientOptions = { baseUrl: config.apiUrl, log: (m: string) => runner.warning(m), timeScale: config.timeScale, timeoutMs: config.timeoutMs };
    const client = createActionClient({ ...clientOptions, token: config.token });
    // The organisation token is used for organisation endpoints only, through a client of its own.
    const orgClient = config.orgToken ? createActionClient({ ...clientOptions, token: config.orgToken }) : undefined;
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
      log: (line) => runner.info(line),
      warn: (line) => runner.warning(line),
      error: (line) => runner.error(line),
      org: { ...(orgClient ? { client: orgClient } : {}), org: config.org, maxRemovals: config.maxRemovals },
      ...(config.dashboard ? { dashboard: { repoUrl: `${config.serverUrl}/${config.owner}/${config.repo}` } } : {}),
      timeScale: config.timeScale,
    });
    if (config.dryRun) runner.info('Dry run: nothing will be written; every write is printed instead.');

    if (command === 'complete') {
      if (!config.completion) throw new InputError("Input 'command' is 'complete' but the completion inputs are missing.");
      const { outcome, writes } = await completeTask(ctx, config.completion);
      runner.info(`#${config.completion.tracker}: ${outcome} (${writes} writes).`);
      return;
    }
    if (command === 'export') {
      if (!config.export) throw new InputError("Input 'command' is 'export' but the period is missing.");
      const result = await runExport(ctx, { ...config.export, formats: ['csv', 'json'] });
      await runner.writeSummary(renderExportSummary(result));
      runner.setOutput('export', exportOutput(result));
      for (const file of result.files) runner.info(`${file.sha256}  ${file.path}`);
      return;
    }

    if (command === 'comment') {
      const outcome = await handleCommentEvent(ctx, config.event);
      if (outcome.outcome === 'ignored') runner.info(`Ignored: ${outcome.why}.`);
      else runner.info(`#${outcome.issue}: ${outcome.result} (${outcome.writes} writes).`);
      return;
    }

    if (command === 'intake') {
      const outcome = await handleIssueEvent(ctx, config.event);
      if (outcome.outcome === 'ignored') {
        runner.info(`Ignored: ${outcome.why}.`);
        return;
      }
      // A request that was refused or needs fixing is not a tracker: the output stays empty.
      if (outcome.outcome === 'converted' || outcome.outcome === 'updated') runner.setOutput('tracker', String(outcome.issue));
      runner.info(`#${outcome.issue}: ${outcome.outcome} (${outcome.writes} writes).`);
      if ('problems' in outcome) for (const p of outcome.problems) runner.info(`  - ${p}`);
      if (outcome.outcome === 'updated' && outcome.report) runner.setOutput('report', JSON.stringify([outcome.report]));
      return;
    }

    const result = await sweep(ctx);
    runner.setOutput('summary', summaryJson(result));
    runner.setOutput('overdue', String(result.overdue));
    runner.setOutput('report', JSON.stringify(result.reports));
    await runner.writeSummary(renderJobSummary(result, config.now, `${config.serverUrl}/${config.owner}/${config.repo}`));
    runner.info(
      `Swept ${result.trackers.length + result.reports.length + result.failed.length} trackers: ${result.overdue} overdue tasks, ${result.reports.length} completed, ${result.writes} writes.`,
    );
    if (result.failed.length > 0) {
      runner.setFailed(`${result.failed.length} tracker(s) failed: ${result.failed.map((f) => `#${f.issue} (${f.error})`).join('; ')}`);
    }
  } catch (error) {
    runner.setFailed(describeError(error));
  }
}

function describeError(error: unknown): string {
  if (error instanceof ChecklistError) return `The checklist has errors:\n${error.message}`;
  if (error instanceof Error) return error.message;
  return `Unexpected failure: ${String(error)}`;
}
