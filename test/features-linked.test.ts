import assert from 'node:assert/strict';
import { parsePlanDocument } from '../server/src/core/document.js';
import { lintDocument } from '../server/src/core/lint.js';
import type { PlanDocument } from '../server/src/core/model.js';
import { dayFromIso } from '../server/src/core/periods.js';
import type { LinkedFile, WorkspaceQuery } from '../server/src/service/features/linked-file.js';
import { hover } from '../server/src/service/features/hover.js';
import { codeLenses } from '../server/src/service/features/code-lens.js';
import { inlayHints } from '../server/src/service/features/inlay-hints.js';
import { definition, references, rename } from '../server/src/service/features/navigation.js';
import { semanticTokens } from '../server/src/service/features/semantic-tokens.js';
import { uriOfPath } from '../server/src/service/uris.js';
import { factsOf } from '../server/src/service/file-facts.js';
import { linkWith } from './helpers/fixture.js';
import { positionOf } from './helpers/lsp.js';

const FRAMEWORK = `---
kind: commissioning-framework
id: fw
title: Framework
---

\`\`\`yaml aims
- id: AIM-1
  title: Earlier diagnosis
\`\`\`
`;

const plan = (n: number, asOf: string) => `---
kind: commissioning-plan
id: plan-${n}
title: Plan ${n}
organisation: Alliance
period: 2024/25-2025/26
framework: ./framework.md
as_of: ${asOf}
---

\`\`\`yaml workstream
id: WS1
title: Work
aims: [AIM-1]
milestones:
  - id: WS1-M1
    title: A pathway live
    due: Q4 2024/25
    status: on-track
\`\`\`
`;

/**
 * Features as plain functions of a linked document (issue 14): no WorkspaceIndex, no server. The documents are
 * linked by `linkDocument` as any caller would; the workspace query is a list of them.
 */
function workspaceOf(framework: PlanDocument, plans: PlanDocument[]): { query: WorkspaceQuery; file(document: PlanDocument): LinkedFile } {
  const files = new Map<PlanDocument, LinkedFile>();
  const fileOf = (document: PlanDocument): LinkedFile => {
    let file = files.get(document);
    if (!file) {
      const linked = linkWith(document, {}, document === framework ? undefined : { ok: true, document: framework });
      file = { uri: uriOfPath(document.path), path: document.path, version: null, linked, document, diagnostics: lintDocument(linked) };
      files.set(document, file);
    }
    return file;
  };
  const all = [framework, ...plans];
  const factsOfDocument = (document: PlanDocument) => factsOf(uriOfPath(document.path), fileOf(document).linked);
  const query: WorkspaceQuery = {
    seeing: (document: PlanDocument) => (document === framework ? all : [document]).map(factsOfDocument),
    fileOf: (document) => (all.includes(document) ? fileOf(document) : undefined),
    linkedFiles: () => all.map(fileOf),
    allFacts: () => all.map(factsOfDocument),
    eachLinked: <T>(_name: string, derive: (file: LinkedFile) => T | undefined) => all.map(fileOf).map(derive).filter((value): value is T => value !== undefined),
    workspaceRoots: ['/work'],
  };
  return { query, file: fileOf };
}

describe('editor features as functions of a linked document (issue 14)', () => {
  const framework = parsePlanDocument('/work/framework.md', FRAMEWORK);
  const early = parsePlanDocument('/work/plan-1.md', plan(1, '2025-06-30'));
  const late = parsePlanDocument('/work/plan-2.md', plan(2, '2025-01-31'));
  const { query, file } = workspaceOf(framework, [early, late]);

  it('each plan is judged by its own linked review date', () => {
    const whole = (document: PlanDocument) => ({ start: { line: 0, character: 0 }, end: document.lines.positionAt(document.text.length) });
    const overdue = (document: PlanDocument) => inlayHints(file(document), whole(document)).map((h) => String(h.label)).filter((l) => l.startsWith('overdue'));
    assert.deepEqual(overdue(early), ['overdue 91 days'], 'due by 31 Mar 2025, reviewed on 30 Jun 2025');
    assert.deepEqual(overdue(late), [], 'reviewed on 31 Jan 2025');
    assert.deepEqual(codeLenses(file(early), query).map((l) => l.command!.title), ['RAG red · 0/1 milestones done · 1 overdue']);
    assert.deepEqual(codeLenses(file(late), query).map((l) => l.command!.title), ['RAG green · 0/1 milestones done']);
  });

  it('code lens and hover on a framework aim count the plans the query says see it', () => {
    const lenses = codeLenses(file(framework), query).map((l) => l.command!.title);
    assert.deepEqual(lenses, ['served by 2 workstreams · 0 metrics']);
    const answer = hover(file(framework), positionOf(FRAMEWORK, 'id: AIM-1', 4), query)!;
    assert.match((answer.contents as { value: string }).value, /Served by 2 workstreams in 2 plans/);
  });

  it('definition, references and rename resolve through each plan\'s Linked', () => {
    const onRef = positionOf(plan(1, '2025-06-30'), 'aims: [AIM-1]', 7);
    assert.deepEqual(definition(file(early), onRef)?.map((l) => l.uri), [uriOfPath('/work/framework.md')]);
    assert.deepEqual(references(file(early), onRef, query, false).map((l) => l.uri), [uriOfPath('/work/plan-1.md'), uriOfPath('/work/plan-2.md')]);
    const edit = rename(file(framework), positionOf(FRAMEWORK, 'id: AIM-1', 4), 'AIM-9', query)!;
    assert.deepEqual(Object.keys(edit.changes!).sort(), ['/work/framework.md', '/work/plan-1.md', '/work/plan-2.md'].map(uriOfPath).sort());
    assert.ok(semanticTokens(file(early)).data.length > 0);
  });
});
