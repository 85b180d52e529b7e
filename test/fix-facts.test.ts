import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { LineIndex } from '../server/src/core/text.js';
import { LspClient, exampleWorkspace } from './helpers/lsp.js';

/**
 * Quick fixes never invent a fact (issue 15): over the protocol, every quick fix offered for every diagnostic
 * of plans full of what fixes are for (a split `1,500`, `aims: SA1`, did-you-mean keys, values and ids, metric
 * skeletons, missing keys) is applied on its own and the plan linted again. No finding of a value still to write
 * (a placeholder, a missing part, a missing key) may go, except the one fixed, and a fix that removes such a
 * finding must leave what it did not know reported instead: it used a fact the user gave, or it wrote none.
 */
const PLAN = `---
kind: commissioning-plan
id: fixes-and-facts
title: Fixes and facts
organisation: NCL Cancer Alliance
period: 2024/25-2025/26
framework: builtin:ncl-cancer-2023-28
aims: SA1
as_of: 2025-06-30
ownr: Programme Director
---

\`\`\`yaml workstream
id: WS1
title: Faster diagnosis
aims: [SA1]
priorities: [ADTDG-03]
status: on-trak
milestones:
  - id: WS1-M1
    title: Pathway live
    due: Q4 2024/25
    status: on-track
    cadence: quartrly
metrics:
  - id: WS1-K1
    title: Patients seen
    unit: patients
    baseline: {value: 900, period: 2023/24}
    target: {value: 1,500, due: Q4 2025/26}
    source: TBC
  - id: WS1-K2
    title: Faster Diagnosis Standard
    unit: "%"
  - id: WS1-K3
    title: Screening uptake
    unit: "%"
    baseline: {value: TODO, period: 2024/25}
    target: {value: 80, due: Q4 2025/26}
    source: Screening returns
    breakdown: [deprivaton]
\`\`\`

\`\`\`yaml workstream
id: WS2
title: Workforce
aims: SA1
leed: Workforce lead
\`\`\`
`;

/** A plan whose front matter lacks facts: the organisation, the title and the period. */
const BARE = `---
kind: commissioning-plan
id: bare
framework: builtin:ncl-cancer-2023-28
aims: [SA1]
as_of: 2025-06-30
---

\`\`\`yaml workstream
id: WS1
title: Faster diagnosis
aims: [SA1]
metrics:
  - {id: WS1-K1, title: Patients seen, unit: patients, baseline: {value: 900, period: 2023/24}, target: {value: 1500, due: Q4 2025/26}, source: CWT}
\`\`\`
`;

/** Findings of a value still to write: what a fix must not silence with a value of its own. */
function isGap(d: Diagnostic): boolean {
  const message = String(d.message);
  if (d.code === 'placeholder-value' || d.code === 'incomplete-metric' || d.code === 'missing-metrics') return true;
  if ((d.code === 'frontmatter-schema' || d.code === 'block-schema') && /has no `/.test(message)) return true;
  return d.code === 'invalid-period' && /`(TBC|TODO)`/.test(message);
}

const key = (d: Diagnostic) => `${d.code}: ${d.message}`;

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  return edits
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start)
    .reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

describe('quick fixes write no fact the user did not give (over the protocol)', function () {
  this.timeout(120_000);
  let client: LspClient;
  afterEach(async () => client?.stop());

  for (const [name, text, expected] of [
    ['problems.md', PLAN, ['Write `[SA1]`', 'Rename key to `owner`', 'Change to `ADTDG-3`', 'Change to `on-track`', 'Change to `quarterly`', 'Write `1500` without the comma', 'Change to `deprivation`', 'Rename key to `lead`', 'Add a metric skeleton to `WS2`', 'Add the missing keys to `WS1-K2`']],
    ['bare.md', BARE, ['Add `title:` to the front matter', 'Add `organisation:` to the front matter', 'Add `period:` to the front matter']],
  ] as const) {
    it(`every fix in ${name}`, async () => {
      client = await LspClient.start({ root: exampleWorkspace({ [name]: text }) });
      const uri = await client.open(name);
      const before = (await client.diagnostics(uri, (p) => p.version === 1)).diagnostics;
      const titles: string[] = [];
      let checked = 0;
      for (const target of before) {
        // Each fix is asked for and judged on the plan as written.
        await client.change(uri, [{ text }]);
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: target.range, context: { diagnostics: [target], only: ['quickfix'] } });
        for (const action of actions.filter((a) => a.diagnostics?.some((d) => key(d) === key(target)))) {
          titles.push(action.title);
          const fixed = applyEdits(text, action.edit!.changes![uri]);
          const version = await client.change(uri, [{ text: fixed }]);
          const after = (await client.diagnostics(uri, (p) => p.version === version)).diagnostics;
          const still = new Set(after.filter(isGap).map(key));
          const lost = before.filter((d) => isGap(d) && key(d) !== key(target) && !still.has(key(d))).map(key);
          assert.deepEqual(lost, [], `"${action.title}" silenced findings of values still to write`);
          const fixedGap = isGap(target) && !after.some((d) => key(d) === key(target));
          // An id only names the file: a slug of its name states nothing about the plan.
          if (fixedGap && !action.title.startsWith('Add `id:`')) {
            const left = after.filter((d) => isGap(d) && !before.some((b) => key(b) === key(d)));
            assert.ok(left.length > 0, `"${action.title}" fixed "${target.message}" with values of its own, and nothing reports them:\n${fixed}`);
          }
          checked++;
        }
      }
      for (const title of expected) assert.ok(titles.includes(title), `the fixture offers "${title}"; offered: ${titles.join(' | ')}`);
      assert.ok(checked >= expected.length);
    });
  }
});
