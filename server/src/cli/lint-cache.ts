import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sniffKind } from '../core/document.js';
import type { Linked } from '../core/link.js';
import { todayDay, type Day } from '../core/periods.js';
import { BUILTIN_PREFIX } from '../core/builtin/index.js';
import { RULES } from '../core/rules/index.js';
import { writeFileReplacing } from '../node/files.js';
import type { LintFilesOptions, LintJob } from '../node/lint-files.js';
import type { ReportOutcome } from './parallel.js';
import { VERSION } from '../version.js';

/** `--cache` without `--cache-location`: in the current folder, as ESLint's `.eslintcache`. */
export const DEFAULT_CACHE_FILE = '.cplancache';
/** Bumped when the layout of the file changes: an older file is then read as empty. */
const FORMAT = 1;

/**
 * What a lint result depended on besides its file, its config and the run's options, found out while linting:
 * the framework file it named (or the frameworks it looked through by id) and, when no review date was set
 * anywhere, the day of the clock it was judged on.
 */
export interface LintInputs {
  framework?: { by: 'path'; file: string } | { by: 'id' };
  today?: Day;
}

type CachedOutcome = { kind: 'linted'; report: Extract<ReportOutcome, { kind: 'linted' }>['report'] } | { kind: 'not-plan' };

interface Entry {
  key: string;
  inputs: LintInputs;
  /** The hash of the frameworks `inputs` names, as they were. */
  frameworks: string;
  outcome: CachedOutcome;
}

interface CacheFile {
  format: number;
  entries: Record<string, Entry>;
}

/** What a result read from the linked document depends on; plain data, so a worker can send it back. */
export function inputsOf(linked: Linked): LintInputs {
  const { document, settings } = linked;
  const inputs: LintInputs = {};
  const reference = document.kind === 'plan' ? document.frontMatter?.framework?.value : undefined;
  // A built-in framework is part of cplan itself, which the cache's identity covers.
  if (reference && !reference.startsWith(BUILTIN_PREFIX)) {
    const byPath = reference.includes('/') || reference.includes('\\') || reference.endsWith('.md');
    inputs.framework = byPath ? { by: 'path', file: path.resolve(path.dirname(document.path), reference) } : { by: 'id' };
  }
  // The same order as the link's: with none of these set, the review date was today's.
  if (settings.asOf === undefined && document.frontMatter?.asOf?.day === undefined && settings.defaultAsOf === undefined) inputs.today = linked.reviewDate;
  return inputs;
}

const hash = (...parts: (string | Buffer)[]) => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part).update('\0');
  return h.digest('hex');
};

/**
 * `cplan lint --cache`: results kept by the hash of everything they depend on, as `eslint --cache` keeps them.
 * A job is served from the file when its text, its config, its roots, the run's options and cplan itself are
 * the same, the frameworks it used are unchanged and, if it was judged on today's date, it still is that day.
 * A file that cannot be read or parsed is treated as empty and rewritten.
 */
export class LintCache {
  private readonly entries: Record<string, Entry>;
  private readonly fresh: Record<string, Entry> = {};
  private readonly identity: string;
  private readonly files = new Map<string, { hash: string; framework: boolean } | null>();
  private readonly scopes = new Map<string, string>();
  private candidates: readonly string[] = [];

  private constructor(readonly location: string, entries: Record<string, Entry>, bundle: string | undefined) {
    this.entries = entries;
    const rules = RULES.map((r) => `${r.id}=${r.defaultSeverity}`).join(',');
    this.identity = hash(VERSION, rules, bundle ?? '');
  }

  /** Reads the cache at `location`; `bundle` is the running cplan's code, so a rebuilt cplan starts afresh. */
  static open(location: string, bundle?: URL): LintCache {
    let entries: Record<string, Entry> = {};
    try {
      const data = JSON.parse(fs.readFileSync(location, 'utf8')) as CacheFile;
      if (data && data.format === FORMAT && typeof data.entries === 'object' && data.entries !== null) entries = data.entries;
    } catch {
      // Missing, unreadable or not ours: start empty; save() writes a good one over it.
    }
    let code: string | undefined;
    try {
      code = bundle ? hash(fs.readFileSync(bundle)) : undefined;
    } catch {
      code = undefined;
    }
    return new LintCache(location, entries, code);
  }

