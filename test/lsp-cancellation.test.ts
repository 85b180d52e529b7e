import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { referencesWork, renameWork } from '../server/src/service/features/navigation.js';
import { runInSlices, runToEnd, type SlicedWork } from '../server/src/service/slices.js';
import { indexFolder } from './helpers/workspace.js';
import { LspClient, positionOf } from './helpers/lsp.js';

const FRAMEWORK = `---\nkind: commissioning-framework\nid: shared\ntitle: The shared framework\n---\n\n\`\`\`yaml aims\n- id: AIM1\n  title: The first aim\n\`\`\`\n`;

function plan(n: number): string {
  return `---\nkind: commissioning-plan\nid: plan-${n}\ntitle: Plan ${n}\norganisation: Alliance\nperiod: 2024/25-2025/26\nas_of: 2025-06-30\nframework: ./framework.md\naims: [AIM1]\n---\n\n\`\`\`yaml workstream\nid: WS1\ntitle: Work ${n}\naims: [AIM1]\n\`\`\`\n`;
}

function workspace(plans: number): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-cancel-')));
  fs.writeFileSync(path.join(root, 'framework.md'), FRAMEWORK);
  for (let n = 1; n <= plans; n++) fs.writeFileSync(path.join(root, `plan-${n}.md`), plan(n));
  return root;
}

/** Counts the steps a piece of sliced work takes. */
function counted<T>(work: SlicedWork<T>): { work: SlicedWork<T>; steps: () => number } {
  let steps = 0;
  function* wrap(): SlicedWork<T> {
    for (;;) {
      const step = work.next();
      if (step.done) return step.value;
      steps++;
      yield;
    }
  }
  return { work: wrap(), steps: () => steps };
}

describe('long workspace requests are sliced and can be cancelled (issue 14)', function () {
  this.timeout(60_000);
  const onAim = positionOf(FRAMEWORK, 'id: AIM1', 4);

  it('rename and references yield once per plan that sees the entity; cancelled, the rest is never done', async () => {
    const root = workspace(200);
    const ws = await indexFolder(root);
    const framework = ws.file('framework.md');
    const whole = counted(renameWork(framework, onAim, 'AIM9', ws.index));
    const edit = runToEnd(whole.work)!;
    assert.equal(Object.keys(edit.changes!).length, 201, 'the framework and every plan');
    assert.ok(whole.steps() >= 200, `rename took ${whole.steps()} steps for 200 plans`);

    let asked = 0;
    const cancelAfterTen = { get isCancellationRequested() { return ++asked > 10; } };
    const cut = counted(renameWork(framework, onAim, 'AIM9', ws.index));
    assert.equal(await runInSlices(cut.work, cancelAfterTen), undefined);
    assert.equal(cut.steps(), 10, 'no step is taken once the token says stop');

    const references = counted(referencesWork(framework, onAim, ws.index, false));
    assert.equal(runToEnd(references.work).length, 400, 'the front matter and the workstream of each plan');
    assert.ok(references.steps() >= 200);
  });

  it('over stdio: a cancelled rename answers RequestCancelled, and the next one answers in full', async () => {
    const root = workspace(300);
    const client = await LspClient.start({ root });
    try {
      const uri = URI.file(path.join(root, 'framework.md')).toString();
      await client.open('framework.md');
      await client.settled(30_000);
      const source = new CancellationTokenSource();
      const cancelled = client.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position: onAim, newName: 'AIM9' }, source.token);
      source.cancel();
      await assert.rejects(cancelled, (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled);
      const edit = await client.request<{ changes: Record<string, unknown[]> }>('textDocument/rename', { textDocument: { uri }, position: onAim, newName: 'AIM9' });
      assert.equal(Object.keys(edit.changes).length, 301);
    } finally {
      await client.stop();
    }
  });
});
