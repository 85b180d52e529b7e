/**
 * The two versions `cplan diff` compares: two files, or every plan and framework that changed between a git
 * revision and the work tree (or another revision), each linked with the framework of its own version and
 * linted, so that the core's diff sees what a reviewer would have seen of each.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlanDocument } from '../core/document.js';
import { diffDocuments, type Change, type DiffSide } from '../core/diff/index.js';
import type { ChangeSeverity } from '../core/diff/severity.js';
import { linkDocument } from '../core/link.js';
import { lintDocument } from '../core/lint.js';
import type { PlanDocument } from '../core/model.js';
import { todayDay, type Day } from '../core/periods.js';
import { UsageError } from './files.js';
import { FrameworkResolver } from './frameworks.js';
import { stdinJob, type LintJob } from './lint-files.js';

/** One file's two versions; a side is missing for a file added or deleted. */
export interface VersionPair {
  /** Paths as shown: relative to the current folder for files, to the repository for git. */
  oldName?: string;
  newName?: string;
  /** Absolute paths the versions stand for (where their frameworks and config are looked up). */
  oldPath?: string;
  newPath?: string;
  oldText?: string;
  newText?: string;
}

export interface FileDiff {
  old: string | null;
  new: string | null;
  changes: Change[];
}

export interface DiffRunOptions {
  cwd: string;
  asOf?: Day;
  configFile?: string;
  /** Severities from the command line's config, by kind or gate (see core/diff/severity.ts). */
  severities?: Readonly<Record<string, ChangeSeverity>>;
}

/** Diffs each pair: both sides linked (old frameworks from `oldFrameworks` where a framework changed) and linted. */
export function diffPairs(pairs: readonly VersionPair[], options: DiffRunOptions, oldFrameworks: ReadonlyMap<string, PlanDocument> = new Map()): FileDiff[] {
  const results: FileDiff[] = [];
  for (const pair of pairs) {
    const before = pair.oldText !== undefined ? side(pair.oldPath!, pair.oldText, options, oldFrameworks) : undefined;
    const after = pair.newText !== undefined ? side(pair.newPath!, pair.newText, options, new Map()) : undefined;
    if (!before?.linked.document.kind && !after?.linked.document.kind) continue; // not a plan or framework in either version
    const config = (after ?? before)!.job.config;
    const severities = { ...(config.diff ?? {}), ...(options.severities ?? {}) };
    results.push({ old: pair.oldName ?? null, new: pair.newName ?? null, changes: changesOf(before, after, severities) });
  }
  return results;
}

function changesOf(before: Side | undefined, after: Side | undefined, severities: Record<string, ChangeSeverity>): Change[] {
  const whole = (s: Side, kind: 'added' | 'removed'): Change => ({
    kind, entity: 'plan', id: s.linked.document.frontMatter?.id?.value ?? path.basename(s.job.path), line: 1,
    severity: severities[kind] ?? (kind === 'removed' && s.linked.document.kind === 'plan' ? 'warning' : 'info'),
  });
  if (!before?.linked.document.kind) return [whole(after!, 'added')];
  if (!after?.linked.document.kind) return [whole(before, 'removed')];
  return diffDocuments(before, after, { severities });
}

interface Side extends DiffSide {
  job: LintJob;
}

function side(filePath: string, text: string, options: DiffRunOptions, frameworks: ReadonlyMap<string, PlanDocument>): Side {
  const job = stdinJob(filePath, text, { cwd: options.cwd, configFile: options.configFile });
  const document = parsePlanDocument(job.path, text);
  const resolver = new FrameworkResolver({ roots: job.roots, folders: job.config.frameworks, documents: frameworks, maxFileSize: job.config.maxFileSize });
  const linked = linkDocument(document, {
    resolveFramework: (reference, planPath) => resolver.resolve(reference, planPath),
    settings: () => ({ asOf: options.asOf, defaultAsOf: job.config.asOf, rules: job.config.rules, progress: job.config.progress }),
    today: todayDay,
  });
  return { job, linked, findings: document.kind ? lintDocument(linked) : [] };
}

