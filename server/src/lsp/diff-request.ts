import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { LinkedFile } from '../service/features/linked-file.js';
import { diffPairs, type FileDiff } from '../node/plan-versions.js';

/** `cplan/diff`: the open document against an older version, given as text or as a git revision (default `HEAD`). */
export interface DiffParams {
  uri: string;
  /** The old version's text; when absent, the file at `base` in git. */
  oldText?: string;
  base?: string;
}

/**
 * The JSON contract of `cplan diff` (docs/diff.md) for one document, its lines 1-based as there: the buffer as it
 * is now is the new version, so that an editor can show what an edit changed before it is saved.
 */
export function diffOfDocument(file: LinkedFile, params: DiffParams, asOf?: number): FileDiff {
  const filePath = file.path;
  const oldText = params.oldText ?? gitVersion(filePath, params.base ?? 'HEAD');
  const [result] = diffPairs([{ oldName: `${path.basename(filePath)} (${params.oldText === undefined ? params.base ?? 'HEAD' : 'given'})`, newName: path.basename(filePath), oldPath: filePath, newPath: filePath, oldText, newText: file.document.text }], { cwd: path.dirname(filePath), asOf });
  return result ?? { old: null, new: null, changes: [] };
}

function gitVersion(filePath: string, base: string): string {
  const folder = path.dirname(filePath);
  try {
    const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    const relative = path.relative(root, filePath).split(path.sep).join('/');
    return execFileSync('git', ['show', `${base}:${relative}`], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const why = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n')[0];
    throw new ResponseError(ErrorCodes.InvalidParams, `No version of ${path.basename(filePath)} at \`${base}\` in git: ${why}`);
  }
}
