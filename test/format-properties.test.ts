import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePlanDocument } from '../server/src/core/document.js';
import { lintDocument } from '../server/src/core/lint.js';
import { applyChanges, formatDocument } from '../server/src/core/format/index.js';
import { safeFixChanges, safeFixOf } from '../server/src/core/format/safe-fixes.js';
import { subjectsOf } from '../server/src/cli/finding-subject.js';
import { builtinFramework } from '../server/src/core/builtin/index.js';
import { dayFromIso } from '../server/src/core/periods.js';
import { linkWith } from './helpers/fixture.js';
import { example } from './helpers/cli.js';

// Seeded and bounded, as test/properties.test.ts is; CPLAN_FUZZ_RUNS and CPLAN_FUZZ_SEED change them.
const RUNS = Number(process.env.CPLAN_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.CPLAN_FUZZ_SEED ?? 20261202);
const params = { seed: SEED, numRuns: RUNS };

const framework = builtinFramework('ncl-cancer-2023-28')!;
const settings = { asOf: dayFromIso('2025-06-30') };
const format = (text: string) => formatDocument(parsePlanDocument('/plans/plan.md', text));

/** Findings by rule and by what they are about (`milestone WS1-M2/due`): their columns and quoted values may change. */
function findings(text: string): string[] {
  return linted(text).keys;
}

function linted(text: string) {
  const document = parsePlanDocument('/plans/plan.md', text);
  const subjectOf = subjectsOf(document);
  const diagnostics = lintDocument(linkWith(document, settings, { ok: true, document: framework }));
  return { document, diagnostics, keys: diagnostics.map((d) => `${d.ruleId} ${subjectOf(d.span)}`).sort(), keyOf: (d: (typeof diagnostics)[number]) => `${d.ruleId} ${subjectOf(d.span)}` };
}

