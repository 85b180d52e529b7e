import path from 'node:path';
import { UsageError } from '../node/files.js';
import type { LintFilesOptions, LintJob } from '../node/lint-files.js';
import { LintCache, cacheFileAt } from './lint-cache.js';
import { lintToReports, type ReportOutcome } from './parallel.js';

export interface LintRun {
  quiet: boolean;
  /** The bundle, for worker threads and for the cache's identity. */
  workerUrl?: URL;
  /** `--cache` and `--cache-location`. */
  cache?: boolean;
  cacheLocation?: string;
  cwd: string;
  err: NodeJS.WritableStream;
}

/** Lints the jobs into reports, through the cache with `--cache`; a cache that cannot be written is a warning. */
export async function lintJobs(jobs: readonly LintJob[], options: LintFilesOptions, run: LintRun): Promise<ReportOutcome[]> {
  if (run.cacheLocation !== undefined && !run.cache) throw new UsageError('--cache-location says where --cache keeps its file; add --cache');
  if (!run.cache) return lintToReports(jobs, options, run.quiet, run.workerUrl);
  const cache = LintCache.open(cacheFileAt(run.cwd, run.cacheLocation), run.workerUrl);
  const candidates = jobs.map((j) => j.path);
  const outcomes = await cache.run(jobs, options, run.quiet, (missed) => lintToReports(missed, options, run.quiet, run.workerUrl, candidates));
  const saved = cache.save();
  if (!saved.ok) run.err.write(`cplan: warning: cannot write the cache ${path.relative(run.cwd, cache.location) || cache.location} (${saved.reason}); the results were not cached; give --cache-location a path that can be written\n`);
  return outcomes;
}
