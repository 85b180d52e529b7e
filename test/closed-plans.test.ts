import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkspaceIndex } from '../server/src/service/workspace.js';
import { readSettings } from '../server/src/lsp/settings.js';
import { dayFromIso } from '../server/src/core/periods.js';
import { documentHead, headOf, parsePlanDocument } from '../server/src/core/document.js';
import { codeLenses } from '../server/src/service/features/code-lens.js';
import { hover } from '../server/src/service/features/hover.js';
import { references, rename } from '../server/src/service/features/navigation.js';
import { workspaceSymbols } from '../server/src/service/features/symbols.js';
import { planTree } from '../server/src/service/features/plan-tree.js';
import { portfolio } from '../server/src/service/features/portfolio.js';
import { uriOfPath } from '../server/src/service/uris.js';
import { positionOf } from './helpers/lsp.js';
import { REPO_ROOT } from './helpers/cli.js';

const FRAMEWORK = `---
kind: commissioning-framework
id: shared
title: Shared framework
---

\`\`\`yaml aims
- id: SA1
  title: Earlier diagnosis
- id: SA2
  title: Fewer inequalities
\`\`\`

\`\`\`yaml priorities
- id: P1
  title: Faster diagnosis
  due: Q4 2025/26
\`\`\`
`;

function plan(n: number): string {
  const aims = n % 2 ? '[SA1, "SA2"]' : '[SA1]';
  return `---
kind: commissioning-plan
id: plan-${n}
title: Plan ${n}
organisation: Alliance ${n}
period: 2025/26
framework: ./framework.md
as_of: 2025-12-31
---

# Plan ${n}

\`\`\`yaml workstream
id: WS${n}
title: Workstream ${n}
aims: ${aims}
priorities: [P1]
milestones:
  - id: WS${n}-M1
    title: Pathway live
    due: Q${1 + (n % 4)} 2025/26
    status: ${n % 3 ? 'on-track' : 'done'}
  - id: WS${n}-M2
    title: Audit
    due: TBC
    depends_on: [WS${n}-M1]
metrics:
  - id: WS${n}-K1
    title: FDS
    unit: "%"
\`\`\`
`;
}

/**
 * Closed plans keep only their text and facts once more than `parsedClosedPlans` are parsed (issue 14, memory at
 * 10,000 plans): every feature must answer exactly as with every plan parsed.
 */
