import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(new URL('../../..', import.meta.url).pathname);
export const CPLAN = path.join(REPO_ROOT, 'bin', 'cplan.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as a separate process. */
export function cplan(args: string[], cwd = REPO_ROOT, env: Record<string, string> = {}): RunResult {
  const result = spawnSync(process.execPath, [CPLAN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A throwaway folder with the given files; returns its path. */
export function tempTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-test-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

export function example(name: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, 'examples', name), 'utf8');
}
