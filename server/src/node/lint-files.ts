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
import { HEAD_BYTES, discover, gitRootOf, isInside, readHead, UsageError, type FileTarget } from './files.js';
import { FrameworkResolver } from './frameworks.js';

export interface LintFilesOptions {
  cwd?: string;
  /** Review date overriding each file's `as_of`. */
  asOf?: Day;
  /** Severity overrides applied over the config's. */
  rules?: Record<string, RuleSetting>;
  /** A config file to use instead of finding `.cplanrc.yaml` upwards from each file. */
  configFile?: string;
  /** False: suppression comments in the files are ignored (`--no-inline-config`). */
  inlineConfig?: boolean;
  /**
   * Files named on the command line are taken as if found in a folder (`--only-plans`): one the config's
   * include/exclude leaves out, or that is not a plan or framework, is skipped without a word.
   */
  namedAsFound?: boolean;
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
  /** Folders inside the tree that could not be read, and were skipped. */
  skippedFolders: { path: string; reason: string }[];
  /** Folders and globs in which no plan or framework was found, each with why: an error, as in ESLint. */
  emptyPatterns: EmptyPattern[];
}

export interface EmptyPattern {
  arg: string;
  /** One line: what was looked for, where, and why nothing was found. */
  message: string;
}

/** One file to lint, with the config that governs it; plain data, so it can be sent to a worker. */
export interface LintJob {
  path: string;
  explicit: boolean;
  config: Config;
  /** The folders framework paths must stay inside. */
  roots: string[];
  /** The text to lint instead of the file's (`--stdin`): the file need not exist. */
  text?: string;
}

/** The jobs of a run, and what each folder or glob of it selected. */
export interface LintPlan {
  jobs: LintJob[];
  /** Folders and globs with the indices of their jobs; a file named explicitly is not among them. */
  patterns: { arg: string; glob: boolean; jobs: number[] }[];
  skippedFolders: { path: string; reason: string }[];
}

export type JobOutcome =
  | { kind: 'linted'; path: string; linked: Linked; diagnostics: Diagnostic[] }
  | { kind: 'not-plan'; path: string; explicit: boolean }
  | { kind: 'unreadable'; path: string; reason: string };

/** Finds the files to lint and the config of each. Throws UsageError or ConfigError, also for a folder or glob that selects no file. */
export async function planJobs(targets: readonly string[], options: LintFilesOptions = {}): Promise<LintPlan> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const discovery = await discover(targets, cwd);
  const finder = new ConfigFinder();
  const configs = new Map<string, Config>();
  const explicitConfig = options.configFile ? readConfig(path.resolve(cwd, options.configFile)) : undefined;
  const jobs: LintJob[] = [];
  const jobOf = new Map<string, number>();
  for (const target of discovery.files) {
    const config = explicitConfig ?? configOf(target, finder, configs);
    const explicit = target.explicit && !options.namedAsFound;
    if (!explicit && !selectedBy(config, target.path)) continue;
    jobOf.set(target.path, jobs.length);
    jobs.push({ path: target.path, explicit, config, roots: workspaceRoots(target, config, cwd) });
  }
  const patterns = discovery.patterns.map((p) => ({ arg: p.arg, glob: p.glob, jobs: p.files.filter((f) => jobOf.has(f)).map((f) => jobOf.get(f)!) }));
  for (const [i, pattern] of patterns.entries()) {
    const { found, files } = discovery.patterns[i];
    if (pattern.jobs.length > 0) continue;
    const by = files.length === 0 ? '.gitignore' : files.length === found ? "the config's include/exclude" : ".gitignore or the config's include/exclude";
    const why = found === 0 ? (pattern.glob ? 'no file matches it' : 'it holds no Markdown files') : `${markdownFiles(found, 'its')} ${found === 1 ? 'is' : 'are'} ignored by ${by}`;
    throw new UsageError(emptyPatternMessage(pattern, why, targets.length === 0));
  }
  return { jobs, patterns, skippedFolders: discovery.skippedFolders };
}

/** The `.cplanrc.yaml` that governs a file (read once per run), or an empty config rooted at its git root. */
function configOf(target: FileTarget, finder: ConfigFinder, configs: Map<string, Config>): Config {
  const found = finder.find(path.dirname(target.path));
  if (!found) return emptyConfig(gitRootOf(path.dirname(target.path)) ?? target.base);
  const config = configs.get(found) ?? readConfig(found, true);
  configs.set(found, config);
  return config;
}

/** A job for text from stdin that stands for `filePath` (`--stdin-filename`): that file's config, roots and frameworks apply. */
export function stdinJob(filePath: string, text: string, options: LintFilesOptions = {}): LintJob {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const target: FileTarget = { path: path.resolve(cwd, filePath), explicit: true, base: path.dirname(path.resolve(cwd, filePath)) };
  const config = options.configFile ? readConfig(path.resolve(cwd, options.configFile)) : configOf(target, new ConfigFinder(), new Map());
  return { path: target.path, explicit: true, config, roots: workspaceRoots(target, config, cwd), text };
}

