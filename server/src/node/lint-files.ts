import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { oversizeDocument, parsePlanDocument } from '../core/document.js';
import type { PlanDocument } from '../core/model.js';
import { lintDocument, type Diagnostic } from '../core/lint.js';
import { linkDocument, type Linked } from '../core/link.js';
import { todayDay, type Day } from '../core/periods.js';
import type { RuleSetting } from '../core/rules/rule.js';
import { DEFAULT_MAX_FILE_SIZE } from '../core/rules/file-too-large.js';
import { ConfigFinder, emptyConfig, readConfig, type Config } from './config.js';
import { discoverFiles, gitRootOf, readHead } from './files.js';
import { FrameworkResolver } from './frameworks.js';

export interface LintFilesOptions {
  cwd?: string;
  /** Review date overriding each file's `as_of`. */
  asOf?: Day;
  /** Severity overrides applied over the config's. */
  rules?: Record<string, RuleSetting>;
  /** A config file to use instead of finding `.cplanrc.yaml` upwards from each file. */
  configFile?: string;
}

export interface FileLintResult {
  path: string;
  document: PlanDocument;
  diagnostics: Diagnostic[];
  /** The plan's framework, when its `framework:` resolved. */
  framework?: PlanDocument;
  /** The review date the file was linted with. */
  asOf?: Day;
  /** The document linked to its framework, settings and review date, with the facts derived from them. */
  linked: Linked;
}

export interface LintFilesResult {
  results: FileLintResult[];
  /** Files named explicitly that are not plans or frameworks. */
  notPlans: string[];
  /** Files that could not be read. */
  unreadable: { path: string; reason: string }[];
}

/** One file to lint, with the config that governs it; plain data, so it can be sent to a worker. */
export interface LintJob {
  path: string;
  explicit: boolean;
  config: Config;
  /** The folder framework paths must stay inside. */
  root: string;
}

export type JobOutcome =
  | { kind: 'linted'; path: string; linked: Linked; diagnostics: Diagnostic[] }
  | { kind: 'not-plan'; path: string; explicit: boolean }
  | { kind: 'unreadable'; path: string; reason: string };

/** Finds the files to lint and the config of each. Throws UsageError or ConfigError. */
export async function planJobs(targets: readonly string[], options: LintFilesOptions = {}): Promise<LintJob[]> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const files = await discoverFiles(targets, cwd);
  const finder = new ConfigFinder();
  const configs = new Map<string, Config>();
  const explicitConfig = options.configFile ? readConfig(path.resolve(cwd, options.configFile)) : undefined;
  const jobs: LintJob[] = [];
  for (const target of files) {
    let config = explicitConfig;
    if (!config) {
      const found = finder.find(path.dirname(target.path));
      if (found) {
        config = configs.get(found) ?? readConfig(found);
        configs.set(found, config);
      } else {
        config = emptyConfig(gitRootOf(path.dirname(target.path)) ?? cwd);
      }
    }
    if (!target.explicit && !selectedBy(config, target.path)) continue;
    const root = config.path ? config.dir : gitRootOf(path.dirname(target.path)) ?? cwd;
    jobs.push({ path: target.path, explicit: target.explicit, config, root });
  }
  return jobs;
}

/**
 * Parses and lints one job at a time. Frameworks are read once per linter; `candidates` (every file of the run)
 * are where a framework named by id is looked for, besides the config's framework folders.
 */
export class JobLinter {
  /** Frameworks parsed so far. Plans are not kept: holding every plan of a run made each GC copy them. */
  private readonly frameworks = new Map<string, PlanDocument>();
  private readonly plans = new Set<string>();
  private readonly resolvers = new Map<string, FrameworkResolver>();

  constructor(private readonly options: LintFilesOptions, private readonly candidates: readonly string[]) {}

  lint(job: LintJob): JobOutcome {
    const limit = job.config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    let document: PlanDocument;
    try {
      const size = fs.statSync(job.path).size;
      document = size > limit ? oversizeDocument(job.path, readHead(job.path), size, limit) : parsePlanDocument(job.path, fs.readFileSync(job.path, 'utf8'));
    } catch (error) {
      return { kind: 'unreadable', path: job.path, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
    }
    if (!document.kind) return { kind: 'not-plan', path: job.path, explicit: job.explicit };
    if (document.kind === 'framework') this.frameworks.set(job.path, document);
    else this.plans.add(job.path);
    const linked = linkDocument(document, {
      resolveFramework: (reference, planPath) => this.resolverFor(job).resolve(reference, planPath),
      settings: () => ({ asOf: this.options.asOf, defaultAsOf: job.config.asOf, rules: { ...job.config.rules, ...this.options.rules } }),
      today: todayDay,
    });
    return { kind: 'linted', path: job.path, linked, diagnostics: lintDocument(linked) };
  }

  private resolverFor(job: LintJob): FrameworkResolver {
    const key = `${job.root}\n${job.config.path ?? ''}`;
    let resolver = this.resolvers.get(key);
    if (!resolver) {
      resolver = new FrameworkResolver({ roots: [job.root], folders: job.config.frameworks, documents: this.frameworks, notFrameworks: this.plans, candidates: this.candidates, maxFileSize: job.config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE });
      this.resolvers.set(key, resolver);
    }
    return resolver;
  }
}

/** Lints files, folders and globs as the CLI does, in this process. Throws UsageError or ConfigError. */
export async function lintFiles(targets: readonly string[], options: LintFilesOptions = {}): Promise<LintFilesResult> {
  const jobs = await planJobs(targets, options);
  const linter = new JobLinter(options, jobs.map((j) => j.path));
  const outcome: LintFilesResult = { results: [], notPlans: [], unreadable: [] };
  for (const job of jobs) {
    const result = linter.lint(job);
    if (result.kind === 'linted') {
      const { linked } = result;
      const linted: FileLintResult = { path: result.path, document: linked.document, diagnostics: result.diagnostics, linked };
      if (linked.framework) linted.framework = linked.framework;
      linted.asOf = linked.reviewDate;
      outcome.results.push(linted);
    } else if (result.kind === 'unreadable') outcome.unreadable.push({ path: result.path, reason: result.reason });
    else if (result.explicit) outcome.notPlans.push(result.path);
  }
  return outcome;
}

function selectedBy(config: Config, file: string): boolean {
  const relative = path.relative(config.dir, file).split(path.sep).join('/');
  if (config.include.length > 0 && !picomatch.isMatch(relative, config.include, { dot: true })) return false;
  return !(config.exclude.length > 0 && picomatch.isMatch(relative, config.exclude, { dot: true }));
}
