import fs from 'node:fs';
import { applyChanges } from '../core/format/edits.js';
import { safeFixChanges } from '../core/format/safe-fixes.js';
import { writeFileReplacing } from '../node/files.js';
import { JobLinter, type LintFilesOptions, type LintJob } from '../node/lint-files.js';

/** Passes of fix and re-lint per file: one fix can bring out another (a joined number, then its canonical period). */
const MAX_PASSES = 10;

export interface FixedJob {
  job: LintJob;
  /** The fixed text, when the fixes changed the file. */
  output?: string;
}

/**
 * Applies the safe fixes (see core/format/safe-fixes.ts) to each job's text, re-linting after each pass until
 * nothing is left to fix. Writes the fixed files unless `dryRun`; the jobs returned carry the fixed text, so
 * that the lint that follows reports what is left.
 */
export function fixJobs(jobs: readonly LintJob[], options: LintFilesOptions, dryRun: boolean, shown: (file: string) => string): FixedJob[] {
  const linter = new JobLinter(options, jobs.map((j) => j.path));
  return jobs.map((job) => {
    let text: string;
    try {
      text = job.text ?? fs.readFileSync(job.path, 'utf8');
    } catch {
      return { job }; // the lint says why it cannot be read
    }
    const original = text;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const outcome = linter.lint({ ...job, text });
      if (outcome.kind !== 'linted') break;
      const changes = safeFixChanges(outcome.linked.document, outcome.diagnostics);
      if (changes.length === 0) break;
      const next = applyChanges(text, changes);
      if (next === text) break;
      text = next;
    }
    if (text === original) return { job };
    if (!dryRun && job.text === undefined) writeFileReplacing(job.path, text, shown(job.path));
    return { job: { ...job, text }, output: text };
  });
}
