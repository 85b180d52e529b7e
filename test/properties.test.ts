import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lintText } from '../server/src/index.js';
import { BlockCache, parsePlanDocument } from '../server/src/core/document.js';
import { entitiesOf } from '../server/src/core/model.js';
import { YamlCache } from '../server/src/core/parse/yaml.js';
import { lintDocument } from '../server/src/core/lint.js';
import { linkWith } from './helpers/fixture.js';
import { builtinFramework } from '../server/src/core/builtin/index.js';
import { dayFromIso } from '../server/src/core/periods.js';
import { comparePeriods, formatPeriod, parsePeriod } from '../server/src/core/periods.js';
import { example } from './helpers/cli.js';

// Seeded and bounded so the normal run stays short. `npm run fuzz` (CPLAN_FUZZ_SECONDS) runs the same properties
// for a time budget with a fresh seed, printed so that any failure can be replayed with CPLAN_FUZZ_SEED.
const SECONDS = Number(process.env.CPLAN_FUZZ_SECONDS ?? 0);
const RUNS = Number(process.env.CPLAN_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.CPLAN_FUZZ_SEED ?? (SECONDS ? Date.now() % 2 ** 31 : 20261123));
if (SECONDS) console.log(`fuzzing for ${SECONDS} s per property with seed ${SEED}`);

function budget(runs: number): fc.Parameters<unknown> {
  return SECONDS ? { seed: SEED, numRuns: 1e9, interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false } : { seed: SEED, numRuns: runs };
}
const PLANS = ['ncl-adt-2025-26.md', 'ncl-adt-2025-26-with-problems.md', 'ncl-long-term-plan-cancer.md', 'ncl-primary-care-cancer.md'].map(example);

type Mutation = (lines: string[], at: number, text: string) => string[];
const MUTATIONS: Record<string, Mutation> = {
  delete: (lines, at) => lines.filter((_, i) => i !== at),
  duplicate: (lines, at) => [...lines.slice(0, at + 1), lines[at], ...lines.slice(at + 1)],
  reindent: (lines, at, text) => lines.map((l, i) => (i === at ? ' '.repeat(text.length % 7) + l.trimStart() : l)),
  insert: (lines, at, text) => [...lines.slice(0, at), text, ...lines.slice(at)],
  cut: (lines, at) => lines.slice(0, at),
  unclose: (lines) => lines.filter((l) => l.trim() !== '```' && l !== '---'),
  replaceChar: (lines, at, text) => lines.map((l, i) => (i === at ? l.slice(0, text.length % (l.length + 1)) + text + l.slice(text.length % (l.length + 1) + 1) : l)),
};

const mutated = fc
  .tuple(
    fc.constantFrom(...PLANS),
    fc.array(fc.tuple(fc.constantFrom(...Object.keys(MUTATIONS)), fc.nat(), fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('```yaml workstream', '- id: X', ':', '[', '{', '*a', '&a', '\t', '\r', '\uFEFF', '---', '>', '  - '))), { minLength: 1, maxLength: 6 }),
    fc.constantFrom('\n', '\r\n', '\r'),
  )
  .map(([plan, steps, eol]) => {
    let lines = plan.split('\n');
    // An emptied document (after `cut`) gets the text itself as its one line.
    for (const [name, at, text] of steps) lines = lines.length ? MUTATIONS[name](lines, at % lines.length, text) : [text];
    return lines.join(eol);
  });

