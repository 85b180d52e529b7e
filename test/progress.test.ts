import assert from 'node:assert/strict';
import { lintFixture, linkWith, plan, workstream, AIMS_BLOCK, type Linted } from './helpers/fixture.js';
import { parsePlanDocument } from '../server/src/core/document.js';
import { dayFromIso } from '../server/src/core/periods.js';
import { ragOf } from '../server/src/core/rag.js';
import { directionOf, latestActual, lastCompletePeriod, trajectoryAt, trendOf } from '../server/src/core/progress.js';
import type { LintSettings } from '../server/src/core/link.js';
import { cplan, tempTree } from './helpers/cli.js';

/** Asserts that `ruleId` fired exactly on the «marked» spans, in order. */
function firesAt(linted: Linted, ruleId: string): void {
  const got = linted.of(ruleId).map((d) => linted.document.text.slice(d.span.start, d.span.end) + '@' + d.span.start);
  const want = linted.spans.map((s) => s.text + '@' + s.start);
  assert.deepEqual(got, want, `${ruleId} diagnostics: ${linted.of(ruleId).map((d) => d.message).join(' | ')}`);
}

/** A plan (period 2025/26, review date `asOf`) with one workstream: a milestone block and a metric with extra lines. */
function progressPlan(options: { asOf?: string; workstream?: string; milestones?: string; metric?: string; baseline?: string; target?: string }): string {
  const milestones = options.milestones ?? `  - id: WS1-M1
    title: Launch pathway
    due: Q4 2025/26
    status: on-track
`;
  const body = `id: WS1
title: Faster diagnosis
aims: [A1, A2]
${options.workstream ?? ''}milestones:
${milestones}metrics:
  - id: WS1-K1
    title: Faster Diagnosis Standard
    unit: "%"
    baseline: ${options.baseline ?? '{value: 77.1, period: Q4 2024/25}'}
    target: ${options.target ?? '{value: 80, due: Q4 2025/26}'}
    source: Cancer Waiting Times
    breakdown: [deprivation]
${options.metric ?? ''}`;
  return plan({ body: AIMS_BLOCK + workstream(body) }).replace('period: 2024/25\nas_of: 2024-06-30', `period: 2025/26\nas_of: ${options.asOf ?? '2025-07-15'}`);
}

const linkedOf = (source: string, settings: LintSettings = {}) => linkWith(parsePlanDocument('/work/plan.md', source.replace(/[«»]/g, '')), settings);
const metricOf = (source: string, settings?: LintSettings) => {
  const linked = linkedOf(source, settings);
  return { linked, metric: linked.document.metrics[0] };
};