/** The comments of the YAML, in order of their text (a key moved carries its comment with it). */
function comments(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((line) => /(?:^|\s)(#.*)$/.exec(line)?.[1]).filter((c): c is string => !!c).sort();
}

/** The lines outside the front matter and blocks, with their line numbers: formatting adds and drops no line. */
function outsideYaml(text: string): string[] {
  const document = parsePlanDocument('/plans/plan.md', text);
  const parts = document.frontMatter ? [document.frontMatter.part, ...document.blocks] : document.blocks;
  const inside = (line: number) => parts.some((p) => document.lines.positionAt(p.region.span.start).line < line && line < document.lines.positionAt(p.region.span.end).line);
  return text.split(/\r\n|\r|\n/).map((line, i) => (inside(i) ? '' : `${i}: ${line}`)).filter(Boolean);
}

// Each list: notations the format reads as the same value (docs/format.md, Periods), with the canonical one.
const QUARTERS = [['Q4 2024/25', 'Q4 24/25', 'Q4 FY24/25', '2024/25 Q4', 'FY2024/25 Q4', 'end Q4 24/25', "'Q4 24/25'", '"Q4 FY 2024/25"'], ['Q2 2025/26', 'Q2 25/26', '2025-26 Q2', 'by Q2 2025/26'], ['March 2025', 'Mar-25', 'Mar 2025', 'end of March 2025'], ['2025-03-31', '31/03/2025', '31 March 2025', '31-Mar-25'], ['TBC', 'next spring']];
const STATUSES = ['at-risk', 'At risk', 'AT RISK', 'on_track', 'On track', 'completed', 'done', 'not started', 'delayed', "'at risk'"];
const COMMENTS = ['', '   # checked with the board', ' # cplan-disable-line placeholder-value'];

const milestone = fc.record({
  due: fc.constantFrom(...QUARTERS.flat()),
  status: fc.constantFrom(...STATUSES),
  title: fc.constantFrom('Pathway live', "'Quoted title'", '"Double quoted"', "'It''s live'"),
  comment: fc.constantFrom(...COMMENTS),
  commentLine: fc.boolean(),
  order: fc.shuffledSubarray(['title', 'due', 'status', 'owner'], { minLength: 4, maxLength: 4 }),
});

const generatedPlan = fc
  .record({
    workstreamOrder: fc.shuffledSubarray(['title', 'aims', 'lead', 'milestones'], { minLength: 4, maxLength: 4 }),
    milestones: fc.array(milestone, { minLength: 1, maxLength: 4 }),
    prose: fc.constantFrom('Due Q4 24/25, says the prose.', "status: At risk  # not YAML, just prose", '- id: WS9\n  due: Q4 24/25'),
    planPeriod: fc.constantFrom('2024/25-2025/26', 'FY2024/25-FY2025/26', '24/25-25/26'),
    blank: fc.boolean(),
    eol: fc.constantFrom('\n', '\r\n'),
    // How far the milestones list sits in from its key, and its items' keys from their dash.
    listIndent: fc.constantFrom(0, 2, 4),
    itemIndent: fc.constantFrom(2, 4),
  })
  .map(({ workstreamOrder, milestones, prose, planPeriod, blank, eol, listIndent, itemIndent }) => {
    const keyLines: Record<string, string[]> = {
      title: ['title: Faster diagnosis'],
      aims: ['aims: [SA1]'],
      lead: ["lead: 'Clinical lead'"],
      milestones: ['milestones:', ...milestones.flatMap((m, i) => {
        const values: Record<string, string[]> = {
          title: [`title: ${m.title}${m.comment}`],
          due: [...(m.commentLine ? ['# the date the board agreed'] : []), `due: ${m.due}`],
          status: [`status: ${m.status}`],
          owner: ['owner: Lead nurse'],
        };
        const lines = [`id: WS1-M${i + 1}`, ...m.order.flatMap((key) => values[key])];
        const dash = `${' '.repeat(listIndent)}-${' '.repeat(itemIndent - 1)}`;
        return lines.map((line, j) => (j === 0 ? `${dash}${line}` : `${' '.repeat(listIndent + itemIndent)}${line}`));
      })],
    };
    const body = ['id: WS1', ...workstreamOrder.flatMap((key, i) => [...(blank && i === 2 ? [''] : []), ...keyLines[key]])];
    return ['---', 'kind: commissioning-plan', 'id: p1', "title: 'A plan'", 'organisation: NCL', `period: ${planPeriod}`, 'framework: builtin:ncl-cancer-2023-28', '---', '', prose, '', '```yaml workstream', ...body, '```', '', 'The end.', ''].join(eol);
  });

const PLANS = ['ncl-adt-2025-26.md', 'ncl-adt-2025-26-with-problems.md', 'ncl-long-term-plan-cancer.md', 'ncl-primary-care-cancer.md', 'brent-liver-case-finding-2023-24.md'].map(example);
/** The examples with some lines deleted, duplicated or reindented: broken YAML, stray keys, odd layouts. */
const mutatedExample = fc.tuple(fc.constantFrom(...PLANS), fc.array(fc.tuple(fc.constantFrom('delete', 'duplicate', 'reindent'), fc.nat()), { maxLength: 4 })).map(([text, steps]) => {
  let lines = text.split('\n');
  for (const [step, n] of steps) {
    const at = n % lines.length;
    if (step === 'delete') lines = lines.filter((_, i) => i !== at);
    else if (step === 'duplicate') lines = [...lines.slice(0, at + 1), lines[at], ...lines.slice(at + 1)];
    else lines = lines.map((l, i) => (i === at ? ` ${l}` : l));
  }
  return lines.join('\n');
});

describe('formatter properties (fast-check, seeded)', function () {
  this.timeout(120_000);

  it('formatting twice gives what formatting once gives', () => {
    fc.assert(fc.property(fc.oneof(generatedPlan, mutatedExample), (text) => {
      const once = format(text);
      assert.equal(format(once), once);
    }), params);
  });

  it('lint findings are the same set before and after, by rule and entity', () => {
    fc.assert(fc.property(fc.oneof(generatedPlan, fc.constantFrom(...PLANS)), (text) => {
      assert.deepEqual(findings(format(text)), findings(text));
    }), params);
  });

  it('comments survive, and nothing outside the YAML changes', () => {
    fc.assert(fc.property(fc.oneof(generatedPlan, mutatedExample), (text) => {
      const once = format(text);
      assert.deepEqual(comments(once), comments(text));
      assert.deepEqual(outsideYaml(once), outsideYaml(text));
    }), params);
  });

  it('--fix: a pass of safe fixes breaks no YAML, changes nothing outside it, and removes each finding it fixes', () => {
    const withSlips = generatedPlan.map((text) => text.replace('aims: [SA1]', 'aims: SA1').replace(/owner: Lead nurse/, 'owner: Lead nurse\n    depends_on: [WS1-M22]'));
    fc.assert(fc.property(fc.oneof(withSlips, mutatedExample, fc.constantFrom(...PLANS)), (text) => {
      const before = linted(text);
      const fixed = before.diagnostics.filter((d) => safeFixOf(before.document, d)).map(before.keyOf);
      const after = applyChanges(text, safeFixChanges(before.document, before.diagnostics));
      const again = linted(after);
      assert.ok(again.diagnostics.filter((d) => d.ruleId === 'yaml-syntax').length <= before.diagnostics.filter((d) => d.ruleId === 'yaml-syntax').length);
      assert.deepEqual(outsideYaml(after), outsideYaml(text));
      for (const key of new Set(fixed)) assert.ok(again.keys.filter((k) => k === key).length < before.keys.filter((k) => k === key).length, `${key} is fixed`);
    }), params);
  });

  it('the generated plans do get formatted: canonical periods and statuses, and ordered keys', () => {
    const samples = fc.sample(generatedPlan, { seed: SEED, numRuns: 50 });
    const formatted = samples.map(format);
    assert.ok(formatted.some((t, i) => t !== samples[i]));
    for (const text of formatted.map((t) => t.slice(t.indexOf('```yaml workstream')))) {
      assert.doesNotMatch(text, /due: (Q4 24\/25|Q4 FY24\/25|Mar-25)\b/);
      assert.doesNotMatch(text, /status: (At risk|completed|On track)\b/);
      assert.doesNotMatch(text, /\nmilestones:\r?\n(?!  - id)/, 'list items two in from their key');
    }
  });
});
