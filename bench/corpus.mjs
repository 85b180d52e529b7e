#!/usr/bin/env node
// Deterministic corpus generator for `npm run bench` (issue 6).
//
//   generateCorpus(dir, { plans, seed })  N realistic plans built by varying the clean examples, plus the
//                                         framework they all share (framework.md), written into `dir`.
//   bigPlan({ lines, seed })              one plan of about `lines` lines: hundreds of workstream blocks
//                                         (WS1..WSn) with milestones and metrics, on builtin:ncl-cancer-2023-28.
//
// CLI: node bench/corpus.mjs <dir> [--plans N] [--seed S] [--big LINES]
// Corpora go into temp folders and are never committed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLES = path.join(REPO_ROOT, 'examples');

/** The aim every generated plan links from its first workstream, and that the rename measurement renames. */
export const SHARED_AIM = 'LTP-O1';

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function helpers(random) {
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(random() * list.length)];
  return { int, pick };
}

const BOROUGHS = ['Barnet', 'Camden', 'Enfield', 'Haringey', 'Islington'];
const PROVIDERS = ['UCLH', 'the Royal Free', 'North Middlesex', 'the Whittington', 'Barnet Hospital', 'Chase Farm'];
const TITLE_SUFFIXES = [
  (b) => ` in ${b}`, (b) => ` (${b})`, () => ' - phase 2', () => ' - refresh', (b) => ` across ${b} PCNs`,
];

// ---------------------------------------------------------------------------------------------------------
// Templates: the clean examples, split into front matter, prose before the first section, and sections.

function readExample(name) {
  return fs.readFileSync(path.join(EXAMPLES, name), 'utf8').replace(/\r\n?/g, '\n');
}

/** Splits an example plan into its front matter lines, the body before the first `## ` and the sections. */
function splitPlan(text) {
  const lines = text.split('\n');
  const end = lines.indexOf('---', 1);
  const frontMatter = lines.slice(1, end);
  const body = lines.slice(end + 1);
  const sections = [];
  let current = { lines: [] };
  const intro = current;
  for (const line of body) {
    if (line.startsWith('## ')) {
      current = { lines: [] };
      sections.push(current);
    }
    current.lines.push(line);
  }
  for (const section of sections) {
    const text = section.lines.join('\n');
    const id = /^[> ]*id: (WS\d+)$/m.exec(text);
    section.workstream = text.includes('```yaml workstream') && id ? id[1] : undefined;
  }
  return { frontMatter, intro: intro.lines, sections };
}

let templatesCache;
function templates() {
  if (templatesCache) return templatesCache;
  const builtin = fs.readFileSync(path.join(REPO_ROOT, 'frameworks', 'ncl-cancer-2023-28.md'), 'utf8').replace(/\r\n?/g, '\n');
  templatesCache = {
    plans: [
      { key: 'adt', ...splitPlan(readExample('ncl-adt-2025-26.md')) },
      { key: 'pcc', ...splitPlan(readExample('ncl-primary-care-cancer.md')) },
      { key: 'ltp', ...splitPlan(readExample('ncl-long-term-plan-cancer.md')) },
    ],
    framework: sharedFramework(readExample('ncl-ltp-framework.md'), builtin),
  };
  return templatesCache;
}

/**
 * The framework all generated plans share: a copy of examples/ncl-ltp-framework.md, its period widened to
 * cover the shifted plans, with the strategic aims SA2-SA6 and the ADTDG priorities of the built-in NCL
 * framework appended (SA1 is folded into LTP-O1, the same aim), so plans varied from any example resolve
 * every id against this one file.
 */
function sharedFramework(ltp, builtin) {
  const blocks = [...builtin.matchAll(/^```yaml (aims|priorities)\n([\s\S]*?)^```$/gm)];
  const aims = blocks.find((b) => b[1] === 'aims')[2];
  const priorities = blocks.find((b) => b[1] === 'priorities')[2];
  // Drop the SA1 entry (up to the next `- id:`).
  const aimsWithoutSa1 = aims.replace(/^- id: SA1\n(?:(?!- id:).*\n)*/m, '');
  return ltp
    .replace(/^period: .*$/m, 'period: 2017/18-2031/32')
    .replace(/^title: (.*)$/m, 'title: $1 - shared benchmark framework')
    .replace('[`ncl-long-term-plan-cancer.md`](./ncl-long-term-plan-cancer.md)', 'plans in this folder')
    .trimEnd() + `

## NCL Cancer Alliance strategic aims (SA1 is ${SHARED_AIM} above)

\`\`\`yaml aims
${aimsWithoutSa1.trimEnd()}
\`\`\`

## ADTDG priorities (2024)

\`\`\`yaml priorities
${priorities.trimEnd()}
\`\`\`
`;
}

