import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ResponseError } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT, tempTree } from './helpers/cli.js';
import { LspClient } from './helpers/lsp.js';

const V11 = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'diff', 'ncl-adt-2025-26-v1.1.md'), 'utf8');
const V12 = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'diff', 'ncl-adt-2025-26-v1.2.md'), 'utf8');

interface Diff { old: string | null; new: string | null; changes: { kind: string; id: string; quarters?: number; line: number }[] }

describe('language server: cplan/diff (issue 18)', function () {
  this.timeout(60_000);
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it('diffs the open buffer against HEAD in git, against a given text, and says when git has no version', async () => {
    const root = tempTree({ 'plan.md': V11 });
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' };
    for (const args of [['init', '-q'], ['add', '.'], ['commit', '-q', '-m', 'approved']]) execFileSync('git', args, { cwd: root, env, stdio: 'pipe' });
    client = await LspClient.start({ root });
    // The edit is in the buffer only: the diff is of what the editor holds.
    const uri = await client.open('plan.md', V12);
    const fromGit = await client.request<Diff>('cplan/diff', { uri });
    const slips = fromGit.changes.filter((c) => c.kind === 'due-moved' && (c.quarters ?? 0) > 0).map((c) => [c.id, c.quarters]);
    assert.deepEqual(slips, [['WS1-M5', 1], ['WS2-M4', 2]]);
    assert.equal(V12.split('\n')[fromGit.changes.find((c) => c.id === 'WS2-M4')!.line - 1], '    due: Q4 2025/26', 'lines are 1-based in the buffer');
    const given = await client.request<Diff>('cplan/diff', { uri, oldText: V12 });
    assert.deepEqual(given.changes, [], 'against itself: nothing');
    await assert.rejects(client.request('cplan/diff', { uri, base: 'no-such-rev' }), (error: unknown) => error instanceof ResponseError && /No version of plan\.md at `no-such-rev`/.test(error.message));
  });
});
