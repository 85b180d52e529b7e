import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

export interface FileTarget {
  path: string;
  /** Named on the command line rather than found by walking a folder or a glob. */
  explicit: boolean;
  /** The folder named on the command line, a glob's fixed start, or a named file's folder: the workspace of a run with no config or git repository. */
  base: string;
}

export class UsageError extends Error {}

const GLOB_CHARS = /[*?[\]{}!]/;
const ALWAYS_SKIPPED = ['**/node_modules/**', '**/.git/**'];

/** The nearest folder upwards holding `.git`, or undefined. */
export function gitRootOf(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Applies every `.gitignore` between a top folder and each file, as git does. */
export class GitIgnores {
  private readonly byDir = new Map<string, Ignore | null>();

  ignored(file: string, top: string): boolean {
    const dirs: string[] = [];
    for (let dir = path.dirname(file); isInside(dir, top); dir = path.dirname(dir)) {
      dirs.push(dir);
      if (dir === top || path.dirname(dir) === dir) break;
    }
    for (const dir of dirs) {
      const rules = this.rulesOf(dir);
      if (rules && rules.ignores(path.relative(dir, file).split(path.sep).join('/'))) return true;
    }
    return false;
  }

  private rulesOf(dir: string): Ignore | null {
    let rules = this.byDir.get(dir);
    if (rules === undefined) {
      const file = path.join(dir, '.gitignore');
      rules = fs.existsSync(file) ? ignore().add(fs.readFileSync(file, 'utf8')) : null;
      this.byDir.set(dir, rules);
    }
    return rules;
  }
}

/** Whether `child` is `parent` or lies below it. */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** What the folders and globs of a run found. */
export interface Discovery {
  files: FileTarget[];
  /** Each folder or glob argument (`.` when there were none), with the Markdown files it matched. */
  patterns: PatternMatch[];
  /** Folders inside the tree that could not be read, and were skipped. */
  skippedFolders: { path: string; reason: string }[];
}

export interface PatternMatch {
  arg: string;
  glob: boolean;
  /** Markdown files it matched, git-ignored ones included. */
  found: number;
  /** The files it matched that git does not ignore. */
  files: string[];
}

/** Turns command-line paths, folders and globs into Markdown files; folders skip node_modules and git-ignored files. */
export async function discoverFiles(args: readonly string[], cwd: string): Promise<FileTarget[]> {
  return (await discover(args, cwd)).files;
}

/** As discoverFiles, keeping what each argument matched and the folders that could not be read. */
export async function discover(args: readonly string[], cwd: string): Promise<Discovery> {
  const found = new Map<string, FileTarget>();
  const ignores = new GitIgnores();
  const patterns: PatternMatch[] = [];
  const skippedFolders: Discovery['skippedFolders'] = [];
  const walk = async (pattern: string, from: string) => {
    const unreadable: Discovery['skippedFolders'] = [];
    const files = await fg(pattern, { cwd: from, absolute: true, ignore: ALWAYS_SKIPPED, onlyFiles: true, followSymbolicLinks: false, dot: false, suppressErrors: true, fs: { readdir: recordingReaddir(unreadable) } });
    return { files: files.map((f) => path.normalize(f)), unreadable };
  };
  for (const arg of args.length ? args : ['.']) {
    const absolute = path.resolve(cwd, arg);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(absolute);
    } catch {
      stat = undefined;
    }
    if (stat?.isFile()) {
      if (!found.has(absolute)) found.set(absolute, { path: absolute, explicit: true, base: path.dirname(absolute) });
      else found.get(absolute)!.explicit = true;
      continue;
    }
    const glob = !stat?.isDirectory();
    if (glob && !GLOB_CHARS.test(arg)) throw new UsageError(`no such file or folder: ${arg}`);
    const { files, unreadable } = glob ? await walk(arg.split(path.sep).join('/'), cwd) : await walk('**/*.md', absolute);
    const named = unreadable.find((u) => u.path === absolute);
    if (named) throw new UsageError(`cannot read folder ${arg}: ${named.reason}`);
    skippedFolders.push(...unreadable.filter((u) => !skippedFolders.some((s) => s.path === u.path)));
    const base = glob ? path.resolve(cwd, picomatch.scan(arg.split(path.sep).join('/')).base) : absolute;
    const top = gitRootOf(glob ? cwd : absolute) ?? (glob ? cwd : absolute);
    const kept = files.filter((file) => found.has(file) || !ignores.ignored(file, top));
    for (const file of kept) if (!found.has(file)) found.set(file, { path: file, explicit: false, base });
    patterns.push({ arg, glob, found: files.length, files: kept });
  }
  const files = [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, patterns, skippedFolders };
}

/** `fs.readdir` for fast-glob that notes the folders it cannot read: fast-glob either throws on the first or hides them all. */
function recordingReaddir(unreadable: { path: string; reason: string }[]): typeof fs.readdir {
  return ((dir: fs.PathLike, ...rest: unknown[]) => {
    const callback = rest.pop() as (error: NodeJS.ErrnoException | null, entries: unknown) => void;
    const onRead = (error: NodeJS.ErrnoException | null, entries: unknown) => {
      if (error && error.code !== 'ENOENT') unreadable.push({ path: path.normalize(String(dir)), reason: error.code ?? error.message });
      callback(error, entries);
    };
    (fs.readdir as (...args: unknown[]) => void)(dir, ...rest, onRead);
  }) as typeof fs.readdir;
}

export const HEAD_BYTES = 64 * 1024;

/** The first 64 KB of a file: enough to see the front matter of a file too large to parse. */
export function readHead(file: string): string {
  const handle = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const read = fs.readSync(handle, buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    fs.closeSync(handle);
  }
}

/**
 * Writes a temporary file beside the target and renames it into place, so that a failed write leaves the old
 * file whole. In place only where that cannot be done: a device or pipe (`--out /dev/null`), which a rename
 * would replace with a plain file, or a writable file in a folder that is not.
 */
export function writeFileReplacing(target: string, text: string | Uint8Array, shown: string): void {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    const existing = fs.statSync(target, { throwIfNoEntry: false });
    if (existing && !existing.isFile()) return fs.writeFileSync(target, text);
    try {
      fs.writeFileSync(temporary, text, { flag: 'wx' });
    } catch (error) {
      if (existing && ['EACCES', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) return fs.writeFileSync(target, text);
      throw error;
    }
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new UsageError(`cannot write ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