describe('properties (fast-check, seeded)', function () {
  this.timeout(SECONDS ? SECONDS * 1000 + 60_000 : 120_000);

  it('mutated plans never make the linter throw, and every range lies inside the text and is well ordered', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const { messages } = lintText(text, { asOf: '2025-06-30' });
        const lines = text.split(/\r\n|\r|\n/);
        for (const m of messages) {
          assert.ok(m.line >= 1 && m.endLine <= lines.length && (m.line < m.endLine || (m.line === m.endLine && m.column <= m.endColumn)), JSON.stringify(m));
          assert.ok(m.column <= lines[m.line - 1].length + 1 && m.endColumn <= lines[m.endLine - 1].length + 1, JSON.stringify(m));
          assert.ok(m.message.length > 0 && /^[a-z-]+$/.test(m.ruleId));
        }
      }),
      budget(RUNS),
    );
  });

  it('parsing with the block and YAML caches through a sequence of edits lints exactly like parsing afresh', () => {
    const framework = builtinFramework('ncl-cancer-2023-28')!;
    const settings = { asOf: dayFromIso('2025-06-30') };
    const shape = (text: string, options = {}) => {
      const document = parsePlanDocument('/p.md', text, options);
      return JSON.stringify(lintDocument(linkWith(document, settings, { ok: true, document: framework })).map((d) => [d.ruleId, d.span, d.message, d.related?.map((r) => r.span)]));
    };
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('\n', 'SA9', '  ', 'x', '- id: Z\n', 'Q5 ')));
    fc.assert(
      fc.property(fc.constantFrom(...PLANS), fc.array(edit, { minLength: 1, maxLength: 12 }), (plan, edits) => {
        const options = { yamlCache: new YamlCache(), blockCache: new BlockCache() };
        let text = plan;
        shape(text, options);
        for (const [at, length, insert] of edits) {
          const start = at % (text.length + 1);
          text = text.slice(0, start) + insert + text.slice(start + length);
          assert.equal(shape(text, options), shape(text));
        }
      }),
      budget(RUNS / 3),
    );
  });

  it('a version parsed with the block cache stays as it was after later edits: its spans still match its own text', () => {
    // Every id span of every entity, read out of the version's own text, with the document each entity names.
    const ids = (document: ReturnType<typeof parsePlanDocument>) => JSON.stringify(entitiesOf(document).map((e) => [e.id, document.text.slice(e.idSpan.start, e.idSpan.end), e.document === document, e.part === document.blocks.find((b) => b.region === e.part.region)]));
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('\n', 'SA9', '  ', 'x', '- id: Z\n', 'Q5 ')));
    fc.assert(
      fc.property(fc.constantFrom(...PLANS), fc.array(edit, { minLength: 1, maxLength: 8 }), (plan, edits) => {
        const options = { yamlCache: new YamlCache(), blockCache: new BlockCache() };
        let text = plan;
        const versions = [parsePlanDocument('/p.md', text, options)];
        const seen = [ids(versions[0])];
        for (const [at, length, insert] of edits) {
          const start = at % (text.length + 1);
          text = text.slice(0, start) + insert + text.slice(start + length);
          versions.push(parsePlanDocument('/p.md', text, options));
          seen.push(ids(versions.at(-1)!));
        }
        versions.forEach((version, i) => assert.equal(ids(version), seen[i], `version ${i} changed after later edits`));
      }),
      budget(RUNS / 3),
    );
  });

  it('periods: format(parse(x)) parses back to the same dates, and their order agrees with their end dates', () => {
    const quarter = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2000, max: 2098 }), fc.constantFrom('Q%q %y/%n', 'Q%q %s/%n', '%y/%n Q%q', '%y-%n Q%q'));
    const month = fc.tuple(fc.constantFrom('January', 'Feb', 'March', 'Apr', 'June', 'Sept', 'December'), fc.integer({ min: 1990, max: 2150 })).map(([m, y]) => `${m} ${y}`);
    const day = fc.date({ min: new Date('1950-01-01'), max: new Date('2150-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const text = fc.oneof(
      quarter.map(([q, y, f]) => f.replace('%q', String(q)).replace('%y', String(y)).replace('%s', String(y % 100).padStart(2, '0')).replace('%n', String((y + 1) % 100).padStart(2, '0'))),
      month,
      day,
      fc.integer({ min: 1950, max: 2150 }).map(String),
      fc.integer({ min: 1950, max: 2150 }).map((y) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`),
      fc.integer({ min: 1, max: 9 }).map((n) => `Year ${n}`),
    );
    fc.assert(
      fc.property(text, text, (a, b) => {
        const context = { firstFinancialYear: 2024 };
        const pa = parsePeriod(a, context);
        const pb = parsePeriod(b, context);
        assert.ok(pa.ok && pb.ok, `${a} / ${b}`);
        const again = parsePeriod(formatPeriod(pa.period), context);
        assert.ok(again.ok);
        assert.deepEqual([again.period.start, again.period.end], [pa.period.start, pa.period.end]);
        assert.equal(Math.sign(comparePeriods(pa.period, pb.period)), Math.sign(pa.period.end - pb.period.end || pa.period.start - pb.period.start));
      }),
      budget(RUNS * 4),
    );
  });
});
