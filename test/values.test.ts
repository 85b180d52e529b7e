import assert from 'node:assert/strict';
import { lintFixture, plan, workstream, AIMS_BLOCK, GOOD_METRICS, type Linted } from './helpers/fixture.js';

/** A clean plan whose one metric has `lines` in place of its unit, baseline and target. */
function withMetric(replace: (metrics: string) => string): Linted {
  const body = `
id: WS1
title: Faster diagnosis
aims: [A1, A2]
milestones:
  - id: WS1-M1
    title: Launch pathway
    due: Q4 2024/25
    status: on-track
${replace(GOOD_METRICS)}`;
  return lintFixture(plan({ body: AIMS_BLOCK + workstream(body) }));
}

function at(linted: Linted, ruleId: string): string[] {
  return linted.of(ruleId).map((d) => linted.document.text.slice(d.span.start, d.span.end));
}

const others = (linted: Linted, ...ruleIds: string[]) => linted.diagnostics.filter((d) => !ruleIds.includes(d.ruleId)).map((d) => `${d.ruleId}: ${d.message}`);

describe('metric values as NHS documents write them', () => {
  it('`{value: 1,500, due: ...}` is one error at the whole number saying to write 1500 without the comma', () => {
    const linted = withMetric((m) => m.replace('target: {value: 77,', 'target: {value: 1,500,'));
    assert.deepEqual(at(linted, 'block-schema'), ['1,500']);
    const [problem] = linted.of('block-schema');
    assert.match(problem.message, /Metric `WS1-K1`: `target\.value` `1,500` is read as `1` followed by a key `500`.*write `1500` without the comma/);
    assert.doesNotMatch(problem.message, /Remove it/);
    assert.deepEqual(problem.data, { number: '1500' });
    assert.equal(linted.document.metrics[0].target?.value, 1500, 'the target counts as the number meant, not as 1');
  });

  it('`1,500,000` and `2,000` keep every group, zeros included', () => {
    const millions = withMetric((m) => m.replace('baseline: {value: 70,', 'baseline: {value: 1,500,000,'));
    assert.deepEqual(at(millions, 'block-schema'), ['1,500,000']);
    assert.deepEqual(millions.of('block-schema')[0].data, { number: '1500000' });
    const thousands = withMetric((m) => m.replace('baseline: {value: 70,', 'baseline: {value: 2,000,'));
    assert.deepEqual(thousands.of('block-schema')[0].data, { number: '2000' });
  });

  it('a real unknown numeric key is still an unknown key', () => {
    const linted = withMetric((m) => m.replace('target: {value: 77, due: Q4 2024/25}', 'target: {value: 77, due: Q4 2024/25, 500: x}'));
    assert.match(linted.of('block-schema')[0].message, /Unknown key `500`/);
  });

  it('a quoted `"1,500"` and a block `value: 1,500` are read as 1500 with no finding', () => {
    const quoted = withMetric((m) => m.replace('baseline: {value: 70,', 'baseline: {value: "1,500",').replace('{value: 77,', '{value: "2,000",'));
    assert.deepEqual(quoted.diagnostics, []);
    assert.equal(quoted.document.metrics[0].baseline?.value, 1500);
    assert.equal(quoted.document.metrics[0].target?.value, 2000);
    const block = withMetric((m) => m.replace('baseline: {value: 70, period: 2023/24}', 'baseline:\n      value: 1,500\n      period: 2023/24'));
    assert.deepEqual(block.diagnostics, []);
    assert.equal(block.document.metrics[0].baseline?.value, 1500);
  });

  it('`value: 80%` is read as 80; with `unit: "%"` it is clean', () => {
    const linted = withMetric((m) => m.replace('{value: 77,', '{value: 80%,'));
    assert.deepEqual(linted.diagnostics, []);
    assert.equal(linted.document.metrics[0].target?.value, 80);
  });

  it('`value: 80%` without a unit says to add `unit: "%"`', () => {
    const linted = withMetric((m) => m.replace('{value: 77,', '{value: 80%,').replace('    unit: "%"\n', ''));
    assert.equal(linted.of('incomplete-metric').length, 1);
    assert.match(linted.of('incomplete-metric')[0].message, /has no `unit`.*The value is a percentage: add `unit: "%"`\./);
  });

  it('`value: 80%` with another unit warns that they disagree, at the value', () => {
    const linted = withMetric((m) => m.replace('{value: 77,', '{value: 80%,').replace('unit: "%"', 'unit: patients'));
    assert.deepEqual(at(linted, 'incomplete-metric'), ['80%']);
    assert.match(linted.of('incomplete-metric')[0].message, /`target\.value` is a percentage \(80%\), but `unit` is `patients`/);
    assert.deepEqual(others(linted, 'incomplete-metric'), []);
  });

  it('`75% (2016)` is read as 75 with a hint to move the year into `period`', () => {
    const linted = withMetric((m) => m.replace('baseline: {value: 70, period: 2023/24}', 'baseline: {value: 75% (2016), period: 2023/24}'));
    assert.equal(linted.document.metrics[0].baseline?.value, 75);
    assert.deepEqual(at(linted, 'incomplete-metric'), ['75% (2016)']);
    assert.match(linted.of('incomplete-metric')[0].message, /`baseline\.value` holds the year `2016`; write `value: 75%` and keep the period in `baseline\.period` only/);
    const noPeriod = withMetric((m) => m.replace('baseline: {value: 70, period: 2023/24}', 'baseline: {value: 75% (2016)}'));
    assert.ok(noPeriod.of('incomplete-metric').some((d) => /put `2016` in `baseline\.period`/.test(d.message)));
  });
});

