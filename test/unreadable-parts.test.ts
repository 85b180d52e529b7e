import assert from 'node:assert/strict';
import fs from 'node:fs';
import { lintText } from '../server/src/index.js';

// A front matter or block that is not valid YAML yields partial data. Rules that link parts (an aim served by a
// workstream, an id defined elsewhere, the plan's period) must treat what such a part holds as unknown, as they
// treat a framework that cannot be read, instead of reasoning from what happened to parse.

const FRONT = `---
kind: commissioning-plan
id: ncl-early-diagnosis-2025-26
title: Early diagnosis delivery plan 2025/26
organisation: North Central London Cancer Alliance
period: 2025/26
framework: builtin:ncl-cancer-2023-28
aims: [SA1, SA3]
as_of: 2025-09-30
---
`;

const METRICS = `metrics:
  - id: $-K1
    title: Patients told their diagnosis or ruled out within 28 days
    unit: "%"
    baseline: {value: 77.1, period: 2024/25}
    target: {value: 80, due: Q4 2025/26}
    source: Cancer Waiting Times (CWT)
`;

function workstream(id: string, title: string, aims: string, extra = ''): string {
  return `\n\`\`\`yaml workstream\nid: ${id}\ntitle: ${title}\naims: ${aims}\npriorities: [ADTDG-3]\n${extra}${METRICS.replace('$', id)}\`\`\`\n`;
}

/** Unquoted `: ` inside a value: the classic YAML mistake in a title. */
const BROKEN_TITLE = 'Lung: Targeted Lung Health Checks';

function ruleIds(text: string, asOf?: string): string[] {
  return lintText(text, { path: 'plan.md', asOf }).messages.map((m) => `${m.ruleId}@${m.line}`);
}

describe('a part that is not valid YAML feeds no rule that links parts', () => {
  it("the yaml-syntax page's Incorrect example gets yaml-syntax only", () => {
    const page = fs.readFileSync(new URL('../../docs/rules/yaml-syntax.md', import.meta.url), 'utf8');
    const example = /^### Incorrect\n\n````markdown\n([\s\S]*?)\n````$/m.exec(page)![1];
    const ids = lintText(example, { path: 'plan.md' }).messages.map((m) => m.ruleId);
    assert.deepEqual(ids, ['yaml-syntax']);
  });

  it('an adopted aim that a broken workstream may serve is not reported unserved', () => {
    const text = FRONT + workstream('WS1', BROKEN_TITLE, '[SA1]') + workstream('WS2', 'Early diagnosis', '[SA3]');
    assert.deepEqual(ruleIds(text), ['yaml-syntax@14']);
  });

  it('with every workstream readable, an unserved aim is still reported', () => {
    const text = FRONT + workstream('WS1', 'Lung health checks', '[SA1]');
    // SA3, listed in the front matter `aims` (line 8), is the one no workstream serves.
    assert.deepEqual(ruleIds(text), ['aim-without-workstream@8']);
  });

  it('a workstream, a milestone or a metric id defined in a broken block is neither unknown nor a duplicate', () => {
    const priorities = '\n```yaml priorities\n- id: P1\n  title: Lung cancer screening\n  workstreams: [WS1]\n```\n';
    const milestone = 'milestones:\n  - id: WS1-M1\n    title: Checks live in every borough\n    due: Q3 2025/26\n    status: on-track\n';
    const again = workstream('WS2', 'Early diagnosis', '[SA1, SA3]', milestone.replace('Checks live in every borough', 'Again'));
    const text = FRONT + workstream('WS1', BROKEN_TITLE, '[SA1]', milestone) + again + priorities;
    assert.deepEqual(ruleIds(text).filter((id) => !id.startsWith('yaml-syntax')), []);
  });

  it('an aim a broken aims block may define is not unknown, but an unknown priority still is', () => {
    const front = FRONT.replace('framework: builtin:ncl-cancer-2023-28\naims: [SA1, SA3]\n', '');
    const aims = '\n```yaml aims\n- id: LA1\n  title: Early diagnosis: every borough\n```\n';
    const text = front + aims + workstream('WS1', 'Lung health checks', '[LA1]').replace('[ADTDG-3]', '[P9]');
    assert.deepEqual(ruleIds(text), ['yaml-syntax@12', 'unknown-priority@19']);
  });

  it('a workstream in a readable block whose id a broken block repeats is not a duplicate, and a real duplicate still is', () => {
    const text = FRONT + workstream('WS1', 'Lung health checks', '[SA1, SA3]') + workstream('WS1', BROKEN_TITLE, '[SA1]') + workstream('WS1', 'Early diagnosis', '[SA1]');
    assert.deepEqual(ruleIds(text).filter((id) => !id.startsWith('yaml-syntax')).map((id) => id.split('@')[0]), ['duplicate-id', 'duplicate-id']);
  });

  describe('front matter that is not valid YAML', () => {
    const broken = FRONT.replace('title: Early diagnosis delivery plan 2025/26', `title: ${BROKEN_TITLE}`);
    const late = 'milestones:\n  - id: WS1-M1\n    title: Checks live in every borough\n    due: Q1 2024/25\n    status: on-track\n  - id: WS1-M2\n    title: Year two review\n    due: Year 2\n    status: on-track\n';

    it('quiets the rules that need its facts: adopted aims, framework, period, review date', () => {
      const text = broken + workstream('WS1', 'Lung health checks', '[SA1, SA9]', late);
      assert.deepEqual(ruleIds(text), ['yaml-syntax@4']);
      assert.deepEqual(ruleIds(text, '2025-09-30'), ['yaml-syntax@4', 'overdue-milestone@20'], 'a review date given: Q1 2024/25 is overdue, `Year 2` and the plan period stay unknown');
    });

    it('leaves the rules that read one block alone', () => {
      const text = broken + workstream('WS1', 'Lung health checks', '[]', late).replace(METRICS.replace('$', 'WS1'), '').replace('due: Year 2', 'due: Q5 2025/26');
      assert.deepEqual(ruleIds(text), ['yaml-syntax@4', 'missing-metrics@13', 'workstream-without-aim@13', 'invalid-period@24']);
    });

    it('with readable front matter, the same plan gets the linking rules', () => {
      const text = FRONT + workstream('WS1', 'Lung health checks', '[SA1, SA9]', late);
      const ids = ruleIds(text).map((id) => id.split('@')[0]);
      for (const rule of ['aim-without-workstream', 'unknown-aim', 'overdue-milestone', 'outside-plan-period']) assert.ok(ids.includes(rule), `${rule} in ${ids.join(', ')}`);
    });
  });
});