/**
 * Where a relative framework path may lead: the folder named on the command line (or the file's own folder),
 * the config's folder and the git root; with neither of those, also the current folder when the file is in it.
 * Never a folder the file is not in: that refused every `./framework.md` of a run on a folder elsewhere.
 */
function workspaceRoots(target: FileTarget, config: Config, cwd: string): string[] {
  const roots = [target.base];
  if (config.path) roots.push(config.dir);
  const git = gitRootOf(path.dirname(target.path));
  if (git) roots.push(git);
  if (!config.path && !git && isInside(target.path, cwd)) roots.push(cwd);
  return [...new Set(roots)];
}

/** Folders and globs none of whose files was a plan or framework; `counts` says which jobs were (or could not be read, which is reported already). */
export function emptyPatterns(plan: LintPlan, counts: (job: number) => boolean, noTargets: boolean): EmptyPattern[] {
  return plan.patterns
    .filter((p) => !p.jobs.some(counts))
    .map((p) => ({ arg: p.arg, message: emptyPatternMessage(p, `none of ${markdownFiles(p.jobs.length, 'its')} has \`kind: commissioning-plan\` or \`kind: commissioning-framework\` in its front matter`, noTargets) }));
}

function emptyPatternMessage(pattern: { arg: string; glob: boolean }, why: string, noTargets: boolean): string {
  const where = noTargets ? 'found in the current folder' : pattern.glob ? `match \`${pattern.arg}\`` : `found in \`${pattern.arg}\``;
  return `no commissioning plans or frameworks ${where}: ${why}`;
}

function markdownFiles(count: number, owner: string): string {
  return `${owner} ${count} Markdown file${count === 1 ? '' : 's'}`;
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
      if (job.text !== undefined) {
        const size = Buffer.byteLength(job.text);
        document = size > limit ? oversizeDocument(job.path, job.text.slice(0, HEAD_BYTES), size, limit) : parsePlanDocument(job.path, job.text);
      } else {
        const size = fs.statSync(job.path).size;
        document = size > limit ? oversizeDocument(job.path, readHead(job.path), size, limit) : parsePlanDocument(job.path, fs.readFileSync(job.path, 'utf8'));
      }
    } catch (error) {
      return { kind: 'unreadable', path: job.path, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
    }
    if (!document.kind) return { kind: 'not-plan', path: job.path, explicit: job.explicit };
    if (document.kind === 'framework') this.frameworks.set(job.path, document);
    else this.plans.add(job.path);
    const linked = linkDocument(document, {
      resolveFramework: (reference, planPath) => this.resolverFor(job).resolve(reference, planPath),
      settings: () => ({ asOf: this.options.asOf, defaultAsOf: job.config.asOf, rules: { ...job.config.rules, ...this.options.rules }, progress: job.config.progress, inlineConfig: this.options.inlineConfig }),
      today: todayDay,
    });
    return { kind: 'linted', path: job.path, linked, diagnostics: lintDocument(linked) };
  }

  private resolverFor(job: LintJob): FrameworkResolver {
    const key = `${job.roots.join('\n')}\n\n${job.config.path ?? ''}`;
    let resolver = this.resolvers.get(key);
    if (!resolver) {
      resolver = new FrameworkResolver({ roots: job.roots, folders: job.config.frameworks, documents: this.frameworks, notFrameworks: this.plans, candidates: this.candidates, maxFileSize: job.config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE });
      this.resolvers.set(key, resolver);
    }
    return resolver;
  }
}

/** Lints files, folders and globs as the CLI does, in this process. Throws UsageError or ConfigError. */
export async function lintFiles(targets: readonly string[], options: LintFilesOptions = {}): Promise<LintFilesResult> {
  const plan = await planJobs(targets, options);
  const linter = new JobLinter(options, plan.jobs.map((j) => j.path));
  const outcome: LintFilesResult = { results: [], notPlans: [], unreadable: [], skippedFolders: plan.skippedFolders, emptyPatterns: [] };
  const counted = new Set<number>();
  for (const [i, job] of plan.jobs.entries()) {
    const result = linter.lint(job);
    if (result.kind !== 'not-plan') counted.add(i);
    if (result.kind === 'linted') {
      const { linked } = result;
      const linted: FileLintResult = { path: result.path, document: linked.document, diagnostics: result.diagnostics, linked };
      if (linked.framework) linted.framework = linked.framework;
      linted.asOf = linked.reviewDate;
      outcome.results.push(linted);
    } else if (result.kind === 'unreadable') outcome.unreadable.push({ path: result.path, reason: result.reason });
    else if (result.explicit) outcome.notPlans.push(result.path);
  }
  outcome.emptyPatterns = emptyPatterns(plan, (i) => counted.has(i), targets.length === 0);
  return outcome;
}

function selectedBy(config: Config, file: string): boolean {
  const relative = path.relative(config.dir, file).split(path.sep).join('/');
  if (config.include.length > 0 && !picomatch.isMatch(relative, config.include, { dot: true })) return false;
  return !(config.exclude.length > 0 && picomatch.isMatch(relative, config.exclude, { dot: true }));
}
