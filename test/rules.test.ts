import assert from 'node:assert/strict';
import { lintFixture, frameworkDoc, plan, workstream, AIMS_BLOCK, GOOD_METRICS, type Linted } from './helpers/fixture.js';
import { dayFromIso } from '../server/src/core/periods.js';

/** Asserts that `ruleId` fired exactly on the «marked» spans, in order. */
function firesAt(linted: Linted, ruleId: string): void {
  const got = linted.of(ruleId).map((d) => linted.document.text.slice(d.span.start, d.span.end) + '@' + d.span.start);
  const want = linted.spans.map((s) => s.text + '@' + s.start);
  assert.deepEqual(got, want, `${ruleId} diagnostics: ${linted.of(ruleId).map((d) => d.message).join(' | ')}`);
}

function clean(linted: Linted): void {
  assert.deepEqual(linted.diagnostics.map((d) => `${d.ruleId}: ${d.message}`), []);
}

const CLEAN_WS = `
id: WS1
title: Faster diagnosis
aims: [A1, A2]
milestones:
  - id: WS1-M1
    title: Launch pathway
    due: Q4 2024/25
    status: on-track
${GOOD_METRICS}`;

const FRAMEWORK = frameworkDoc(`---
kind: commissioning-framework
id: test-framework
title: Test framework
organisation: NCL Cancer Alliance
period: 2023/24-2027/28
---

\`\`\`yaml aims
- id: SA1
  title: Improve survival
- id: SA4
  title: Reduce health inequalities across our whole population
  focus: inequalities
\`\`\`

\`\`\`yaml priorities
- id: P1
  title: Breast pain pathways
  due: Q4 2024/25
\`\`\`
`);