// ---------------------------------------------------------------------------------------------------------
// Variations.

function isLeap(year) {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Shifts every year in `text` by `k`: dates, financial years (`2024/25`, `24/25`, `2024-25`) and calendar years. */
export function shiftYears(text, k) {
  if (k === 0) return text;
  const two = (n) => String((n + 100) % 100).padStart(2, '0');
  return text.replace(/\b(20\d\d)-(\d\d)-(\d\d)\b|\b(20)?(\d\d)([/-])(\d\d)\b|\b(20[0-4]\d)\b/g,
    (match, y, m, d, century, a, sep, b, year) => {
      if (y) {
        const shifted = Number(y) + k;
        const day = m === '02' && d === '29' && !isLeap(shifted) ? '28' : d;
        return `${shifted}-${m}-${day}`;
      }
      if (a) {
        const first = Number(a);
        const second = Number(b);
        const consecutive = second === (first + 1) % 100;
        if (!century && !consecutive) return match; // "aged 53-70"
        return `${century ?? ''}${two(first + k)}${sep}${two(second + k)}`;
      }
      return String(Number(year) + k);
    });
}

/** Varies numeric metric values by up to +-10%, keeping their precision (and percentages at most 100). */
function varyValues(text, random) {
  return text.replace(/\bvalue: (\d+(?:\.\d+)?)(?=[,}])/g, (match, value) => {
    const decimals = value.includes('.') ? value.split('.')[1].length : 0;
    let varied = Number(value) * (0.9 + random() * 0.2);
    if (Number(value) <= 100) varied = Math.min(varied, 100);
    return `value: ${varied.toFixed(decimals)}`;
  });
}

/** Appends a variation to some workstream and milestone titles inside YAML blocks. */
function varyTitles(text, random, borough) {
  const { pick } = helpers(random);
  return text.replace(/^([> ]*(?:- )?title: )([^>|"'\n].*)$/gm, (match, key, title) =>
    random() < 0.4 ? `${key}${title}${pick(TITLE_SUFFIXES)(borough)}` : match);
}

/**
 * Injects one problem into the sections of a plan: an unknown aim, a period that cannot be read or a
 * metric without a source. Returns its name.
 */
function injectProblem(sections, random) {
  const { pick } = helpers(random);
  const workstreams = sections.filter((s) => s.workstream);
  const section = pick(workstreams);
  const kinds = ['unknown-aim', 'invalid-period', 'incomplete-metric'];
  const kind = pick(kinds);
  const lines = section.lines;
  const find = (re) => lines.map((l, i) => (re.test(l) ? i : -1)).filter((i) => i >= 0);
  if (kind === 'unknown-aim') {
    const i = find(/^[> ]*aims: \[/)[0];
    lines[i] = lines[i].replace(/\]$/, ', LTP-O9]');
  } else if (kind === 'invalid-period') {
    const candidates = find(/^[> ]*due: /);
    const i = pick(candidates);
    lines[i] = lines[i].replace(/due: .*$/, `due: ${pick(['Q5 2025/26', 'Autumn 2025', '2024/26', '31/03/2025'])}`);
  } else {
    const candidates = find(/^[> ]*source: /);
    lines.splice(pick(candidates), 1);
  }
  return kind;
}

/** One plan varied from a template. */
function variedPlan(template, index, random, problem) {
  const { int, pick } = helpers(random);
  const borough = pick(BOROUGHS);
  const shift = int(-2, 3);
  const workstreams = template.sections.filter((s) => s.workstream);
  // Keep the first workstream (it links SHARED_AIM) and a random subset of the others: about 225 lines a plan.
  const others = workstreams.slice(1);
  const keepCount = int(1, others.length - 1);
  const kept = new Set([workstreams[0], ...others.map((s) => [random(), s]).sort((a, b) => a[0] - b[0]).slice(0, keepCount).map(([, s]) => s)]);
  const keptIds = new Set([...kept].map((s) => s.workstream));
  const sections = template.sections
    .filter((s) => !s.workstream || kept.has(s))
    .map((s) => ({ ...s, lines: [...s.lines] }));
  // Priorities naming workstreams: only those kept.
  for (const section of sections) {
    section.lines = section.lines.flatMap((line) => {
      const m = /^(\s*)workstreams: \[(.*)\]$/.exec(line);
      if (!m) return [line];
      const ids = m[2].split(',').map((s) => s.trim()).filter((id) => keptIds.has(id));
      return ids.length ? [`${m[1]}workstreams: [${ids.join(', ')}]`] : [];
    });
  }
  const kind = problem ? injectProblem(sections.filter((s) => s.workstream), random) : undefined;

  let body = [...template.intro, ...sections.flatMap((s) => s.lines)].join('\n');
  body = body
    .replaceAll('../frameworks/ncl-cancer-2023-28.md', './framework.md')
    .replaceAll('./ncl-ltp-framework.md', './framework.md')
    .replace(/\bSA1\b/g, SHARED_AIM);
  body = varyTitles(varyValues(body, random), random, borough);

  // The adopted aims: exactly those the kept workstreams link (so no aim is left without a workstream).
  const adopted = new Set();
  for (const m of body.matchAll(/^[> ]*aims: \[(.*)\]$/gm)) {
    for (const id of m[1].split(',').map((s) => s.trim())) if (id !== 'LTP-O9') adopted.add(id);
  }
  const id = `${template.key}-${borough.toLowerCase()}-p${String(index).padStart(5, '0')}`;
  const frontMatter = template.frontMatter
    .filter((line) => !line.startsWith('aims:'))
    .map((line) => {
      if (line.startsWith('id: ')) return `id: ${id}`;
      if (line.startsWith('title: ')) return `${line} (${borough}, plan ${index})`;
      if (line.startsWith('framework: ')) return `framework: ./framework.md\naims: [${[...adopted].join(', ')}]`;
      return line;
    });
  const text = shiftYears(['---', ...frontMatter, '---', body].join('\n'), shift).replace(/\n*$/, '\n');
  return { name: `plan-${String(index).padStart(5, '0')}-${template.key}.md`, text, problem: kind };
}

/**
 * Writes `plans` plans and the shared framework.md into `dir` (created if needed); about 10% of the plans
 * carry one problem. Deterministic for a given seed.
 */
export function generateCorpus(dir, { plans, seed = 6 }) {
  const random = mulberry32(seed);
  const { plans: templateList, framework } = templates();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'framework.md'), framework);
  let lines = framework.split('\n').length - 1;
  let problems = 0;
  for (let i = 1; i <= plans; i++) {
    const template = templateList[(i - 1) % templateList.length];
    const plan = variedPlan(template, i, random, random() < 0.1);
    if (plan.problem) problems++;
    lines += plan.text.split('\n').length - 1;
    fs.writeFileSync(path.join(dir, plan.name), plan.text);
  }
  // markdownlint-cli2 looks for configuration in the folder it runs in; this keeps it from looking elsewhere.
  fs.writeFileSync(path.join(dir, '.markdownlint-cli2.jsonc'), '// markdownlint defaults, so the benchmark does not pick up any other configuration\n{\n  "config": { "default": true }\n}\n');
  return { dir, plans, files: plans + 1, lines, problems };
}

