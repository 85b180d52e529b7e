import os from 'node:os';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { JobLinter, type LintFilesOptions, type LintJob } from '../node/lint-files.js';
import type { FileReport } from './formatters/types.js';
import { toFileReport } from './report.js';

export type ReportOutcome =
  | { kind: 'linted'; path: string; report: FileReport }
  | { kind: 'not-plan'; path: string; explicit: boolean }
  | { kind: 'unreadable'; path: string; reason: string };

/** Below this many files, starting workers costs more than it saves. */
const PARALLEL_FROM = 250;
const BATCH = 16;

interface WorkerSetup {
  cplanLintWorker: true;
  options: LintFilesOptions;
  candidates: string[];
  quiet: boolean;
}

function lintOne(linter: JobLinter, job: LintJob, quiet: boolean): ReportOutcome {
  const outcome = linter.lint(job);
  if (outcome.kind !== 'linted') return outcome;
  const diagnostics = quiet ? outcome.diagnostics.filter((d) => d.severity === 'error') : outcome.diagnostics;
  return { kind: 'linted', path: outcome.path, report: toFileReport(outcome.path, outcome.document.lines, diagnostics) };
}

/**
 * Lints every job into a report, in job order: in this thread for small runs, otherwise on worker threads
 * (one per core, at most 4) that take batches as they finish, so a slow file does not hold the others up.
 */
export async function lintToReports(jobs: readonly LintJob[], options: LintFilesOptions, quiet: boolean, workerUrl?: URL): Promise<ReportOutcome[]> {
  const threads = Math.min(os.availableParallelism(), 4);
  const candidates = jobs.map((j) => j.path);
  if (!workerUrl || jobs.length < PARALLEL_FROM || threads < 2) {
    const linter = new JobLinter(options, candidates);
    return jobs.map((job) => lintOne(linter, job, quiet));
  }
  const results: ReportOutcome[] = new Array(jobs.length);
  let next = 0;
  const setup: WorkerSetup = { cplanLintWorker: true, options, candidates, quiet };
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(workerUrl, { workerData: setup });
      const feed = () => {
        if (next >= jobs.length) {
          void worker.terminate();
          resolve();
          return;
        }
        const start = next;
        next = Math.min(jobs.length, next + BATCH);
        worker.postMessage({ start, jobs: jobs.slice(start, next) });
      };
      worker.on('message', (message: { start: number; outcomes: ReportOutcome[] }) => {
        message.outcomes.forEach((outcome, i) => (results[message.start + i] = outcome));
        feed();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code !== 0 && code !== 1) reject(new Error(`a lint worker stopped with code ${code}`));
      });
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(threads, Math.ceil(jobs.length / BATCH)) }, runWorker));
  return results;
}

/** True when this thread was started by lintToReports; it then serves batches until terminated. */
export function serveAsLintWorker(): boolean {
  const setup = workerData as WorkerSetup | undefined;
  if (!parentPort || !setup?.cplanLintWorker) return false;
  const linter = new JobLinter(setup.options, setup.candidates);
  const port = parentPort;
  port.on('message', (message: { start: number; jobs: LintJob[] }) => {
    port.postMessage({ start: message.start, outcomes: message.jobs.map((job) => lintOne(linter, job, setup.quiet)) });
  });
  return true;
}