describe('rules', () => {
  it('a complete plan is clean', () => {
    clean(lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS) })));
  });

  describe('yaml-syntax', () => {
    it('fires at the broken YAML, not the block, and silences other rules on that block', () => {
      const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS) + workstream('id: WS2\ntitle: «a»: b\n') }));
      firesAt(linted, 'yaml-syntax');
      assert.deepEqual(linted.diagnostics.map((d) => d.ruleId), ['yaml-syntax']);
    });
    it('reports a duplicate key at the second key', () => {
      firesAt(lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS.replace('title: Faster diagnosis', 'title: Faster diagnosis\n«title»: Again')) })), 'yaml-syntax');
    });
  });

  describe('frontmatter-schema', () => {
    it('points a missing key at the opening ---', () => {
      const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS) }).replace('---\nkind', '«---»\nkind').replace('organisation: NCL Cancer Alliance\n', ''));
      firesAt(linted, 'frontmatter-schema');
      assert.match(linted.of('frontmatter-schema')[0].message, /has no `organisation`/);
    });
    it('points an unknown key at the key and a bad value at the value', () => {
      const linted = lintFixture(plan({ frontMatter: '«ownr»: Jo\nstatus: «final»\n', body: AIMS_BLOCK + workstream(CLEAN_WS) }));
      firesAt(linted, 'frontmatter-schema');
      assert.match(linted.of('frontmatter-schema')[0].message, /Unknown key `ownr`.*Did you mean `owner`\?/);
      assert.equal(linted.of('frontmatter-schema')[1].message, '`status` must be one of draft, consultation, approved, superseded (found `final`).');
    });
  });

  describe('block-schema', () => {
    it('points unknown keys at the key, wrong values at the value, missing keys at the entity id', () => {
      const body = CLEAN_WS.replace('title: Faster diagnosis', 'title: Faster diagnosis\n«leed»: Jo')
        .replace('status: on-track', 'status: «in-progress»')
        .replace('  - id: WS1-M1\n    title: Launch pathway\n', '  - id: «WS1-M1»\n');
      const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(body) }));
      firesAt(linted, 'block-schema');
      const messages = linted.of('block-schema').map((d) => d.message);
      assert.match(messages[0], /Unknown key `leed` in workstream `WS1`\. Did you mean `lead`\?/);
      assert.match(messages[1], /Milestone `WS1-M1` has no `title`/);
      assert.match(messages[2], /`status` must be one of not-started, on-track, at-risk, off-track, done, dropped \(found `in-progress`\)/);
    });
    it('finds values inside blocks indented in lists and block quotes', () => {
      const inList = '- Workstream one:\n\n  ' + workstream(CLEAN_WS.replace('status: on-track', 'status: «late»')).replace(/\n(?=.)/g, '\n  ');
      firesAt(lintFixture(plan({ body: AIMS_BLOCK + inList })), 'block-schema');
      const inQuote = '> ' + workstream(CLEAN_WS.replace('status: on-track', 'status: «late»')).replace(/\n(?=.)/g, '\n> ');
      firesAt(lintFixture(plan({ body: AIMS_BLOCK + inQuote })), 'block-schema');
    });
    it('reports a misspelt block type at the type word, and ignores unrelated ones', () => {
      const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS) + '```yaml «workstrem»\nid: WS2\n```\n\n```yaml «priority»\n- id: P1\n```\n\n```yaml notes\nx: 1\n```\n\n```yaml constructor\nx: 1\n```\n' }));
      firesAt(linted, 'block-schema');
      assert.match(linted.of('block-schema')[0].message, /Unknown block type `workstrem`.*Did you mean `workstream`\?/);
    });
    it('refuses a workstream block in a framework', () => {
      const text = '---\nkind: commissioning-framework\nid: f\ntitle: F\norganisation: O\nperiod: 2024/25\n---\n\n«```yaml workstream»\nid: WS1\ntitle: T\n```\n';
      firesAt(lintFixture(text), 'block-schema');
    });
  });

  describe('unknown-aim / unknown-priority / unknown-workstream', () => {
    it('reports unknown references with the id they plausibly mean', () => {
      const linted = lintFixture(plan({ frontMatter: 'framework: builtin:x\n', body: AIMS_BLOCK + workstream(CLEAN_WS.replace('aims: [A1, A2]', 'aims: [A1, A2, «sa-4»]\npriorities: [P1, «P2»]')) }), {}, FRAMEWORK);
      firesAt({ ...linted, spans: [linted.spans[0]] }, 'unknown-aim');
      assert.match(linted.of('unknown-aim')[0].message, /Unknown aim `sa-4`.*Did you mean `SA4`\?$/);
      assert.deepEqual(linted.of('unknown-aim')[0].data?.suggestions, ['SA4']);
      firesAt({ ...linted, spans: [linted.spans[1]] }, 'unknown-priority');
    });
    it('offers no id that is only another number, and names the few ids there are instead', () => {
      const linted = lintFixture(plan({ frontMatter: 'framework: builtin:x\n', body: AIMS_BLOCK + workstream(CLEAN_WS.replace('aims: [A1, A2]', 'aims: [A1, A2, «SA7»]')) }), {}, FRAMEWORK);
      firesAt(linted, 'unknown-aim');
      assert.match(linted.of('unknown-aim')[0].message, /Unknown aim `SA7`.*\. The aims defined are `SA1`, `SA4`, `A1`, `A2`\. Define it in an `aims` block or fix the id\.$/);
      assert.deepEqual(linted.of('unknown-aim')[0].data?.suggestions, []);
    });
    it('checks the priorities a milestone names, as a workstream\'s', () => {
      const ws = CLEAN_WS.replace('aims: [A1, A2]', 'aims: [SA1, SA4]\npriorities: [P1]').replace('    status: on-track\n', '    status: on-track\n    priorities: [P1, «p-01», «P9»]\n');
      const linted = lintFixture(plan({ frontMatter: 'framework: builtin:x\n', body: workstream(ws) }), {}, FRAMEWORK);
      firesAt(linted, 'unknown-priority');
      assert.match(linted.of('unknown-priority')[0].message, /^Unknown priority `p-01`: .* Did you mean `P1`\?$/);
      assert.deepEqual(linted.of('unknown-priority')[0].data?.suggestions, ['P1']);
    });
    it('says when an id names the wrong kind of entity', () => {
      const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS.replace('aims: [A1, A2]', 'aims: [A1, A2, «WS1»]')) }));
      firesAt(linted, 'unknown-aim');
      assert.match(linted.of('unknown-aim')[0].message, /`WS1` is a workstream, not an aim/);
    });
    it('checks the front matter aims list and priority workstream lists', () => {
      const linted = lintFixture(plan({ frontMatter: 'framework: builtin:x\naims: [SA1, SA4, «SA9»]\n', body: workstream(CLEAN_WS.replace('aims: [A1, A2]', 'aims: [SA1, SA4]')) }), {}, FRAMEWORK);
      firesAt(linted, 'unknown-aim');
      const withPriorities = lintFixture(plan({ body: AIMS_BLOCK + '```yaml priorities\n- id: P9\n  title: Local\n  workstreams: [WS1, «WS9»]\n```\n' + workstream(CLEAN_WS) }));
      firesAt(withPriorities, 'unknown-workstream');
    });
    it('an unknown workstream is looked for in the plan only: frameworks have no workstreams', () => {
      const linted = lintFixture(plan({ frontMatter: 'framework: builtin:x\n', body: '```yaml priorities\n- id: P9\n  title: Local\n  workstreams: [«WS9»]\n```\n' + workstream(CLEAN_WS.replace('aims: [A1, A2]', 'aims: [SA1, SA4]')) }), {}, FRAMEWORK);
      firesAt(linted, 'unknown-workstream');
      assert.match(linted.of('unknown-workstream')[0].message, /^Unknown workstream `WS9`: no workstream with this id is defined in this plan\. The workstreams defined are `WS1`\. Define it in a `workstream` block or fix the id\.$/);
      const framework = lintFixture(FRAMEWORK.text.replace('```yaml priorities\n', '```yaml priorities\n- id: P7\n  title: Local\n  workstreams: [«WS1»]\n'));
      firesAt(framework, 'unknown-workstream');
      assert.match(framework.of('unknown-workstream')[0].message, /a framework has no workstreams.*Remove `workstreams` here/);
    });
  });

  describe('duplicate-id', () => {
    it('reports the second definition with the first as related information', () => {
      const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS) + workstream(CLEAN_WS.replace('id: WS1\n', 'id: «WS1»\n').replace(/WS1-M1/, '«WS1-M1»').replace(/WS1-K1/, '«WS1-K1»').replace('aims: [A1, A2]', 'aims: [A1]')) }));
      firesAt(linted, 'duplicate-id');
      const first = linted.of('duplicate-id')[0];
      assert.equal(linted.document.text.slice(first.related![0].span.start, first.related![0].span.end), 'WS1');
      assert.ok(first.related![0].span.start < first.span.start);
    });
    it('reports a plan id that repeats a framework id', () => {
      const linted = lintFixture(plan({ frontMatter: 'framework: builtin:x\n', body: '```yaml aims\n- id: «SA1»\n  title: Mine\n```\n' + workstream(CLEAN_WS.replace('aims: [A1, A2]', 'aims: [SA1, SA4]')) }), {}, FRAMEWORK);
      firesAt(linted, 'duplicate-id');
      assert.equal(linted.of('duplicate-id')[0].related![0].document, FRAMEWORK);
    });
  });

  describe('invalid-period', () => {
    it('reports every unreadable period and impossible date at its value', () => {
      const body = CLEAN_WS.replace('due: Q4 2024/25\n    status: on-track', 'due: «Q5 24/25»\n    status: done\n    done_on: «2025-02-30»').replace('period: 2023/24}', 'period: «2024/26»}');
      const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(body) }));
      firesAt(linted, 'invalid-period');
      assert.match(linted.of('invalid-period')[0].message, /quarters are Q1-Q4/);
    });
    it("reports the plan's own period", () => {
      firesAt(lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS) }).replace('period: 2024/25', 'period: «Q4 2024/25»')), 'invalid-period');
    });
    it('accepts every documented notation', () => {
      const commissioners = [
        '31/03/2025', '31.03.2025', '31 March 2025', '31 Mar 2025', '31-Mar-2025', '31-Mar-25', 'end of March 2025', 'end March 2025', 'Mar-25',
        'Q4 FY24/25', 'Q4 FY2024/25', 'FY24/25 Q4', 'FY2024/25 Q3', 'FY24/25', 'FY2024/25', 'FY 2024/25', '2024/25 FY', 'H2 2024/25', 'H1 FY24/25',
        'by Q4 2024/25', 'end Q4 24/25', 'end of Q4 2024/25', 'by March 2025', 'by 31/03/2025', 'Q2', 'by Q2',
      ];
      for (const due of ['Q4 2024/25', 'Q4 24/25', '2024/25 Q4', '2024-25 Q4', 'June 2024', 'March 2025', '2025-03-31', '2024/25', 'Year 1', ...commissioners]) {
        const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS.replace('due: Q4 2024/25\n    status: on-track', `due: ${due}\n    status: on-track`)) }));
        assert.deepEqual(linted.of('invalid-period'), [], due);
      }
    });
    it('reads a bare quarter only in a plan whose period is one financial year', () => {
      const body = AIMS_BLOCK + workstream(CLEAN_WS.replace('due: Q4 2024/25', 'due: «Q2»'));
      const linted = lintFixture(plan({ body }).replace('period: 2024/25', 'period: 2024/25-2025/26'));
      firesAt(linted, 'invalid-period');
      assert.match(linted.of('invalid-period')[0].message, /a quarter needs its financial year unless the plan's `period` is a single financial year: write e\.g\. `Q2 2024\/25`\.$/);
      const dates = lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS.replace('due: Q4 2024/25', 'due: Q2')) })).document.milestones[0].due!.result;
      assert.ok(dates.ok && dates.period.canonical === 'Q2 2024/25');
    });
    it('rejects TBC outside a milestone due, saying a date is needed there', () => {
      const body = CLEAN_WS.replace('period: 2023/24}', 'period: «TBC»}').replace('target: {value: 77, due: Q4 2024/25}', 'target: {value: 77, due: «to be confirmed»}');
      const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(body) }));
      firesAt(linted, 'invalid-period');
      for (const d of linted.of('invalid-period')) assert.match(d.message, /a date is needed here; `(TBC|to be confirmed)` is accepted only as a milestone's `due`: write the period, e\.g\. `Q4 2024\/25`\.$/);
      assert.deepEqual(linted.of('unscheduled-milestone'), []);
    });
  });

  describe('unscheduled-milestone', () => {
    const unscheduled = (due: string) => CLEAN_WS.replace('due: Q4 2024/25', `due: «${due}»`);
    it('notes a milestone due TBC at its value, as info, and nothing else', () => {
      for (const due of ['TBC', 'TBD', 'to be confirmed', 'tbc']) {
        const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(unscheduled(due)) }), { asOf: dayFromIso('2030-01-01') });
        firesAt(linted, 'unscheduled-milestone');
        const [note] = linted.of('unscheduled-milestone');
        assert.equal(note.severity, 'info');
        assert.equal(note.message, `Milestone \`WS1-M1\` is unscheduled (\`due: ${due}\`): it cannot be overdue and is not on the timeline. Once the date is agreed, write its period, e.g. \`Q4 2024/25\`.`);
        assert.deepEqual(linted.diagnostics.map((d) => d.ruleId), ['unscheduled-milestone'], 'not invalid, not overdue, not outside the plan period');
      }
    });
    it('is never overdue, even when recurring', () => {
      const body = unscheduled('TBC').replace('status: on-track', 'status: on-track\n    cadence: quarterly\n    done_on: 2024-01-15');
      assert.deepEqual(lintFixture(plan({ body: AIMS_BLOCK + workstream(body) }), { asOf: dayFromIso('2030-01-01') }).of('overdue-milestone'), []);
    });
    it('leaves `due` required: a milestone without it is a schema error', () => {
      const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS.replace('    due: Q4 2024/25\n', '')) }));
      assert.equal(linted.of('block-schema').length, 1);
      assert.match(linted.of('block-schema')[0].message, /due/);
      assert.deepEqual(linted.of('unscheduled-milestone'), []);
    });
  });

  describe('unresolved-framework', () => {
    it('reports at the framework value, and leaves references that may be in it unjudged', () => {
      const linted = lintFixture(plan({ frontMatter: 'framework: «./missing.md»\n', body: AIMS_BLOCK + workstream(CLEAN_WS.replace('aims: [A1, A2]', 'aims: [A1, A2, SA1, WS1]')) }), {}, { ok: false, message: 'The framework file `./missing.md` does not exist.' });
      firesAt(linted, 'unresolved-framework');
      assert.deepEqual(linted.of('unknown-aim').map((d) => d.message), ['`WS1` is a workstream, not an aim; name an aim here.']);
    });
  });

  describe('aim-without-workstream', () => {
    it("points a framework aim at the plan's framework value and an own aim at its id", () => {
      const text = plan({ frontMatter: 'framework: «builtin:x»\n', body: '```yaml aims\n- id: «OWN1»\n  title: Mine\n```\n' + workstream(CLEAN_WS.replace('aims: [A1, A2]', 'aims: [SA1]')) });
      const linted = lintFixture(text, {}, FRAMEWORK);
      firesAt(linted, 'aim-without-workstream');
      assert.match(linted.of('aim-without-workstream')[0].message, /Aim `SA4`/);
      assert.equal(linted.of('aim-without-workstream')[0].related![0].document, FRAMEWORK);
    });
    it('only checks the aims a plan adopts', () => {
      const linted = lintFixture(plan({ frontMatter: 'framework: builtin:x\naims: [SA1]\n', body: workstream(CLEAN_WS.replace('aims: [A1, A2]', 'aims: [SA1]')) }), {}, FRAMEWORK);
      assert.deepEqual(linted.of('aim-without-workstream'), []);
    });
  });

  describe('aim-not-adopted', () => {
    it('reports a framework aim a workstream links that the front matter aims do not list, at the link', () => {
      const text = plan({ frontMatter: 'framework: builtin:x\naims: [SA1]\n', body: workstream(CLEAN_WS.replace('aims: [A1, A2]', 'aims: [SA1, «SA4»]')) + workstream(CLEAN_WS.replace(/WS1/g, 'WS2').replace('aims: [A1, A2]', 'aims: [«SA4»]')) });
      const linted = lintFixture(text, {}, FRAMEWORK);
      firesAt(linted, 'aim-not-adopted');
      assert.equal(linted.of('aim-not-adopted')[0].message,
        "Workstream `WS1` links aim `SA4` (Reduce health inequalities across our whole population), which this plan does not adopt: its front matter `aims` lists only `SA1`, so the report's coverage matrix leaves it out. Add `SA4` to the front matter `aims`, or take it out of this workstream's `aims`.");
      const related = linted.of('aim-not-adopted')[0].related![0];
      assert.equal(related.document.text.slice(related.span.start, related.span.end), '[SA1]');
      assert.deepEqual(linted.of('aim-not-adopted')[1].data, { aim: 'SA4' });
      // Nothing else reports the link: the aim is defined, and the plan adopts no aim that no workstream serves.
      assert.deepEqual(linted.diagnostics.map((d) => d.ruleId), ['aim-not-adopted', 'aim-not-adopted']);
    });
    it('says when the front matter lists no aims at all', () => {
      const linted = lintFixture(plan({ frontMatter: 'framework: builtin:x\naims: []\n', body: workstream(CLEAN_WS.replace('aims: [A1, A2]', 'aims: [«SA1»]')) }), {}, FRAMEWORK);
      firesAt(linted, 'aim-not-adopted');
      assert.match(linted.of('aim-not-adopted')[0].message, /its front matter `aims` lists none,/);
    });
    it('is quiet without an aims list, for the plan\'s own aims, for unknown ids and with an unreadable front matter', () => {
      const all = lintFixture(plan({ frontMatter: 'framework: builtin:x\n', body: workstream(CLEAN_WS.replace('aims: [A1, A2]', 'aims: [SA1, SA4]')) }), {}, FRAMEWORK);
      assert.deepEqual(all.of('aim-not-adopted'), []);
      const own = lintFixture(plan({ frontMatter: 'framework: builtin:x\naims: [SA1, SA4]\n', body: AIMS_BLOCK + workstream(CLEAN_WS.replace('aims: [A1, A2]', 'aims: [SA1, SA4, A1, A2, SA9]')) }), {}, FRAMEWORK);
      assert.deepEqual(own.of('aim-not-adopted'), []);
      assert.equal(own.of('unknown-aim').length, 1);
      const broken = lintFixture(plan({ frontMatter: 'framework: builtin:x\naims: [SA1\n', body: workstream(CLEAN_WS.replace('aims: [A1, A2]', 'aims: [SA1, SA4]')) }), {}, FRAMEWORK);
      assert.deepEqual(broken.of('aim-not-adopted'), []);
    });
  });

  describe('workstream-without-aim and missing-metrics', () => {
    it('fire at the workstream id', () => {
      const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS) + workstream('id: «WS2»\ntitle: Nothing yet\n') }));
      firesAt(linted, 'workstream-without-aim');
      firesAt(linted, 'missing-metrics');
    });
    it('treat an empty aims list as no aims', () => {
      firesAt(lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS) + workstream('id: «WS2»\ntitle: Nothing yet\naims: []\n' + GOOD_METRICS.replace(/WS1-K1/, 'WS2-K1')) })), 'workstream-without-aim');
    });
  });

  describe('incomplete-metric', () => {
    it('names every missing part at the metric id', () => {
      const body = CLEAN_WS.replace('  - id: WS1-K1', '  - id: «WS1-K1»').replace('    source: Cancer Waiting Times\n', '').replace('target: {value: 77, due: Q4 2024/25}', 'target: {value: 77}');
      const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(body) }));
      firesAt(linted, 'incomplete-metric');
      assert.deepEqual(linted.of('incomplete-metric')[0].data?.missing, ['target.due', 'source']);
    });
  });

  describe('overdue-milestone', () => {
    it('fires at the due value once the period has ended, unless done or dropped', () => {
      const body = CLEAN_WS.replace('due: Q4 2024/25', 'due: «Q4 23/24»');
      const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(body) }));
      firesAt(linted, 'overdue-milestone');
      assert.match(linted.of('overdue-milestone')[0].message, /due by 31 Mar 2024 \(Q4 2023\/24\) and is 91 days overdue at the review date 30 Jun 2024/);
      for (const status of ['done', 'dropped']) {
        assert.deepEqual(lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS.replace('due: Q4 2024/25\n    status: on-track', `due: Q4 23/24\n    status: ${status}`)) })).of('overdue-milestone'), []);
      }
    });
    it('is not overdue on the last day of the period, and is one day after', () => {
      const text = plan({ body: AIMS_BLOCK + workstream(CLEAN_WS) });
      assert.equal(lintFixture(text, { asOf: dayFromIso('2025-03-31') }).of('overdue-milestone').length, 0);
      assert.equal(lintFixture(text, { asOf: dayFromIso('2025-04-01') }).of('overdue-milestone')[0].data?.days, 1);
    });
    it('a recurring milestone is overdue when done_on plus its cadence has passed, at done_on', () => {
      const body = CLEAN_WS.replace('due: Q4 2024/25\n    status: on-track', 'due: Q4 2024/25\n    status: on-track\n    cadence: quarterly\n    done_on: «2024-03-15»');
      const linted = lintFixture(plan({ body: AIMS_BLOCK + workstream(body) }));
      firesAt(linted, 'overdue-milestone');
      assert.match(linted.of('overdue-milestone')[0].message, /next due by 15 Jun 2024: 15 days overdue/);
      assert.deepEqual(lintFixture(plan({ body: AIMS_BLOCK + workstream(body.replace('«2024-03-15»', '2024-04-15')) })).of('overdue-milestone'), []);
    });
    it('the --as-of override beats the front matter as_of, which beats the config default', () => {
      const text = plan({ body: AIMS_BLOCK + workstream(CLEAN_WS) });
      assert.equal(lintFixture(text, { asOf: dayFromIso('2025-05-01') }).of('overdue-milestone').length, 1);
      assert.equal(lintFixture(text, { defaultAsOf: dayFromIso('2025-05-01') }).of('overdue-milestone').length, 0);
    });
  });

  describe('outside-plan-period', () => {
    it('fires for milestones due after the end or before the start of the plan period', () => {
      const body = CLEAN_WS.replace('due: Q4 2024/25\n    status: on-track', 'due: «Q1 2025/26»\n    status: on-track\n  - id: WS1-M2\n    title: Early\n    due: «2023/24»\n    status: done');
      firesAt(lintFixture(plan({ body: AIMS_BLOCK + workstream(body) })), 'outside-plan-period');
    });
    it('resolves Year N against the plan period', () => {
      const text = plan({ body: AIMS_BLOCK + workstream(CLEAN_WS.replace('due: Q4 2024/25', 'due: «Year 2»')) });
      firesAt(lintFixture(text), 'outside-plan-period');
    });
  });

  describe('target-before-baseline', () => {
    it('fires at the target due when it ends before the baseline period', () => {
      firesAt(lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS.replace('due: Q4 2024/25}', 'due: «Q1 2023/24»}')) })), 'target-before-baseline');
    });
  });

  describe('missing-inequality-breakdown', () => {
    it('fires for a workstream linking an inequalities aim (by title or focus) without a breakdown', () => {
      const body = CLEAN_WS.replace('id: WS1\n', 'id: «WS1»\n').replace('    breakdown: [deprivation]\n', '');
      firesAt(lintFixture(plan({ body: AIMS_BLOCK + workstream(body) })), 'missing-inequality-breakdown');
      const byFocus = lintFixture(plan({ frontMatter: 'framework: builtin:x\n', body: workstream(body.replace('aims: [A1, A2]', 'aims: [SA1, SA4]')) }), {}, FRAMEWORK);
      firesAt(byFocus, 'missing-inequality-breakdown');
    });
  });

  describe('settings and suppression', () => {
    const body = AIMS_BLOCK + workstream(CLEAN_WS) + workstream('id: WS2\ntitle: Nothing yet\naims: [A1]\n');
    it('turns rules off and changes severities', () => {
      assert.equal(lintFixture(plan({ body }), { rules: { 'missing-metrics': 'off' } }).of('missing-metrics').length, 0);
      assert.equal(lintFixture(plan({ body }), { rules: { 'missing-metrics': 'error' } }).of('missing-metrics')[0].severity, 'error');
    });
    it('honours disable-next-line above a block, disable/enable ranges and YAML disable-line comments', () => {
      assert.equal(lintFixture(plan({ body: body.replace('```yaml workstream\nid: WS2', '<!-- cplan-disable-next-line missing-metrics -->\n```yaml workstream\nid: WS2') })).of('missing-metrics').length, 0);
      assert.equal(lintFixture(plan({ body: '<!-- cplan-disable missing-metrics -->\n\n' + body + '\n<!-- cplan-enable missing-metrics -->\n' })).of('missing-metrics').length, 0);
      assert.equal(lintFixture(plan({ body: '<!-- cplan-disable -->\n\n' + body })).diagnostics.length, 0);
      assert.equal(lintFixture(plan({ body: body.replace('id: WS2\n', 'id: WS2 # cplan-disable-line missing-metrics\n') })).of('missing-metrics').length, 0);
      assert.equal(lintFixture(plan({ body: body.replace('id: WS2\n', 'id: WS2 # cplan-disable-line unknown-aim\n') })).of('missing-metrics').length, 1);
    });
  });

  it('ignores Markdown that is not a plan, and yaml blocks of unknown type', () => {
    assert.deepEqual(lintFixture('# Notes\n\n```yaml workstream\nid: [\n```\n').diagnostics, []);
    clean(lintFixture(plan({ body: AIMS_BLOCK + workstream(CLEAN_WS) + '```yaml\nid: [\n```\n\n```yaml notes\nx: [\n```\n' })));
  });

  it('keeps __proto__ keys as data', () => {
    const linted = lintFixture(plan({ frontMatter: '__proto__: {polluted: yes}\n', body: AIMS_BLOCK + workstream(CLEAN_WS.replace('title: Faster diagnosis', 'title: Faster diagnosis\nconstructor: 1')) }));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.match(linted.of('frontmatter-schema')[0].message, /Unknown key `__proto__`/);
    assert.match(linted.of('block-schema')[0].message, /Unknown key `constructor`/);
  });
});
