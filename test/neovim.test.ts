import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './helpers/cli.js';
import { BUILTIN_FRAMEWORK_FILE, SERVER, exampleWorkspace } from './helpers/lsp.js';

const hasNeovim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs one of test/editors/*.lua in a headless Neovim on a file of a copy of examples/; its one line of JSON. */
function runNeovim(script: string, file: string, env: Record<string, string> = {}): unknown {
  const root = exampleWorkspace();
  const run = spawnSync('nvim', ['--headless', '--clean', '-u', path.join(REPO_ROOT, 'test/editors', script), file], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env, CPLAN_SERVER: SERVER, CPLAN_NODE: process.execPath, XDG_STATE_HOME: root, XDG_DATA_HOME: root, XDG_CACHE_HOME: root },
    timeout: 45_000,
  });
  const jsonLine = run.stdout.split('\n').find((line) => line.startsWith('[') || line.startsWith('{'));
  assert.equal(run.status, 0, `nvim failed: ${run.stderr}\n${run.stdout}`);
  assert.ok(jsonLine, `no JSON in: ${run.stdout}`);
  return JSON.parse(jsonLine);
}

describe('language server in Neovim (an independent LSP client)', function () {
  this.timeout(60_000);

  it('Neovim shows the diagnostics of an example plan at the same places as the CLI', function () {
    if (!hasNeovim) this.skip(); // .ci/run installs Debian's neovim, so CI always runs this
    const diagnostics = runNeovim('neovim-client.lua', 'ncl-adt-2025-26-with-problems.md') as { line: number; col: number; end_col: number; code: string; source: string; message: string }[];
    const golden = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test/golden/ncl-adt-2025-26-with-problems.json'), 'utf8')) as { ruleId: string; line: number; column: number }[];
    // Two findings at one place (a workstream's id) may come in either order: Neovim does not keep the server's order for ties.
    const byPlace = (a: [string, number, number], b: [string, number, number]) => a[1] - b[1] || a[2] - b[2] || a[0].localeCompare(b[0]);
    const shown = diagnostics.map((d): [string, number, number] => [d.code, d.line + 1, d.col + 1]).sort(byPlace);
    assert.deepEqual(shown, golden.map((g): [string, number, number] => [g.ruleId, g.line, g.column]).sort(byPlace));
    assert.ok(diagnostics.every((d) => d.source === 'cplan'));
  });

  it('go to definition on a built-in aim id opens the shipped framework file at the aim', function () {
    if (!hasNeovim) this.skip();
    const landed = runNeovim('neovim-definition.lua', 'ncl-adt-2025-26-with-problems.md', { CPLAN_TARGET: 'aims: \\[\\zsSA1' }) as { name: string; text: string; line: string };
    assert.equal(landed.name, BUILTIN_FRAMEWORK_FILE);
    assert.equal(landed.text, fs.readFileSync(BUILTIN_FRAMEWORK_FILE, 'utf8').replace(/\n$/, ''));
    assert.match(landed.line, /- id: SA1$/);
  });
});
