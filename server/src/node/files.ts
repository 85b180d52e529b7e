import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';

export interface FileTarget {
  path: string;
  /** Named on the command line rather than found by walking a folder or a glob. */
  explicit: boolean;
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

/** Turns command-line paths, folders and globs into Markdown files; folders skip node_modules and git-ignored files. */
export async function discoverFiles(args: readonly string[], cwd: string): Promise<FileTarget[]> {
  const found = new Map<string, FileTarget>();
  const ignores = new GitIgnores();
  const addWalked = (file: string, top: string) => {
    if (!found.has(file) && !ignores.ignored(file, top)) found.set(file, { path: file, explicit: false });
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
      found.set(absolute, { path: absolute, explicit: true });
    } else if (stat?.isDirectory()) {
      const top = gitRootOf(absolute) ?? absolute;
      const files = await fg('**/*.md', { cwd: absolute, absolute: true, ignore: ALWAYS_SKIPPED, onlyFiles: true, followSymbolicLinks: false, dot: false });
      for (const file of files) addWalked(path.normalize(file), top);
    } else if (GLOB_CHARS.test(arg)) {
      const files = await fg(arg.split(path.sep).join('/'), { cwd, absolute: true, ignore: ALWAYS_SKIPPED, onlyFiles: true, followSymbolicLinks: false });
      const top = gitRootOf(cwd) ?? cwd;
      for (const file of files) addWalked(path.normalize(file), top);
    } else {
      throw new UsageError(`no such file or folder: ${arg}`);
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const HEAD_BYTES = 64 * 1024;

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
