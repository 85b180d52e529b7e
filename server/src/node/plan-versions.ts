/**
 * The two versions `cplan diff` compares: two files, or every plan and framework that changed between a git
 * revision and the work tree (or another revision), each linked with the framework of its own version and
 * linted, so that the core's diff sees what a reviewer would have seen of each.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlanDocument, sniffKind } from '../core/document.js';
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
  // One resolver per version and config: each framework file is read and parsed once per version, not per plan.
  const oldSide = new Linker(options, oldFrameworks);
  const newSide = new Linker(options, new Map());
  for (const pair of pairs) {
    const before = pair.oldText !== undefined ? oldSide.side(pair.oldPath!, pair.oldText) : undefined;
    const after = pair.newText !== undefined ? newSide.side(pair.newPath!, pair.newText) : undefined;
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

class Linker {
  private readonly resolvers = new Map<string, FrameworkResolver>();

  constructor(private readonly options: DiffRunOptions, private readonly frameworks: ReadonlyMap<string, PlanDocument>) {}

  side(filePath: string, text: string): Side {
    const { options } = this;
    const job = stdinJob(filePath, text, { cwd: options.cwd, configFile: options.configFile });
    const document = parsePlanDocument(job.path, text);
    const key = `${job.roots.join('\n')}\n\n${job.config.path ?? ''}`;
    let resolver = this.resolvers.get(key);
    if (!resolver) this.resolvers.set(key, (resolver = new FrameworkResolver({ roots: job.roots, folders: job.config.frameworks, documents: this.frameworks, maxFileSize: job.config.maxFileSize })));
    const linked = linkDocument(document, {
      resolveFramework: (reference, planPath) => resolver.resolve(reference, planPath),
      settings: () => ({ asOf: options.asOf, defaultAsOf: job.config.asOf, rules: job.config.rules, progress: job.config.progress }),
      today: todayDay,
    });
    return { job, linked, findings: document.kind ? lintDocument(linked) : [] };
  }
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

/** Reads many `rev:path` blobs through one `git cat-file --batch`, not a `git show` process per file. */
function readBlobs(root: string, specs: readonly string[]): Map<string, string> {
  const texts = new Map<string, string>();
  if (!specs.length) return texts;
  let output: Buffer;
  try {
    output = execFileSync('git', ['cat-file', '--batch'], { cwd: root, input: `${specs.join('\n')}\n`, maxBuffer: 1024 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    throw new UsageError(`git cat-file --batch: ${String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim().split('\n')[0]}`);
  }
  let at = 0;
  for (const spec of specs) {
    const eol = output.indexOf(10, at);
    const header = output.subarray(at, eol).toString('utf8');
    at = eol + 1;
    const size = /^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1];
    if (size === undefined) throw new UsageError(`git has no file ${spec} (${header})`);
    texts.set(spec, output.subarray(at, at + Number(size)).toString('utf8'));
    at += Number(size) + 1;
  }
  return texts;
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
  const markdown = entries.filter((e) => [e.from, e.to].some((f) => f?.toLowerCase().endsWith('.md')));
  const blobs = readBlobs(root, [...markdown.flatMap((e) => (e.from ? [`${base}:${e.from}`] : [])), ...(head ? markdown.flatMap((e) => (e.to ? [`${head}:${e.to}`] : [])) : [])]);
  const show = (rev: string, file: string) => blobs.get(`${rev}:${file}`)!;
  const readNew = (file: string) => (head ? show(head, file) : fs.readFileSync(path.join(root, file), 'utf8'));
  const shown = (file: string) => path.relative(cwd, path.join(root, file)) || file;
  const pairs: VersionPair[] = [];
  const oldFrameworks = new Map<string, PlanDocument>();
  for (const entry of markdown) {
    const pair: VersionPair = {};
    if (entry.from) {
      pair.oldName = shown(entry.from);
      pair.oldPath = path.join(root, entry.from);
      pair.oldText = show(base, entry.from);
      // Only a framework's old version is needed whole here, to link the plans that use it.
      if (sniffKind(pair.oldText) === 'framework') oldFrameworks.set(pair.oldPath, parsePlanDocument(pair.oldPath, pair.oldText));
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
