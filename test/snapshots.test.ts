import assert from 'node:assert/strict';
import { WorkspaceIndex } from '../server/src/service/workspace.js';
import { readSettings } from '../server/src/lsp/settings.js';
import { lintDocument } from '../server/src/core/lint.js';
import { entitiesOf } from '../server/src/core/model.js';
import type { Linked } from '../server/src/core/link.js';
import { example } from './helpers/cli.js';

const URI = 'untitled:snapshot-plan.md';

/** What a linked document says about itself, read through its own text: ids at their spans, diagnostics' text. */
function readout(linked: Linked): string {
  const { document } = linked;
  const at = (span: { start: number; end: number }) => document.text.slice(span.start, span.end);
  return JSON.stringify({
    ids: entitiesOf(document).map((e) => [e.id, at(e.idSpan), e.document === document]),
    refs: document.workstreams.flatMap((w) => (w.aims ?? []).map((r) => [r.id, at(r.span)])),
    diagnostics: lintDocument(linked).map((d) => [d.ruleId, at(d.span)]),
  });
}

describe('immutable snapshots (issue 14)', () => {
  it('a Linked held across edits of its buffer still matches its own text', async () => {
    const index = new WorkspaceIndex([], readSettings({ asOf: '2025-06-30' }));
    const text = example('ncl-adt-2025-26-with-problems.md');
    index.setOpen(URI, text, 1);
    const held = index.linked(URI)!;
    const before = readout(held);
    // Text typed above every block moves them all; the held version must not move with them.
    let edited = text;
    for (let version = 2; version <= 6; version++) {
      edited = edited.replace('\n---\n', `\nsubtitle${version}: x\n---\n`);
      index.setOpen(URI, edited, version);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(index.linked(URI)!.document.text, edited);
    }
    assert.equal(readout(held), before, 'the held Linked changed when its buffer was edited');
    assert.notEqual(index.linked(URI), held);
    const current = index.linked(URI)!;
    assert.ok(entitiesOf(current.document).every((e) => current.document.text.slice(e.idSpan.start, e.idSpan.end).includes(e.id)), 'the new version reads its own text too');
  });
});