/** Two files on disk. */
export function filePair(oldFile: string, newFile: string, cwd: string): VersionPair {
  const read = (file: string) => {
    try {
      return fs.readFileSync(path.resolve(cwd, file), 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  return { oldName: oldFile, newName: newFile, oldPath: path.resolve(cwd, oldFile), newPath: path.resolve(cwd, newFile), oldText: read(oldFile), newText: read(newFile) };
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer | string }).stderr ?? '').trim().split('\n')[0];
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError('cplan diff --base needs git, which is not installed or not on the PATH');
    throw new UsageError(`git ${args.join(' ')}: ${stderr || (error as Error).message}`);
  }
}

/**
 * Every Markdown file that changed between `base` and `head` (or the work tree, untracked files included),
 * renames followed, limited to `paths`; with the old versions of the frameworks among them, so that an
 * unchanged plan whose framework changed is compared too (old plan with old framework, against new with new).
 */
export function gitPairs(cwd: string, base: string, head: string | undefined, paths: readonly string[]): { pairs: VersionPair[]; oldFrameworks: Map<string, PlanDocument>; root: string } {
  const root = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  git(cwd, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
  if (head) git(cwd, ['rev-parse', '--verify', '--quiet', `${head}^{commit}`]);
  const scope = paths.length ? ['--', ...paths.map((p) => path.resolve(cwd, p))] : ['--', root];
  const status = git(cwd, ['diff', '--name-status', '-M', '-z', base, ...(head ? [head] : []), ...scope]).split('\0');
  const entries: { status: string; from?: string; to?: string }[] = [];
  for (let i = 0; i < status.length - 1;) {
    const code = status[i++];
    if (code.startsWith('R') || code.startsWith('C')) entries.push({ status: code[0], from: status[i++], to: status[i++] });
    else if (code === 'A') entries.push({ status: 'A', to: status[i++] });
    else if (code === 'D') entries.push({ status: 'D', from: status[i++] });
    else entries.push({ status: code, from: status[i], to: status[i++] });
  }
  if (!head) for (const file of git(cwd, ['ls-files', '--others', '--exclude-standard', '-z', ...scope]).split('\0').filter(Boolean)) entries.push({ status: 'A', to: path.relative(root, path.resolve(cwd, file)).split(path.sep).join('/') });
  const show = (rev: string, file: string) => git(root, ['show', `${rev}:${file}`]);
  const readNew = (file: string) => (head ? show(head, file) : fs.readFileSync(path.join(root, file), 'utf8'));
  const shown = (file: string) => path.relative(cwd, path.join(root, file)) || file;
  const pairs: VersionPair[] = [];
  const oldFrameworks = new Map<string, PlanDocument>();
  for (const entry of entries) {
    if (![entry.from, entry.to].some((f) => f?.toLowerCase().endsWith('.md'))) continue;
    const pair: VersionPair = {};
    if (entry.from) {
      pair.oldName = shown(entry.from);
      pair.oldPath = path.join(root, entry.from);
      pair.oldText = show(base, entry.from);
      const document = parsePlanDocument(pair.oldPath, pair.oldText);
      if (document.kind === 'framework') oldFrameworks.set(pair.oldPath, document);
    }
    if (entry.to) {
      pair.newName = shown(entry.to);
      pair.newPath = path.join(root, entry.to);
      pair.newText = readNew(entry.to);
    }
    pairs.push(pair);
  }
  // A plan that did not change but whose framework did: its old version is the same text with the old framework.
  if (oldFrameworks.size && !head) {
    const changed = new Set(pairs.flatMap((p) => [p.oldPath, p.newPath]).filter(Boolean));
    const tracked = git(root, ['ls-files', '-z', ...(paths.length ? scope : [])]).split('\0').filter((f) => f.toLowerCase().endsWith('.md'));
    for (const file of tracked) {
      const full = path.join(root, file);
      if (changed.has(full) || !fs.existsSync(full)) continue;
      const text = fs.readFileSync(full, 'utf8');
      const reference = /^framework:\s*(\S+)/m.exec(text)?.[1]?.replace(/^["']|["']$/g, '');
      if (!reference || !/\.md$/i.test(reference)) continue;
      if (!oldFrameworks.has(path.resolve(path.dirname(full), reference))) continue;
      pairs.push({ oldName: shown(file), newName: shown(file), oldPath: full, newPath: full, oldText: text, newText: text });
    }
  }
  return { pairs, oldFrameworks, root };
}
