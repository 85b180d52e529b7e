import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { REPO_ROOT } from './cli.js';

export interface GoldenCase {
  /** The golden JSON file. */
  file: string;
  /** What the test produced; compared as the JSON it serialises to. */
  actual: unknown;
}

/** CI (CI=true, as .ci/run and hosted CI set it) never rewrites a golden: one changes only in a reviewed commit. */
function inCi(): boolean {
  const ci = process.env.CI?.toLowerCase();
  return !!ci && ci !== 'false' && ci !== '0';
}

/**
 * Compares each value with its golden file. With UPDATE_GOLDEN (refused in CI) the goldens that differ are
 * rewritten and the test fails with "golden rewritten, review the diff": a rewrite is never reported as a pass,
 * since it compared nothing.
 */
export function matchGoldens(cases: GoldenCase[]): void {
  const update = !!process.env.UPDATE_GOLDEN;
  if (update && inCi()) {
    throw new Error('UPDATE_GOLDEN is refused in CI (CI=true): a golden file changes only in a reviewed commit. Regenerate it locally with UPDATE_GOLDEN=1, review the diff and commit it with the change that causes it.');
  }
  const rewritten: string[] = [];
  for (const { file, actual } of cases) {
    const name = path.relative(REPO_ROOT, file);
    const produced: unknown = JSON.parse(JSON.stringify(actual));
    const golden: unknown = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
    if (!update) {
      assert.ok(golden !== undefined, `${name} does not exist: create it with UPDATE_GOLDEN=1 and review it`);
      assert.deepEqual(produced, golden, `${name} differs from what the test produced (UPDATE_GOLDEN=1 rewrites it, outside CI)`);
    } else if (!isDeepStrictEqual(produced, golden)) {
      fs.writeFileSync(file, JSON.stringify(produced, null, 2) + '\n');
      rewritten.push(name);
    }
  }
  if (rewritten.length) throw new Error(`golden rewritten, review the diff: git diff -- ${rewritten.join(' ')}`);
}