// ---------------------------------------------------------------------------------------------------------
// The big plan.

const WS_TOPICS = [
  'Faster diagnosis pathway', 'Teledermatology', 'Breast pain pathway', 'Non-specific symptoms pathway', 'FIT in primary care',
  'Colon capsule endoscopy', 'Liver surveillance', 'Lynch syndrome surveillance', 'Lung treatment variation', 'SACT service evaluation',
  'MDT optimisation', 'Best practice timed pathways', 'Staging completeness', 'Cancer workforce', 'Patient experience',
  'Personalised care', 'Prehabilitation', 'Targeted Lung Health Checks', 'Cervical screening uptake', 'Research and innovation',
];
const WS_PLACES = ['Barnet', 'Camden', 'Enfield', 'Haringey', 'Islington', 'UCLH', 'the Royal Free', 'North Middlesex', 'the Whittington'];
const MILESTONE_VERBS = ['Baseline established for', 'Business case agreed for', 'Pilot launched for', 'Evaluation reported for', 'Roll-out completed for', 'Audit completed for'];
const METRICS = [
  { title: 'Patients told their diagnosis or ruled out within 28 days', unit: '%', lo: 70, hi: 80, source: 'Cancer Waiting Times (CWT)' },
  { title: 'Patients treated within 62 days of urgent referral', unit: '%', lo: 65, hi: 75, source: 'Cancer Waiting Times (CWT)' },
  { title: 'Referrals triaged within two working days', unit: '%', lo: 50, hi: 80, source: 'Provider pathway returns' },
  { title: 'Staging completeness for stageable cancers', unit: '%', lo: 60, hi: 80, source: 'Cancer Outcomes and Services Dataset (COSD)' },
  { title: 'Clinics running the new pathway', unit: 'clinics', lo: 1, hi: 6, source: 'ADTDG pathway assurance returns' },
];
const BREAKDOWNS = ['deprivation', 'ethnicity', 'age', 'sex', 'borough', 'provider', 'pcn'];
// Quarters of the plan period 2024/25-2025/26 and the done dates that fall before the review date 2025-06-30.
const PAST_QUARTERS = [['Q1 2024/25', '2024-06-20'], ['Q2 2024/25', '2024-09-18'], ['Q3 2024/25', '2024-12-12'], ['Q4 2024/25', '2025-03-21'], ['Q1 2025/26', '2025-06-13']];
const FUTURE_QUARTERS = ['Q2 2025/26', 'Q3 2025/26', 'Q4 2025/26', '2025/26', 'March 2026'];