describe('closed plans known by their facts, parsed again on demand', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-closed-'));
  fs.writeFileSync(path.join(root, 'framework.md'), FRAMEWORK);
  for (let n = 1; n <= 7; n++) fs.writeFileSync(path.join(root, `plan-${n}.md`), plan(n));
  const today = () => dayFromIso('2026-01-15')!;
  const frameworkUri = uriOfPath(path.join(root, 'framework.md'));

  async function indexWith(parsedClosedPlans?: number): Promise<WorkspaceIndex> {
    const index = new WorkspaceIndex([root], readSettings({}), today, { parsedClosedPlans });
    await index.indexFolders();
    return index;
  }

  function answers(index: WorkspaceIndex): unknown {
    const framework = index.linkedFile(frameworkUri)!;
    const at = (needle: string) => positionOf(FRAMEWORK, needle, needle.length - 2);
    const plans = index.files().filter((f) => f.head.kind === 'plan').map((f) => f.uri).sort();
    return {
      diagnostics: plans.map((uri) => index.diagnostics(uri).map((d) => `${d.ruleId}@${d.span.start}: ${d.message}`)),
      lenses: codeLenses(framework, index).map((l) => l.command!.title),
      hoverAim: hover(framework, at('id: SA1'), index),
      hoverPriority: hover(framework, at('id: P1'), index),
      references: references(framework, at('id: SA2'), index, true),
      rename: rename(framework, at('id: SA1'), 'SA9', index),
      symbols: workspaceSymbols('ws', index),
      allSymbols: workspaceSymbols('', index).length,
      tree: planTree(index),
      portfolio: portfolio(index).plans,
    };
  }

  it('answer code lens, hover, references, rename, symbols, diagnostics and the plan tree as with every plan parsed', async () => {
    const all = await indexWith();
    const few = await indexWith(2);
    const expected = answers(all);
    assert.deepEqual(answers(few), expected);
    // And again, in another order of eviction.
    assert.deepEqual(answers(few), expected);
    const lenses = (expected as { lenses: string[] }).lenses;
    assert.deepEqual(lenses, ['served by 7 workstreams · 7 metrics', 'served by 4 workstreams · 4 metrics']);
    const edit = (expected as { rename: { changes: Record<string, unknown[]> } }).rename;
    assert.equal(Object.keys(edit.changes).length, 8, 'the framework and all seven plans');
  });

  it('parses a closed plan again only when all of it is needed, and not for what its facts answer', async () => {
    const index = await indexWith(2);
    const plans = index.files().filter((f) => f.head.kind === 'plan');
    for (const file of plans) index.diagnostics(file.uri);
    const framework = index.linkedFile(frameworkUri)!;
    const before = index.parsedCount;
    codeLenses(framework, index);
    references(framework, positionOf(FRAMEWORK, 'id: SA1', 6), index, true);
    workspaceSymbols('m1', index);
    for (const file of plans) index.diagnostics(file.uri);
    assert.equal(index.parsedCount, before, 'facts and cached diagnostics answer without a parse');
    const tree = planTree(index);
    const parsed = index.parsedCount;
    assert.ok(parsed >= before + plans.length - 2, 'the plan tree reads whole documents');
    assert.deepEqual(planTree(index), tree);
    portfolio(index);
    const drawn = index.parsedCount;
    assert.deepEqual(portfolio(index), portfolio(index));
    assert.equal(index.parsedCount, drawn, 'the plan tree and the portfolio keep each plan\'s part until the plan changes');
    assert.ok(drawn > parsed);
  });

  it('a closed plan changed on disk gets new facts', async () => {
    const index = await indexWith(1);
    const file = path.join(root, 'plan-1.md');
    const original = fs.readFileSync(file, 'utf8');
    try {
      fs.writeFileSync(file, original.replace('aims: [SA1, "SA2"]', 'aims: [SA2]'));
      index.diagnostics(uriOfPath(file));
      const lensesBefore = codeLenses(index.linkedFile(frameworkUri)!, index).map((l) => l.command!.title);
      index.diskChanged(uriOfPath(file), false);
      const lensesAfter = codeLenses(index.linkedFile(frameworkUri)!, index).map((l) => l.command!.title);
      assert.deepEqual(lensesBefore, ['served by 7 workstreams · 7 metrics', 'served by 4 workstreams · 4 metrics']);
      assert.deepEqual(lensesAfter, ['served by 6 workstreams · 6 metrics', 'served by 4 workstreams · 4 metrics']);
    } finally {
      fs.writeFileSync(file, original);
    }
  });
});

describe('documentHead: kind and front matter names without a whole parse', () => {
  const cases: Record<string, string> = {
    plan: plan(1),
    framework: FRAMEWORK,
    crlf: plan(2).replace(/\n/g, '\r\n'),
    bom: `\ufeff${plan(3)}`,
    'lone carriage returns': plan(4).replace(/\n/g, '\r'),
    unterminated: '---\nkind: commissioning-plan\nid: x\n',
    'no front matter': '# Title\n\n---\nkind: commissioning-plan\n---\n',
    'broken front matter': '---\nid: [x\nkind: commissioning-plan\n---\n\nbody\n',
    'four dashes': '----\nkind: commissioning-plan\n---\n',
    'closing line with spaces': '---  \nkind: commissioning-framework\nid: f\n---   \n```yaml aims\n- id: A\n```\n',
    'empty front matter': '---\n---\nkind: commissioning-plan\n',
    'closing at the end': '---\nkind: commissioning-plan\nid: end\n---',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`${name}: the same as the whole document's head`, () => {
      assert.deepEqual(documentHead('/w/x.md', text), headOf(parsePlanDocument('/w/x.md', text)));
    });
  }

  it('every example plan and framework', () => {
    const dir = path.join(REPO_ROOT, 'examples');
    const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.md'));
    assert.ok(files.length > 5);
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      assert.deepEqual(documentHead(file, text), headOf(parsePlanDocument(file, text)), file);
    }
  });
});
