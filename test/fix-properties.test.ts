import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TextEdit } from 'vscode-languageserver';
import { WorkspaceIndex } from '../server/src/service/workspace.js';
import { readSettings } from '../server/src/lsp/settings.js';
import { codeActions } from '../server/src/service/features/code-actions.js';
import { LineIndex } from '../server/src/core/text.js';
import { example } from './helpers/cli.js';

const SECONDS = Number(process.env.CPLAN_FUZZ_SECONDS ?? 0);
const SEED = Number(process.env.CPLAN_FUZZ_SEED ?? 20261123);
const URI = 'file:///fuzz/plan.md';
const PLANS = ['ncl-adt-2025-26-with-problems.md', 'ncl-primary-care-cancer.md'].map(example);

function indexWith(text: string): WorkspaceIndex {
  const index = new WorkspaceIndex([], readSettings({ asOf: '2025-06-30' }));
  index.setOpen(URI, text, 1);
  return index;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i].end <= spans[i - 1].start, 'edits do not overlap');
  for (const s of spans) text = text.slice(0, s.start) + s.text + text.slice(s.end);
  return text;
}

function syntaxErrors(index: WorkspaceIndex): number {
  return index.diagnostics(URI).filter((d) => d.ruleId === 'yaml-syntax').length;
}

/** A plan with one or two lines deleted, duplicated or reindented: realistic mid-edit damage. */
const damaged = fc.tuple(fc.constantFrom(...PLANS), fc.array(fc.tuple(fc.constantFrom('delete', 'duplicate', 'reindent'), fc.nat()), { maxLength: 2 })).map(([plan, steps]) => {
  let lines = plan.split('\n');
  for (const [step, n] of steps) {
    const at = n % lines.length;
    if (step === 'delete') lines.splice(at, 1);
    else if (step === 'duplicate') lines.splice(at, 0, lines[at]);
    else lines[at] = '  ' + lines[at];
  }
  return lines.join('\n');
});

describe('quick fixes on random documents (fast-check, seeded)', function () {
  this.timeout(SECONDS ? SECONDS * 1000 + 60_000 : 120_000);

  it('edit only inside the document, never overlap, add no YAML syntax error, and are harmless when applied twice', () => {
    fc.assert(
      fc.property(damaged, fc.nat(), (text, pick) => {
        const index = indexWith(text);
        const file = index.get(URI)!;
        const diagnostics = index.diagnostics(URI);
        if (diagnostics.length === 0) return;
        const target = diagnostics[pick % diagnostics.length];
        const range = { start: file.document.lines.positionAt(target.span.start), end: file.document.lines.positionAt(target.span.end) };
        const before = syntaxErrors(index);
        for (const action of codeActions(index.linkedFile(URI)!, range, [])) {
          const edits = action.edit?.changes?.[URI] ?? [];
          for (const e of edits) assert.ok(e.range.end.line < file.document.lines.lineCount, action.title);
          const fixed = applyEdits(text, edits);
          const after = indexWith(fixed);
          assert.ok(syntaxErrors(after) <= before, `${action.title} broke the YAML:\n${fixed}`);
          // Again: the same fix, if still offered, must not break anything either.
          const again = codeActions(after.linkedFile(URI)!, range, []).find((a) => a.title === action.title);
          if (again) assert.ok(syntaxErrors(indexWith(applyEdits(fixed, again.edit?.changes?.[URI] ?? []))) <= before, `${action.title} twice broke the YAML`);
        }
      }),
      SECONDS ? { seed: SEED, numRuns: 1e9, interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false } : { seed: SEED, numRuns: 120 },
    );
  });
});