describe('placeholder-value', () => {
  for (const placeholder of ['TODO', 'TBC', 'tbd', 'XXX', '"?"', 'n/a', 'N/A']) {
    it(`\`value: ${placeholder}\` is a placeholder warning and counts as missing for incomplete-metric`, () => {
      const linted = withMetric((m) => m.replace('{value: 77,', `{value: ${placeholder},`));
      assert.deepEqual(at(linted, 'placeholder-value'), [placeholder]);
      assert.equal(linted.of('placeholder-value')[0].severity, 'warning');
      assert.match(linted.of('placeholder-value')[0].message, /`WS1-K1`: `target\.value` is still the placeholder `.+`; write the real figure once it is known\./);
      assert.deepEqual(linted.of('incomplete-metric')[0].data?.missing, ['target.value']);
    });
  }

  it('reports a placeholder unit, source and organisation, and not free text that merely contains one', () => {
    const body = withMetric((m) => m.replace('unit: "%"', 'unit: TBC').replace('source: Cancer Waiting Times', 'source: TODO'));
    assert.deepEqual(at(body, 'placeholder-value'), ['TBC', 'TODO']);
    assert.deepEqual(body.of('incomplete-metric')[0].data?.missing, ['unit', 'source']);
    const frontMatter = lintFixture(plan({ body: AIMS_BLOCK }).replace('organisation: NCL Cancer Alliance', 'organisation: TBC'));
    assert.match(frontMatter.of('placeholder-value')[0].message, /^`organisation` is still the placeholder `TBC`/);
    const prose = withMetric((m) => m.replace('source: Cancer Waiting Times', 'source: CWT (TBC with BI team)'));
    assert.deepEqual(prose.of('placeholder-value'), []);
  });
});

describe('enumerated values as commissioners write them', () => {
  const milestone = (line: string) => lintFixture(plan({ body: AIMS_BLOCK + workstream(`
id: WS1
title: Faster diagnosis
aims: [A1, A2]
milestones:
  - id: WS1-M1
    title: Launch pathway
    due: Q4 2024/25
${line}
${GOOD_METRICS}`) }));

  for (const [written, canonical] of [['At risk', 'at-risk'], ['Not started', 'not-started'], ['ON TRACK', 'on-track'], ['completed', 'done'], ['Complete', 'done']] as const) {
    it(`status \`${written}\` is accepted and read as \`${canonical}\``, () => {
      const linted = milestone(`    status: ${written}${canonical === 'done' ? '\n    done_on: 2025-03-01' : ''}`);
      assert.deepEqual(linted.diagnostics.map((d) => `${d.ruleId}: ${d.message}`), []);
      assert.equal(linted.document.milestones[0].status?.value, canonical);
    });
  }

  for (const [written, canonical] of [['six-monthly', 'biannual'], ['half-yearly', 'biannual'], ['twice a year', 'biannual'], ['yearly', 'annual'], ['Quarterly', 'quarterly']] as const) {
    it(`cadence \`${written}\` is accepted and read as \`${canonical}\``, () => {
      const linted = milestone(`    status: on-track\n    cadence: ${written}\n    done_on: 2024-06-01`);
      assert.deepEqual(linted.of('block-schema'), []);
      assert.equal(linted.document.milestones[0].cadence?.value, canonical);
    });
  }

  it('breakdown `PCN` and plan status `Draft` are accepted as `pcn` and `draft`', () => {
    const linted = lintFixture(plan({ frontMatter: 'status: Draft\n', body: AIMS_BLOCK + workstream(`
id: WS1
title: Faster diagnosis
aims: [A1, A2]
${GOOD_METRICS.replace('breakdown: [deprivation]', 'breakdown: [PCN, Deprivation]')}`) }));
    assert.deepEqual(linted.diagnostics.filter((d) => d.ruleId.endsWith('schema')), []);
    assert.deepEqual(linted.document.metrics[0].breakdown, ['pcn', 'deprivation']);
    assert.equal(linted.document.frontMatter?.status?.value, 'draft');
  });

  it('an ambiguous `delayed` stays an error that lists the candidates, with no quick-fix value', () => {
    const linted = milestone('    status: delayed');
    assert.deepEqual(linted.of('block-schema').map((d) => d.message), ['Milestone `WS1-M1`: `status` `delayed` could mean `at-risk` or `off-track`; write the one that fits.']);
    assert.equal(linted.of('block-schema')[0].data, undefined);
  });

  it('a did-you-mean on a value carries the value for its quick fix', () => {
    const linted = milestone('    status: on-trak');
    assert.match(linted.of('block-schema')[0].message, /Did you mean `on-track`\?/);
    assert.deepEqual(linted.of('block-schema')[0].data, { values: ['on-track'] });
  });
});