describe('progress format', () => {
  it('reads actuals and trajectory values as baselines are read: 1,500 and 80% are numbers', () => {
    const { metric } = metricOf(progressPlan({ metric: '    actuals:\n      - {period: June 2025, value: "78.2%", note: provisional}\n      - {period: Q4 2024/25, value: "1,500"}\n    trajectory:\n      - {period: Q2 2025/26, value: 79}\n' }));
    assert.deepEqual(metric.actuals.map((a) => [a.period?.result.ok && a.period.result.period.canonical, a.value, a.note]), [['June 2025', 78.2, 'provisional'], ['Q4 2024/25', 1500, undefined]]);
    assert.deepEqual(metric.trajectory.map((t) => t.value), [79]);
  });

  it('infers the direction from baseline -> target unless written', () => {
    assert.equal(directionOf(metricOf(progressPlan({})).metric), 'higher');
    assert.equal(directionOf(metricOf(progressPlan({ baseline: '{value: 540, period: Q4 2024/25}', target: '{value: 400, due: Q4 2025/26}' })).metric), 'lower');
    assert.equal(directionOf(metricOf(progressPlan({ metric: '    direction: Lower\n' })).metric), 'lower');
  });

  it('the default trajectory is a straight line from the baseline period end to the target due date', () => {
    const { metric } = metricOf(progressPlan({}));
    assert.equal(trajectoryAt(metric, dayFromIso('2025-03-31')!), 77.1);
    assert.equal(trajectoryAt(metric, dayFromIso('2026-03-31')!), 80);
    assert.ok(Math.abs(trajectoryAt(metric, dayFromIso('2025-09-30')!)! - (77.1 + (2.9 * 183) / 365)) < 1e-9);
    const bent = metricOf(progressPlan({ metric: '    trajectory:\n      - {period: Q2 2025/26, value: 77.5}\n' })).metric;
    assert.equal(trajectoryAt(bent, dayFromIso('2025-09-30')!), 77.5);
  });

  it('the latest actual is the latest period up to the review date, whatever the order written', () => {
    const { linked, metric } = metricOf(progressPlan({ metric: '    actuals:\n      - {period: Q1 2025/26, value: 78}\n      - {period: Q4 2024/25, value: 77}\n      - {period: Q3 2025/26, value: 99}\n' }));
    assert.equal(latestActual(metric, linked.reviewDate)?.value, 78);
  });

  it('the last complete reporting period ends before the review date', () => {
    assert.equal(lastCompletePeriod('quarterly', dayFromIso('2025-06-30')!).canonical, 'Q4 2024/25');
    assert.equal(lastCompletePeriod('quarterly', dayFromIso('2025-07-01')!).canonical, 'Q1 2025/26');
    assert.equal(lastCompletePeriod('monthly', dayFromIso('2025-07-15')!).canonical, 'June 2025');
  });

  it('the trend is the least-squares line through the last N actuals', () => {
    const source = progressPlan({ asOf: '2026-01-15', metric: '    actuals:\n      - {period: Q1 2025/26, value: 70}\n      - {period: Q2 2025/26, value: 78}\n      - {period: Q3 2025/26, value: 78.5}\n' });
    const all = trendOf(metricOf(source).metric, dayFromIso('2026-01-15')!, { trendActuals: 3 })!;
    const lastTwo = trendOf(metricOf(source).metric, dayFromIso('2026-01-15')!, { trendActuals: 2 })!;
    assert.equal(all.used.length, 3);
    assert.ok(all.projected > 80, 'the steep first quarter carries the line past the target');
    assert.ok(Math.abs(lastTwo.projected - (78.5 + (0.5 * 90) / 92)) < 1e-9, `through the last two only: ${lastTwo.projected}`);
  });
});

const BAD_PROGRESS = "---\nkind: commissioning-plan\nid: p\ntitle: P\norganisation: O\nperiod: 2025/26\nas_of: 2025-07-15\n---\n\n```yaml aims\n- id: A1\n  title: Aim\n```\n\n```yaml workstream\nid: WS1\ntitle: W\naims: [A1]\nupdates:\n  - {on: 2025-13-01, text: bad date}\n  - {on: 2025-07-01}\n  - just text\nmilestones:\n  - id: M1\n    title: T\n    due: Q4 2025/26\n    status: on-track\n    depends_on: M2\n    risks: [ok, {rating: high}, 3]\n    rag: {value: purple, reason: x}\nmetrics:\n  - id: K1\n    title: K\n    unit: \"%\"\n    baseline: {value: 70, period: Q4 2024/25}\n    target: {value: 80, due: Q4 2025/26}\n    source: S\n    direction: sideways\n    reporting: weekly\n    tolerance: lots\n    actuals:\n      - {period: Q1 2025/26, value: TBC}\n      - {period: Q9 2025/26, value: 71}\n      - {period: Q1 2025/26, value: \"1,500\"}\n      - {value: 3}\n      - 72\n    trajectory:\n      - {period: Q2 2025/26, value: about 75}\n```\n";