  /**
   * Serves what it can from the cache and lints the rest with `lint` (given the jobs missed, in order), then
   * keeps their results. Text from stdin is never cached.
   */
  async run(jobs: readonly LintJob[], options: LintFilesOptions, quiet: boolean, lint: (missed: LintJob[]) => Promise<ReportOutcome[]>): Promise<ReportOutcome[]> {
    this.candidates = jobs.map((j) => j.path);
    const results: ReportOutcome[] = new Array(jobs.length);
    const missed: number[] = [];
    const keys: (string | undefined)[] = jobs.map((job) => this.keyOf(job, options, quiet));
    for (const [i, job] of jobs.entries()) {
      const hit = keys[i] === undefined ? undefined : this.lookup(job, keys[i]!);
      if (hit) results[i] = hit;
      else missed.push(i);
    }
    const linted = missed.length ? await lint(missed.map((i) => jobs[i])) : [];
    for (const [n, i] of missed.entries()) {
      const outcome = linted[n];
      results[i] = outcome;
      const key = keys[i];
      if (key === undefined || outcome.kind === 'unreadable') continue;
      const inputs = outcome.kind === 'linted' ? (outcome.inputs ?? {}) : {};
      this.fresh[jobs[i].path] = {
        key,
        inputs,
        frameworks: this.frameworksHash(inputs, jobs[i]),
        outcome: outcome.kind === 'linted' ? { kind: 'linted', report: outcome.report } : { kind: 'not-plan' },
      };
    }
    return results.map((r) => (r.kind === 'linted' ? { kind: r.kind, path: r.path, report: r.report } : r));
  }

  /** Writes the cache: this run's entries, and those of earlier runs for files that still exist. */
  save(): { ok: true } | { ok: false; reason: string } {
    const entries: Record<string, Entry> = {};
    for (const [file, entry] of Object.entries(this.entries)) if (!(file in this.fresh) && fs.existsSync(file)) entries[file] = entry;
    Object.assign(entries, this.fresh);
    try {
      fs.mkdirSync(path.dirname(this.location), { recursive: true });
      writeFileReplacing(this.location, JSON.stringify({ format: FORMAT, entries } satisfies CacheFile), this.location);
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
    }
  }

  private lookup(job: LintJob, key: string): ReportOutcome | undefined {
    const entry = Object.hasOwn(this.entries, job.path) ? this.entries[job.path] : undefined;
    if (!entry || entry.key !== key || typeof entry.outcome !== 'object' || entry.outcome === null) return undefined;
    if (entry.inputs?.today !== undefined && entry.inputs.today !== todayDay()) return undefined;
    if (this.frameworksHash(entry.inputs ?? {}, job) !== entry.frameworks) return undefined;
    this.fresh[job.path] = entry;
    if (entry.outcome.kind === 'not-plan') return { kind: 'not-plan', path: job.path, explicit: job.explicit };
    if (entry.outcome.kind !== 'linted' || !Array.isArray(entry.outcome.report?.messages)) return undefined;
    return { kind: 'linted', path: job.path, report: { ...entry.outcome.report, filePath: job.path } };
  }

  private keyOf(job: LintJob, options: LintFilesOptions, quiet: boolean): string | undefined {
    if (job.text !== undefined) return undefined;
    const content = this.file(job.path);
    if (!content) return undefined;
    const run = { asOf: options.asOf, rules: options.rules, inlineConfig: options.inlineConfig, quiet };
    return hash(this.identity, job.path, JSON.stringify(job.config), JSON.stringify(job.roots), JSON.stringify(run), content.hash);
  }

  /** The hash and kind of a file's content, read once per run; null when it cannot be read. */
  private file(file: string): { hash: string; framework: boolean } | null {
    let known = this.files.get(file);
    if (known !== undefined) return known;
    try {
      const bytes = fs.readFileSync(file);
      known = { hash: hash(bytes), framework: sniffKind(bytes.subarray(0, 64 * 1024).toString('utf8')) === 'framework' };
    } catch {
      known = null;
    }
    this.files.set(file, known);
    return known;
  }

  /**
   * The frameworks a result depended on. A framework named by path is that one file (or its absence). One named
   * by id may be any framework of the run or of the config's framework folders, so all of them count: changing
   * any of them re-lints the plans that name a framework by id, which is coarser than needed but never stale.
   */
  private frameworksHash(inputs: LintInputs, job: LintJob): string {
    const framework = inputs.framework;
    if (!framework) return '';
    if (framework.by === 'path') return this.file(framework.file)?.hash ?? 'missing';
    const scope = job.config.frameworks.join('\n');
    let known = this.scopes.get(scope);
    if (known !== undefined) return known;
    const parts: string[] = [];
    const add = (file: string) => {
      const content = this.file(file);
      if (content?.framework) parts.push(file, content.hash);
    };
    this.candidates.forEach(add);
    for (const folder of job.config.frameworks) {
      let names: string[] = [];
      try {
        names = fs.readdirSync(folder).filter((n) => n.endsWith('.md')).sort();
      } catch {
        parts.push(folder, 'unreadable');
      }
      for (const name of names) add(path.join(folder, name));
    }
    known = hash(...parts);
    this.scopes.set(scope, known);
    return known;
  }
}

/** Where `--cache-location` puts the cache: a folder (existing, or written with a trailing slash) gets `.cplancache` in it. */
export function cacheFileAt(cwd: string, location: string | undefined): string {
  if (location === undefined) return path.resolve(cwd, DEFAULT_CACHE_FILE);
  const target = path.resolve(cwd, location);
  let folder = /[\\/]$/.test(location);
  try {
    folder ||= fs.statSync(target).isDirectory();
  } catch {
    // Not there yet (or not reachable): a file, written or warned about at the end of the run.
  }
  return folder ? path.join(target, DEFAULT_CACHE_FILE) : target;
}