/** One plan of about `lines` lines with hundreds of workstream blocks WS1..WSn. Deterministic for a seed. */
export function bigPlan({ lines = 15000, seed = 15 } = {}) {
  const random = mulberry32(seed);
  const { int, pick } = helpers(random);
  const out = [
    '---',
    'kind: commissioning-plan',
    'id: ncl-cancer-programme-2024-26',
    'title: North Central London cancer programme 2024-26 - every workstream',
    'organisation: North Central London Cancer Alliance',
    'period: 2024/25-2025/26',
    'framework: builtin:ncl-cancer-2023-28',
    'as_of: 2025-06-30',
    'status: approved',
    'owner: Cancer Alliance Programme Director',
    'version: "3.0"',
    'tags: [cancer, programme, benchmark]',
    '---',
    '',
    '# North Central London cancer programme 2024-26',
    '',
    'This plan gathers every workstream of the NCL cancer programme for 2024/25 and 2025/26 in one document,',
    'one section per workstream, each linked to the strategic aims and ADTDG priorities it serves.',
    '',
  ];
  for (let n = 1; out.length < lines - 10; n++) {
    const ws = `WS${n}`;
    const topic = pick(WS_TOPICS);
    const place = pick(WS_PLACES);
    // Every aim is linked somewhere: cycle the first aim, add a random second.
    const aims = [...new Set([`SA${((n - 1) % 6) + 1}`, `SA${int(1, 6)}`])];
    const inequalities = aims.includes('SA4');
    const priorities = [...new Set([`ADTDG-${int(1, 17)}`, `ADTDG-${int(1, 17)}`])];
    out.push(`## ${n}. ${topic} - ${place}`, '',
      `The ${topic} work at ${place} continues the programme agreed by the ADTDG. Providers report progress`,
      'to the delivery group every quarter, and the Alliance shares what works across the sector so that',
      'patients get the same standard of care wherever they are referred.', '',
      '```yaml workstream', `id: ${ws}`, `title: ${topic} at ${place}`, `aims: [${aims.join(', ')}]`,
      `priorities: [${priorities.join(', ')}]`, `lead: ${topic} Programme Lead`, `status: ${pick(['on-track', 'on-track', 'at-risk'])}`, 'milestones:');
    const milestones = int(3, 5);
    for (let m = 1; m <= milestones; m++) {
      out.push(`  - id: ${ws}-M${m}`, `    title: ${pick(MILESTONE_VERBS)} ${topic} at ${place}`);
      if (random() < 0.45) {
        const [due, doneOn] = pick(PAST_QUARTERS);
        out.push(`    due: ${due}`, '    status: done', `    done_on: ${doneOn}`);
      } else {
        out.push(`    due: ${pick(FUTURE_QUARTERS)}`, `    status: ${pick(['on-track', 'not-started', 'at-risk'])}`);
      }
    }
    out.push('metrics:');
    const metrics = int(2, 3);
    for (let k = 1; k <= metrics; k++) {
      const metric = pick(METRICS);
      const baseline = metric.unit === '%' ? (metric.lo + random() * (metric.hi - metric.lo)).toFixed(1) : String(int(metric.lo, metric.hi - 1));
      const target = metric.unit === '%' ? Math.min(100, Math.ceil(Number(baseline) + int(2, 8))) : Number(baseline) + int(1, 3);
      out.push(`  - id: ${ws}-K${k}`, `    title: ${metric.title} (${place})`, `    unit: "${metric.unit}"`,
        `    baseline: {value: ${baseline}, period: Q4 2024/25}`, `    target: {value: ${target}, due: ${pick(['Q4 2025/26', 'March 2026', '2025/26'])}}`,
        `    source: ${metric.source}`);
      if (inequalities && k === 1) out.push(`    breakdown: [${[...new Set([pick(BREAKDOWNS), pick(BREAKDOWNS)])].join(', ')}]`);
    }
    out.push('```', '');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const dir = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
  if (!dir) {
    process.stderr.write('usage: node bench/corpus.mjs <dir> [--plans N] [--seed S] [--big LINES]\n');
    process.exit(2);
  }
  const seed = option('--seed', 6);
  const summary = generateCorpus(path.resolve(dir), { plans: option('--plans', 1000), seed });
  const big = option('--big', 0);
  if (big) fs.writeFileSync(path.join(dir, 'big-plan.md'), bigPlan({ lines: big, seed }));
  process.stdout.write(`${summary.plans} plans (+ framework.md), ${summary.lines} lines, ${summary.problems} with a problem, in ${summary.dir}${big ? `; big-plan.md ${big} lines` : ''}\n`);
}
