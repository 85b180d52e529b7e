import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import path from 'node:path';
import { cplan, tempTree, REPO_ROOT } from './helpers/cli.js';

const HEAD = (period: string) => `---
kind: commissioning-plan
id: p
title: P
organisation: NCL
period: ${period}
framework: builtin:ncl-cancer-2023-28
aims: [SA3]
as_of: 2024-04-30
---
`;

function workstream(priorities: string, milestones: string): string {
  return `
\`\`\`yaml workstream
id: WS1
title: W
aims: [SA3]
priorities: [${priorities}]
milestones:
${milestones}metrics:
  - {id: WS1-K1, title: K, unit: "%", baseline: {value: 1, period: 2023/24}, target: {value: 2, due: Q4 2024/25}, source: CWT}
\`\`\`
`;
}

interface Message { ruleId: string; message: string; line: number; column: number }

function lint(text: string): Message[] {
  const dir = tempTree({ 'plan.md': text });
  const run = cplan(['lint', 'plan.md', '--format', 'json'], dir);
  assert.ok(run.code === 0 || run.code === 1, run.stderr);
  return (JSON.parse(run.stdout) as { messages: Message[] }[])[0].messages;
}

const only = (messages: Message[], rule: string) => messages.filter((m) => m.ruleId === rule);

describe('priority-deadline', function () {
  this.timeout(60_000);

  it("reports a workstream none of whose milestones is due by the priority's due, at the priority reference", () => {
    const found = only(lint(HEAD('2024/25-2025/26') + workstream('ADTDG-3', '  - {id: WS1-M1, title: M, due: Q1 2025/26}\n')), 'priority-deadline');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /`ADTDG-3`, due by 31 Mar 2025 \(Q4 2024\/25\).*none of its milestones is due by then/);
    assert.deepEqual([found[0].line, found[0].column], [16, 14]);
  });

  it('reports the latest milestone for the priority when it is due after the deadline, and names it', () => {
    const milestones = '  - {id: WS1-M1, title: M, priorities: [ADTDG-3], due: Q3 2024/25}\n  - {id: WS1-M2, title: M, priorities: [ADTDG-3], due: Q1 2025/26}\n';
    const found = only(lint(HEAD('2024/25-2025/26') + workstream('ADTDG-3', milestones)), 'priority-deadline');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /latest milestone for it, `WS1-M2`, is due by 30 Jun 2025 \(Q1 2025\/26\), after the deadline/);
  });

  it('accepts milestones due by the deadline, and a late milestone that names another priority', () => {
    const milestones = '  - {id: WS1-M1, title: M, priorities: [ADTDG-3], due: Q4 2024/25}\n  - {id: WS1-M2, title: M, priorities: [ADTDG-2], due: Q1 2025/26}\n';
    assert.deepEqual(only(lint(HEAD('2024/25-2025/26') + workstream('ADTDG-3, ADTDG-2', milestones)), 'priority-deadline'), []);
  });

  it("checks each of ADTDG-4's deadlines (June 2024 and March 2025)", () => {
    const plan = (m: string) => HEAD('2024/25-2025/26') + workstream('ADTDG-4', m);
    const onlyLate = only(lint(plan('  - {id: WS1-M1, title: M, priorities: [ADTDG-4], due: Q4 2024/25}\n')), 'priority-deadline');
    assert.equal(onlyLate.length, 1);
    assert.match(onlyLate[0].message, /`ADTDG-4` \(Teledermatology rolled out across all USC skin pathway providers\), due by 30 Jun 2024 \(June 2024\)/);
    const both = '  - {id: WS1-M1, title: M, priorities: [ADTDG-4], due: June 2024}\n  - {id: WS1-M2, title: M, priorities: [ADTDG-4], due: March 2025}\n';
    assert.deepEqual(only(lint(plan(both)), 'priority-deadline'), []);
    const late = only(lint(plan('  - {id: WS1-M1, title: M, priorities: [ADTDG-4], due: June 2024}\n  - {id: WS1-M2, title: M, priorities: [ADTDG-4], due: Q1 2025/26}\n')), 'priority-deadline');
    assert.equal(late.length, 1);
    assert.match(late[0].message, /\(Services commissioned as BAU\), due by 31 Mar 2025.*`WS1-M2`/);
  });

  it("leaves a deadline that passed before the plan's period began to an earlier plan", () => {
    assert.deepEqual(only(lint(HEAD('2025/26') + workstream('ADTDG-3', '  - {id: WS1-M1, title: M, due: Q1 2025/26}\n')), 'priority-deadline'), []);
  });

  it("reads a plan's own priority with deadlines: [{title, due}], and rejects a deadline without due with its own message", () => {
    const own = `\n\`\`\`yaml priorities\n- id: P1\n  title: Own\n  deadlines:\n    - {title: First, due: Q2 2024/25}\n    - {title: Second}\n\`\`\`\n`;
    const messages = lint(HEAD('2024/25') + own + workstream('P1', '  - {id: WS1-M1, title: M, due: Q3 2024/25}\n'));
    assert.match(only(messages, 'priority-deadline')[0].message, /`P1` \(First\), due by 30 Sep 2024/);
    assert.ok(only(messages, 'block-schema').some((m) => /due/.test(m.message)), JSON.stringify(messages));
  });
});

describe('priority-cadence', function () {
  this.timeout(60_000);

  it('reports ADTDG-13 (biannual) delivered with no recurring milestone, at the priority reference', () => {
    const found = only(lint(HEAD('2024/25') + workstream('ADTDG-13', '  - {id: WS1-M1, title: Audit, due: Q2 2024/25}\n')), 'priority-cadence');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /`ADTDG-13` recurs biannual \(every 6 months\)/);
    assert.deepEqual([found[0].line, found[0].column], [16, 14]);
  });

  it('reports an annual milestone for a biannual priority, and accepts a biannual or quarterly one', () => {
    const plan = (cadence: string) => HEAD('2024/25') + workstream('ADTDG-13', `  - {id: WS1-M1, title: Audit, due: Q4 2024/25, cadence: ${cadence}, done_on: 2024-03-28}\n`);
    assert.equal(only(lint(plan('annual')), 'priority-cadence').length, 1);
    assert.deepEqual(only(lint(plan('biannual')), 'priority-cadence'), []);
    assert.deepEqual(only(lint(plan('quarterly')), 'priority-cadence'), []);
  });
});

describe('the built-in framework follows its source', () => {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'frameworks', 'ncl-cancer-2023-28.md'), 'utf8');
  const entry = (id: string) => text.split(`- id: ${id}\n`)[1].split('\n- id: ')[0];

  it('ADTDG-14 seeks patient representation; ADTDG-8 reads Q4 2024/25 with the year marked as assumed', () => {
    assert.match(entry('ADTDG-14'), /Seek patient representation/);
    assert.doesNotMatch(text, /Have patient representatives/);
    assert.match(entry('ADTDG-8'), /due: Q4 2024\/25/);
    assert.match(entry('ADTDG-8'), /assumed/);
  });

  it('ADTDG-4 carries both dated commitments, and the texts not in the source are gone', () => {
    assert.match(entry('ADTDG-4'), /due: June 2024[\s\S]*due: March 2025/);
    assert.doesNotMatch(text, /^(owner|version|status):/m);
    assert.doesNotMatch(text, /description:/);
  });
});
