import os from 'node:os';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { JobLinter, type LintFilesOptions, type LintJob } from '../node/lint-files.js';
import type { FileReport } from './formatters/types.js';
import { toFileReport } from './report.js';
import { inputsOf, type LintInputs } from './lint-cache.js';

export type ReportOutcome =
  | { kind: 'linted'; path: string; report: FileReport; inputs?: LintInputs }
  | { kind: 'not-plan'; path: string; explicit: boolean }
  | { kind: 'unreadable'; path: string; reason: string };

/**
 * Below this many files a worker costs more than it saves: its start (a thread plus loading the bundle, about
 * 60 ms) and its own JIT warm-up compete with the main thread's warm-up for the second core. Measured on 2
 * cores: at 100 plans workers made the run 8% slower, at 300 plans 5% faster, at 1,000 plans 10% faster.
 */
const PARALLEL_FROM = 200;
/** Batches shrink towards the end of a run (guided scheduling), so no thread is left with a long tail. */
const MAX_BATCH = 16;
/** Batches each worker holds at once, so it never waits for the main thread to hand it the next one. */
const IN_FLIGHT = 2;

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
  return { kind: 'linted', path: outcome.path, report: toFileReport(outcome.path, outcome.linked.document, diagnostics), inputs: inputsOf(outcome.linked) };
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Lints every job into a report, in job order. Small runs stay in this thread. Larger ones also start one
 * worker thread per further core (at most 3): the main thread lints from the first moment while the workers
 * boot, and every thread takes the next batch as it finishes, so a slow file does not hold the others up.
 * `candidates`: every file of the run, where frameworks named by id are looked for (more than `jobs` with --cache).
 */
export async function lintToReports(jobs: readonly LintJob[], options: LintFilesOptions, quiet: boolean, workerUrl?: URL, candidates = jobs.map((j) => j.path)): Promise<ReportOutcome[]> {
  const workers = Math.min(os.availableParallelism(), 4) - 1;
  const linter = new JobLinter(options, candidates);
  if (!workerUrl || jobs.length < PARALLEL_FROM || workers < 1) return jobs.map((job) => lintOne(linter, job, quiet));

  const results: ReportOutcome[] = new Array(jobs.length);
  let next = 0;
  const threads = workers + 1;
  const takeBatch = (): { start: number; end: number } => {
    const size = Math.max(1, Math.min(MAX_BATCH, Math.floor((jobs.length - next) / (threads * IN_FLIGHT * 2))));
    const start = next;
    next = Math.min(jobs.length, next + size);
    return { start, end: next };
  };
  const setup: WorkerSetup = { cplanLintWorker: true, options, candidates, quiet };
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(workerUrl, { workerData: setup });
      let pending = 0;
      const feed = () => {
        if (next >= jobs.length) {
          if (pending === 0) {
            void worker.terminate();
            resolve();
          }
          return;
        }
        const { start, end } = takeBatch();
        pending++;
        worker.postMessage({ start, jobs: jobs.slice(start, end) });
      };
      worker.on('message', (message: { start: number; outcomes: ReportOutcome[] }) => {
        pending--;
        message.outcomes.forEach((outcome, i) => (results[message.start + i] = outcome));
        feed();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        // Terminated by us, its batches all answered: code 1 and nothing pending. Anything else lost files.
        if (pending > 0 || (code !== 0 && code !== 1)) reject(new Error(`a lint worker stopped with code ${code} before finishing its files`));
      });
      worker.once('online', () => {
        for (let i = 0; i < IN_FLIGHT && next < jobs.length; i++) feed();
        if (pending === 0) feed(); // the other threads took everything before it came online: stop it
      });
    });
  const lintHere = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = lintOne(linter, jobs[i], quiet);
      await yieldToEvents(); // lets finished batches come in and new ones go out
    }
  };
  await Promise.all([lintHere(), ...Array.from({ length: Math.min(workers, Math.ceil(jobs.length / MAX_BATCH)) }, runWorker)]);
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
