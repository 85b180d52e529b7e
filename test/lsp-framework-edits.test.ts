import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LspClient, positionOf } from './helpers/lsp.js';

const PLANS = 30;

const FRAMEWORK = `---
kind: commissioning-framework
id: shared-framework
title: Shared framework
---

\`\`\`yaml aims
- id: AIM-1
  title: Earlier diagnosis
- id: AIM-2
  title: Fewer emergency presentations
\`\`\`
`;

/** A plan that adopts only AIM-1 and serves it, so that the framework's other aims leave it clean. */
function plan(n: number): string {
  return `---
kind: commissioning-plan
id: plan-${n}
title: Plan ${n}
organisation: Alliance
period: 2024/25-2025/26
framework: ./framework.md
aims: [AIM-1]
as_of: 2025-06-30
---

\`\`\`yaml workstream
id: WS1
title: Work ${n}
aims: [AIM-1]
milestones:
  - id: WS1-M1
    title: A pathway live
    due: Q4 2025/26
    status: on-track
\`\`\`
`;
}

/** Publishes of the plans (not the framework) since `since`, counted per plan. */
function planPublishes(client: LspClient, since: Map<string, number>): number {
  let count = 0;
  for (const [uri, list] of client.published) if (!uri.endsWith('/framework.md')) count += list.length - (since.get(uri) ?? 0);
  return count;
}

describe('language server: framework edits and the plans that use the framework (issue 14, defect 12)', function () {
  this.timeout(60_000);
  let client: LspClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  async function start(): Promise<{ frameworkUri: string; planUri: string; before: Map<string, number> }> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-framework-edits-'));
    fs.writeFileSync(path.join(root, 'framework.md'), FRAMEWORK);
    for (let n = 1; n <= PLANS; n++) fs.writeFileSync(path.join(root, `plan-${n}.md`), plan(n));
    client = await LspClient.start({ root });
    const planUri = client.uri('plan-1.md');
    for (let n = 1; n <= PLANS; n++) await client.diagnostics(client.uri(`plan-${n}.md`));
    const frameworkUri = await client.open('framework.md');
    await client.diagnostics(frameworkUri, (p) => p.version === 1);
    await client.settled();
    const before = new Map([...client.published].map(([uri, list]) => [uri, list.length]));
    return { frameworkUri, planUri, before };
  }

  it('typing into the framework title re-publishes no plan: nothing they use from it changed', async () => {
    const { frameworkUri, before } = await start();
    const at = positionOf(FRAMEWORK, 'title: Shared framework', 'title: Shared framework'.length);
    for (let i = 0; i < 20; i++) {
      const version = await client!.change(frameworkUri, [{ range: { start: { line: at.line, character: at.character + i }, end: { line: at.line, character: at.character + i } }, text: 'x' }]);
      await client!.diagnostics(frameworkUri, (p) => p.version === version);
    }
    await client!.settled();
    assert.equal(planPublishes(client!, before), 0, `${PLANS} plans, 20 keystrokes in the framework title: every publish of a plan is one too many`);
  });

  it('typing a new line above the aims re-publishes no plan either: their related locations are unchanged', async () => {
    const { frameworkUri, before } = await start();
    const at = positionOf(FRAMEWORK, 'title: Shared framework\n', 'title: Shared framework\n'.length);
    const version = await client!.change(frameworkUri, [{ range: { start: at, end: at }, text: 'status: draft\n' }]);
    await client!.diagnostics(frameworkUri, (p) => p.version === version);
    await client!.settled();
    // A plan adopting every aim would point at the framework's lines; these adopt AIM-1 only and are clean.
    assert.equal(planPublishes(client!, before), 0);
  });

  it('renaming an aim the plans use re-publishes each of them, once, with the new problem', async () => {
    const { frameworkUri, planUri, before } = await start();
    const at = positionOf(FRAMEWORK, 'id: AIM-1', 4);
    await client!.change(frameworkUri, [{ range: { start: at, end: { line: at.line, character: at.character + 5 } }, text: 'AIM-9' }]);
    const after = await client!.diagnostics(planUri, (p) => p.diagnostics.some((d) => d.code === 'unknown-aim'));
    assert.ok(after.diagnostics.some((d) => /AIM-1/.test(String(d.message))));
    // Publishing goes in slices, between which the server answers other requests: wait for every plan's new report.
    const plans = Array.from({ length: PLANS }, (_, i) => client!.uri(`plan-${i + 1}.md`));
    await Promise.all(plans.map((uri) => client!.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'unknown-aim'))));
    await client!.settled();
    assert.equal(planPublishes(client!, before), PLANS, 'each plan once');
    // Renaming it back restores every plan's clean state, again once each.
    const again = new Map([...client!.published].map(([uri, list]) => [uri, list.length]));
    await client!.change(frameworkUri, [{ range: { start: at, end: { line: at.line, character: at.character + 5 } }, text: 'AIM-1' }]);
    await Promise.all(plans.map((uri) => client!.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'unknown-aim') && client!.published.get(uri)!.length > again.get(uri)!)));
    await client!.settled();
    assert.equal(planPublishes(client!, again), PLANS);
  });

  it('retitling an aim a plan reports on re-publishes that plan with the new title', async () => {
    const { frameworkUri, planUri, before } = await start();
    const text = client!.read('plan-1.md');
    await client!.open('plan-1.md');
    const version = await client!.change(planUri, [{ text: text.replace('aims: [AIM-1]\nas_of', 'as_of') }]);
    const adoptsAll = await client!.diagnostics(planUri, (p) => p.version === version);
    assert.ok(adoptsAll.diagnostics.some((d) => d.code === 'aim-without-workstream' && /Fewer emergency presentations/.test(String(d.message))));
    await client!.settled();
    const published = client!.published.get(planUri)!.length;
    const at = positionOf(FRAMEWORK, 'title: Fewer emergency presentations', 'title: '.length);
    await client!.change(frameworkUri, [{ range: { start: at, end: { line: at.line, character: at.character + 5 } }, text: 'Less' }]);
    const retitled = await client!.diagnostics(planUri, (p) => p.diagnostics.some((d) => /Less emergency presentations/.test(String(d.message))));
    assert.ok(retitled);
    await client!.settled();
    assert.equal(client!.published.get(planUri)!.length, published + 1);
    assert.equal(planPublishes(client!, before) - (published + 1 - (before.get(planUri) ?? 0)), 0, 'the other plans do not show the title: not re-published');
  });
});