describe('progress rules', () => {
  it('bad progress input gets a diagnostic at the value, never a crash', () => {
    const linted = lintFixture(BAD_PROGRESS);
    const at = (ruleId: string) => linted.of(ruleId).map((d) => linted.document.text.slice(d.span.start, d.span.end));
    assert.deepEqual(at('invalid-period'), ['2025-13-01', 'Q9 2025/26']);
    assert.ok(['purple', 'sideways', 'weekly', 'lots', 'TBC', 'about 75', '3', 'M2'].every((v) => at('block-schema').includes(v)), at('block-schema').join(' | '));
    assert.match(linted.of('block-schema').find((d) => /tolerance/.test(d.message))!.message, /a tolerance is a number in the metric's unit/);
    const linked = linkedOf(BAD_PROGRESS);
    for (const item of [...linked.document.workstreams, ...linked.document.milestones, ...linked.document.metrics]) assert.ok(ragOf(linked, item).why);
  });

  it('metric-off-trajectory points at the latest actual with what the trajectory expected', () => {
    const linted = lintFixture(progressPlan({ metric: '    actuals:\n      - {period: Q4 2024/25, value: 77.1}\n      - {period: Q1 2025/26, value: «76»}\n' }));
    firesAt(linted, 'metric-off-trajectory');
    assert.match(linted.of('metric-off-trajectory')[0].message, /the latest actual, 76% for Q1 2025\/26, is 1\.82 percentage points below the straight line from baseline to target, which expected 77\.82% by Q1 2025\/26; the tolerance is 0\.15 percentage points/);
  });

  it('metric-off-trajectory: within the tolerance, ahead, or the other direction is on track', () => {
    assert.equal(lintFixture(progressPlan({ metric: '    actuals:\n      - {period: Q1 2025/26, value: 77.7}\n' })).of('metric-off-trajectory').length, 0);
    assert.equal(lintFixture(progressPlan({ metric: '    tolerance: 2\n    actuals:\n      - {period: Q1 2025/26, value: 76}\n' })).of('metric-off-trajectory').length, 0);
    assert.equal(lintFixture(progressPlan({ metric: '    actuals:\n      - {period: Q1 2025/26, value: 76}\n' }), { progress: { tolerancePercent: 70 } }).of('metric-off-trajectory').length, 0);
    const lower = progressPlan({ baseline: '{value: 540, period: Q4 2024/25}', target: '{value: 400, due: Q4 2025/26}', metric: '    actuals:\n      - {period: Q1 2025/26, value: «530»}\n' });
    firesAt(lintFixture(lower), 'metric-off-trajectory');
    assert.equal(lintFixture(lower.replace('«530»', '480')).of('metric-off-trajectory').length, 0);
  });

  it('metric-direction reports a direction that contradicts baseline and target', () => {
    firesAt(lintFixture(progressPlan({ metric: '    direction: «lower»\n' })), 'metric-direction');
    assert.equal(lintFixture(progressPlan({ metric: '    direction: higher\n' })).of('metric-direction').length, 0);
  });

  it('actual-outside-plan: after the review date, or before the baseline period', () => {
    const linted = lintFixture(progressPlan({ metric: '    actuals:\n      - {period: «Q3 2023/24», value: 70}\n      - {period: Q1 2025/26, value: 78}\n      - {period: «August 2025», value: 78}\n' }));
    firesAt(linted, 'actual-outside-plan');
    assert.match(linted.of('actual-outside-plan')[0].message, /before the baseline period Q4 2024\/25 starts/);
    assert.match(linted.of('actual-outside-plan')[1].message, /ends on 31 Aug 2025, after the review date 15 Jul 2025/);
  });

  it('metric-stale: only a metric with actuals, for the last complete quarter (or month) after the baseline', () => {
    firesAt(lintFixture(progressPlan({ asOf: '2025-10-15', metric: '    actuals:\n      - «{period: Q1 2025/26, value: 78}»\n' })), 'metric-stale');
    firesAt(lintFixture(progressPlan({ asOf: '2025-10-15', metric: '    «actuals»: []\n' })), 'metric-stale');
    assert.equal(lintFixture(progressPlan({ asOf: '2025-10-15' })).of('metric-stale').length, 0, 'no actuals key: not tracked');
    assert.equal(lintFixture(progressPlan({ asOf: '2025-10-15', metric: '    actuals:\n      - {period: September 2025, value: 78}\n' })).of('metric-stale').length, 0);
    assert.equal(lintFixture(progressPlan({ asOf: '2025-04-15', metric: '    actuals: []\n' })).of('metric-stale').length, 0, 'Q4 2024/25 is the baseline');
    const monthly = lintFixture(progressPlan({ asOf: '2025-10-15', metric: '    reporting: monthly\n    actuals:\n      - {period: Q2 2025/26, value: 78}\n' }));
    assert.equal(monthly.of('metric-stale').length, 0, 'Q2 ends in September');
    const config = lintFixture(progressPlan({ asOf: '2025-11-15', metric: '    actuals:\n      - «{period: Q2 2025/26, value: 78}»\n' }), { progress: { reporting: 'monthly' } });
    firesAt(config, 'metric-stale');
    assert.match(config.of('metric-stale')[0].message, /no actual for October 2025/);
  });

  it('target-at-risk: the trend of the last actuals misses the target, with the figures', () => {
    const linted = lintFixture(progressPlan({ asOf: '2025-10-15', target: '{value: «80», due: Q4 2025/26}', metric: '    actuals:\n      - {period: Q1 2025/26, value: 78.5}\n      - {period: Q2 2025/26, value: 78.6}\n' }));
    firesAt(linted, 'target-at-risk');
    const [finding] = linted.of('target-at-risk');
    assert.match(finding.message, /last 2 actuals \(Q1 2025\/26, Q2 2025\/26; \+0\.4 percentage points a year\) it reaches 78\.8% by 31 Mar 2026 \(Q4 2025\/26\), 1\.2 percentage points short of the target 80%/);
    assert.equal(finding.related?.length, 2);
    assert.equal(lintFixture(progressPlan({ asOf: '2025-10-15', metric: '    actuals:\n      - {period: Q1 2025/26, value: 78.5}\n' })).of('target-at-risk').length, 0, 'one actual draws no line');
    assert.equal(lintFixture(progressPlan({ asOf: '2025-10-15', metric: '    actuals:\n      - {period: Q1 2025/26, value: 77.9}\n      - {period: Q2 2025/26, value: 78.6}\n' })).of('target-at-risk').length, 0);
  });

  it('dependency-late: a dependency due later, itself, or an unknown id', () => {
    const milestones = `  - id: WS1-M1
    title: Launch pathway
    due: Q4 2025/26
    status: on-track
  - id: WS1-M2
    title: Evaluate pathway
    due: Q2 2025/26
    status: not-started
    depends_on: [«WS1-M1», «WS1-M3», «WS1-M2», «WS1»]
`;
    const linted = lintFixture(progressPlan({ milestones }));
    firesAt(linted, 'dependency-late');
    const messages = linted.of('dependency-late').map((d) => d.message);
    assert.match(messages[0], /due by 30 Sep 2025 \(Q2 2025\/26\) but depends on `WS1-M1`, due 182 days later, by 31 Mar 2026 \(Q4 2025\/26\)/);
    assert.equal(linted.of('dependency-late')[0].related?.length, 1);
    // One digit for another is not a typo to the id policy (`plausibleIds`, as for unknown aims): no guess offered.
    assert.match(messages[1], /no milestone has this id\. Fix the id, or remove it from `depends_on`\./);
    assert.deepEqual(linted.of('dependency-late')[1].data?.suggestions, []);
    assert.match(messages[2], /depends on itself/);
    assert.match(messages[3], /is a workstream, not a milestone/);
    assert.equal(lintFixture(progressPlan({ milestones: milestones.replace('status: on-track', 'status: done\n    done_on: 2025-06-01').replace(/«[^»]*»/g, (m) => m.slice(1, -1)).replace(', WS1-M3, WS1-M2, WS1', '') })).of('dependency-late').length, 0, 'a done dependency is not late');
  });

  it('dependency-late offers the ids the unknown-id rules would: `ws1-m3` stands for `WS1-M3` alone, not every close id', () => {
    const milestones = ['WS1-M1', 'WS1-M2', 'WS1-M3', 'WS1-M4'].map((id, i) => `  - id: ${id}\n    title: Step ${i + 1}\n    due: Q4 2025/26\n    status: on-track\n`).join('')
      + '  - id: WS1-M5\n    title: Evaluate\n    due: Q4 2025/26\n    status: on-track\n    depends_on: [«ws1-m3»]\n';
    const linted = lintFixture(progressPlan({ milestones }));
    firesAt(linted, 'dependency-late');
    assert.deepEqual(linted.of('dependency-late')[0].data?.suggestions, ['WS1-M3']);
    assert.match(linted.of('dependency-late')[0].message, /Did you mean `WS1-M3`\?$/);
  });

  it('stale-update: a workstream, and an at-risk milestone, without an update in 100 days, in a plan that records updates', () => {
    const milestones = '  - id: WS1-M1\n    title: Launch pathway\n    due: Q4 2025/26\n    status: «at-risk»\n';
    const stale = lintFixture(progressPlan({ asOf: '2025-09-30', workstream: '«updates»:\n  - {on: 2025-06-01, text: Live at two providers}\n', milestones }));
    firesAt(stale, 'stale-update');
    assert.match(stale.of('stale-update')[0].message, /latest update is from 1 Jun 2025, 121 days before the review date 30 Sep 2025/);
    assert.equal(lintFixture(progressPlan({ asOf: '2025-09-30', workstream: 'updates:\n  - {on: 2025-06-01, text: Live at two providers}\n' }), { progress: { updateDays: 150 } }).of('stale-update').length, 0);
    assert.equal(lintFixture(progressPlan({ asOf: '2025-09-30', milestones })).of('stale-update').length, 0, 'a plan with no updates is not tracked in cplan');
    const fresh = progressPlan({ asOf: '2025-09-30', workstream: 'updates:\n  - {on: 2025-09-01, text: Live at three}\n  - {on: 2025-06-01, text: Live at two}\n' });
    assert.equal(lintFixture(fresh).of('stale-update').length, 0, 'the latest counts, in any order');
    const future = lintFixture(progressPlan({ asOf: '2025-09-30', workstream: '«updates»:\n  - {on: 2025-12-01, text: Written ahead}\n' }));
    firesAt(future, 'stale-update');
  });

  it('rag-override: reported two steps from the computed RAG, not one', () => {
    const override = (value: string) => `  - id: WS1-M1\n    title: Launch pathway\n    due: Q4 2025/26\n    status: off-track\n    rag: {value: «${value}», reason: Provider says it is nearly there}\n`;
    const linted = lintFixture(progressPlan({ milestones: override('green') }));
    firesAt(linted, 'rag-override');
    assert.match(linted.of('rag-override')[0].message, /overridden to green, but its RAG computes as red \(status off-track\)/);
    assert.equal(lintFixture(progressPlan({ milestones: override('amber') })).of('rag-override').length, 0);
    assert.ok(lintFixture(progressPlan({ milestones: override('amber').replace(', reason: Provider says it is nearly there', '') })).of('block-schema').length > 0, 'an override needs a reason');
  });

  it('the review date pins every progress rule: the same plan later is stale', () => {
    const source = progressPlan({ asOf: '2025-07-15', metric: '    actuals:\n      - {period: Q1 2025/26, value: 77.9}\n' });
    assert.equal(lintFixture(source).of('metric-stale').length, 0);
    assert.equal(lintFixture(source, { asOf: dayFromIso('2025-10-15') }).of('metric-stale').length, 1);
  });
});

describe('RAG', () => {
  const milestoneRag = (status: string, due = 'Q4 2025/26', extra = '') =>
    ragOf(...((l) => [l, l.document.milestones[0]] as const)(linkedOf(progressPlan({ milestones: `  - id: WS1-M1\n    title: T\n    due: ${due}\n    status: ${status}\n${extra}` }))));

  it('milestones: blue when done, red when overdue or off-track, amber at risk, none when dropped', () => {
    assert.equal(milestoneRag('done', 'Q4 2025/26', '    done_on: 2025-05-01\n').value, 'blue');
    assert.equal(milestoneRag('on-track', 'Q4 2024/25').value, 'red');
    assert.match(milestoneRag('on-track', 'Q4 2024/25').why, /overdue by 106 days/);
    assert.equal(milestoneRag('off-track').value, 'red');
    assert.equal(milestoneRag('at-risk').value, 'amber');
    assert.equal(milestoneRag('on-track').value, 'green');
    assert.equal(milestoneRag('dropped').value, undefined);
  });

  it('an override is shown, and the computed value kept', () => {
    const rag = milestoneRag('off-track', 'Q4 2025/26', '    rag: {value: amber, reason: Recovery plan agreed}\n');
    assert.deepEqual([rag.value, rag.computed, rag.override?.reason], ['amber', 'red', 'Recovery plan agreed']);
  });

  it('a milestone that depends on a red one is amber', () => {
    const linked = linkedOf(progressPlan({ milestones: '  - id: WS1-M1\n    title: A\n    due: Q4 2024/25\n    status: on-track\n  - id: WS1-M2\n    title: B\n    due: Q4 2025/26\n    status: on-track\n    depends_on: [WS1-M1]\n' }));
    assert.equal(ragOf(linked, linked.document.milestones[1]).value, 'amber');
  });

  it('metrics: not rated without actuals; green on trajectory; amber off it or at risk; red both, or the target missed; blue met', () => {
    const rag = (asOf: string, actuals: string) => {
      const { linked, metric } = metricOf(progressPlan({ asOf, metric: `    actuals:\n${actuals}` }));
      return ragOf(linked, metric).value;
    };
    assert.equal(rag('2025-07-15', '      []\n'), undefined);
    assert.equal(rag('2025-07-15', '      - {period: Q1 2025/26, value: 77.9}\n'), 'green');
    assert.equal(rag('2025-07-15', '      - {period: Q1 2025/26, value: 76}\n'), 'amber');
    assert.equal(rag('2025-10-15', '      - {period: Q1 2025/26, value: 78.5}\n      - {period: Q2 2025/26, value: 78.6}\n'), 'amber');
    assert.equal(rag('2025-10-15', '      - {period: Q1 2025/26, value: 78}\n      - {period: Q2 2025/26, value: 77.5}\n'), 'red');
    assert.equal(rag('2026-04-15', '      - {period: Q4 2025/26, value: 79}\n'), 'red');
    assert.equal(rag('2025-10-15', '      - {period: Q2 2025/26, value: 80.2}\n'), 'blue');
  });

  it('a workstream takes the worst of its milestones and metrics, or its status', () => {
    const linked = linkedOf(progressPlan({ milestones: '  - id: WS1-M1\n    title: A\n    due: Q4 2025/26\n    status: at-risk\n' }));
    const rag = ragOf(linked, linked.document.workstreams[0]);
    assert.deepEqual([rag.value, rag.why], ['amber', '`WS1-M1` amber']);
    const done = linkedOf(progressPlan({ workstream: 'status: done\n' }));
    assert.equal(ragOf(done, done.document.workstreams[0]).value, 'blue');
  });
});

describe('progress settings in .cplanrc.yaml (the CLI as a process)', function () {
  this.timeout(30_000);
  const source = progressPlan({ asOf: '2025-11-15', metric: '    actuals:\n      - {period: Q2 2025/26, value: 76}\n' }).replace(/[«»]/g, '');
  const ruleIds = (config: string) => {
    const run = cplan(['lint', '.', '--format', 'json'], tempTree({ 'plan.md': source, '.cplanrc.yaml': config }));
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    return (JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[])[0].messages.map((m) => m.ruleId);
  };

  it('tolerance and reporting change what is reported', () => {
    assert.ok(ruleIds('rules: {}\n').includes('metric-off-trajectory'));
    assert.ok(!ruleIds('progress:\n  tolerance: 100\n').includes('metric-off-trajectory'));
    assert.ok(!ruleIds('rules: {}\n').includes('metric-stale'), 'quarterly: Q2 is the last complete quarter');
    assert.ok(ruleIds('progress:\n  reporting: monthly\n').includes('metric-stale'), 'monthly: October has no actual');
  });

  it('a bad progress setting is a config error (exit 2) that names it', () => {
    const run = cplan(['lint', '.'], tempTree({ 'plan.md': source, '.cplanrc.yaml': 'progress:\n  trend_actuals: 1\n' }));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /trend_actuals/);
  });
});
