import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Diagnostic, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { LspClient, exampleWorkspace } from './helpers/lsp.js';
import { example } from './helpers/cli.js';

const SECONDS = Number(process.env.CPLAN_FUZZ_SECONDS ?? 0);
const SEED = Number(process.env.CPLAN_FUZZ_SEED ?? 20261123);

/** Applies LSP incremental changes to a string, as the client's buffer does. */
function apply(text: string, changes: TextDocumentContentChangeEvent[]): string {
  for (const change of changes) {
    if (!('range' in change)) {
      text = change.text;
      continue;
    }
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
    const offset = (p: { line: number; character: number }) => Math.min(text.length, (starts[p.line] ?? text.length) + p.character);
    text = text.slice(0, offset(change.range.start)) + change.text + text.slice(offset(change.range.end));
  }
  return text;
}

const shape = (p: PublishDiagnosticsParams) => p.diagnostics.map((d: Diagnostic) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message]);

describe('language server robustness over stdio', function () {
  this.timeout(SECONDS ? SECONDS * 1000 + 60_000 : 120_000);
  let client: LspClient;
  afterEach(async () => client?.stop());

  it('random sequences of incremental edits give the same diagnostics as opening the final text fresh (seeded)', async () => {
    client = await LspClient.start({ root: exampleWorkspace() });
    const base = example('ncl-adt-2025-26-with-problems.md');
    const lineCount = base.split('\n').length;
    const edit = fc.record({
      line: fc.nat({ max: lineCount - 1 }),
      character: fc.nat({ max: 40 }),
      length: fc.nat({ max: 30 }),
      text: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('\n', '  - id: X\n', 'SA9', ']', ':', '```\n', 'due: Q5 24/25', '\t')),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 8 }), async (edits) => {
        run++;
        const uri = client.uri(`edited-${run}.md`);
        await client.open(`edited-${run}.md`, base);
        let text = base;
        let version = 1;
        for (const e of edits) {
          const lines = text.split('\n');
          const line = Math.min(e.line, lines.length - 1);
          const start = { line, character: Math.min(e.character, lines[line].length) };
          const end = { line, character: Math.min(start.character + e.length, lines[line].length) };
          const change = { range: { start, end }, text: e.text };
          text = apply(text, [change]);
          version = await client.change(uri, [change]);
        }
        const edited = await client.diagnostics(uri, (p) => p.version === version);
        const fresh = await client.open(`fresh-${run}.md`, text).then((u) => client.diagnostics(u, (p) => p.version === 1));
        assert.deepEqual(shape(edited), shape(fresh));
      }),
      SECONDS ? { seed: SEED, numRuns: 1e9, interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false } : { seed: SEED, numRuns: 25 },
    );
  });

  it('50 documents edited at once over one connection each end with their own right diagnostics', async () => {
    client = await LspClient.start({ root: exampleWorkspace() });
    const base = example('ncl-adt-2025-26.md');
    const at = base.split('\n').findIndex((l) => l.startsWith('aims: [SA1, SA3]'));
    const uris = await Promise.all(Array.from({ length: 50 }, (_, i) => client.open(`parallel-${i}.md`, base)));
    // Each document gets a different number of edits; odd ones end with an unknown aim, even ones clean.
    await Promise.all(uris.map(async (uri, i) => {
      for (let k = 0; k <= i % 5; k++) {
        const id = k === i % 5 && i % 2 === 1 ? 'SA9' : 'SA1';
        await client.change(uri, [{ range: { start: { line: at, character: 7 }, end: { line: at, character: 10 } }, text: id }]);
      }
    }));
    for (const [i, uri] of uris.entries()) {
      const last = await client.diagnostics(uri, (p) => p.version === 2 + (i % 5));
      assert.deepEqual(last.diagnostics.map((d) => d.code), i % 2 === 1 ? ['unknown-aim'] : [], `document ${i}`);
    }
  });
});
