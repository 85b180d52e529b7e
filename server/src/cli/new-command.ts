import fs from 'node:fs';
import path from 'node:path';
import { BUILTIN_PREFIX, builtinFramework, builtinFrameworkNames } from '../core/builtin/index.js';
import { parsePlanDocument } from '../core/document.js';
import type { PlanDocument } from '../core/model.js';
import { financialYearOf, financialYearPeriod, parsePlanPeriod, todayDay } from '../core/periods.js';
import { UsageError } from '../node/files.js';
import { parseCommandLine } from './options.js';
import { helpWidth, wrapHelp } from './help.js';

export const NEW_USAGE = `Usage: cplan new [file] [--framework builtin:ncl-cancer-2023-28|FILE] [--period 2025/26]

Writes a draft commissioning plan (default: plan.md) with one workstream per aim of
the framework. Facts only you know (organisation, leads, milestones, metrics) are
left as TBC or missing, so \`cplan lint\` lists what is still to write. It never
overwrites a file.

Options:
  --framework NAME|FILE      builtin:<name> or a framework file (default: builtin:ncl-cancer-2023-28)
  --period YYYY/YY[-YYYY/YY] the plan's financial year(s) (default: the current one)
  -h, --help                 show this help

Exit codes: 0 written, 2 usage or file errors.`;

export const DEFAULT_FRAMEWORK = `${BUILTIN_PREFIX}ncl-cancer-2023-28`;

/** The framework named on the command line, and how the plan's front matter names it. */
export function frameworkFrom(name: string, file: string): { document: PlanDocument; reference: string } {
  if (name.startsWith(BUILTIN_PREFIX)) {
    const document = builtinFramework(name.slice(BUILTIN_PREFIX.length));
    if (!document) throw new UsageError(`unknown built-in framework \`${name}\`; use one of ${builtinFrameworkNames().map((n) => `\`${BUILTIN_PREFIX}${n}\``).join(', ')}`);
    return { document, reference: name };
  }
  let text: string;
  try {
    text = fs.readFileSync(name, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the framework \`${name}\` (${(error as NodeJS.ErrnoException).code ?? 'error'}); give builtin:<name> or the path of a framework file`);
  }
  const document = parsePlanDocument(name, text);
  if (document.kind !== 'framework') throw new UsageError(`\`${name}\` is not a commissioning framework (its front matter needs \`kind: commissioning-framework\`)`);
  const relative = path.relative(path.dirname(path.resolve(file)), path.resolve(name)).split(path.sep).join('/');
  return { document, reference: relative.startsWith('.') ? relative : `./${relative}` };
}

export function slug(file: string): string {
  return textSlug(path.basename(file, path.extname(file)));
}

/** A front matter `id` from any text: lowercase letters, digits and `-`. */
export function textSlug(text: string): string {
  const base = text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).join('-');
  return /^[a-z]/.test(base) ? base : `plan-${base || 'draft'}`;
}

/** The skeleton: front matter, then a workstream for each of the framework's aims, with only what is known. */
export function planSkeleton(file: string, framework: PlanDocument, reference: string, period: string): string {
  const aims = framework.aims;
  const workstreams = aims.map((aim, i) => [
    '```yaml workstream',
    `id: WS${i + 1}`,
    `title: ${JSON.stringify(`Workstream for ${aim.id}`)}`,
    `aims: [${aim.id}]`,
    'priorities: []',
    'lead: TBC',
    'milestones: []',
    'metrics: []',
    '```',
  ].join('\n'));
  return [
    '---',
    'kind: commissioning-plan',
    `id: ${slug(file)}`,
    `title: Commissioning plan ${period}`,
    'organisation: TBC',
    `period: ${period}`,
    `framework: ${reference}`,
    `aims: [${aims.map((a) => a.id).join(', ')}]`,
    'status: draft',
    '---',
    '',
    `# Commissioning plan ${period}`,
    '',
    'A draft: give each workstream its title, lead, the priorities it delivers, its milestones and its metrics.',
    '',
    ...workstreams.flatMap((w) => [w, '']),
  ].join('\n');
}

export function runNew(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  try {
    const { values, positionals } = parseCommandLine(argv, { framework: { type: 'string' }, period: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } }, 'new');
    if (values.help) {
      out.write(wrapHelp(NEW_USAGE, helpWidth(out)) + '\n');
      return 0;
    }
    if (positionals.length > 1) throw new UsageError(`cplan new writes one file; got ${positionals.length}: ${positionals.join(', ')}`);
    const file = positionals[0] ?? 'plan.md';
    let period = financialYearPeriod(financialYearOf(todayDay())).canonical;
    if (values.period !== undefined) {
      const parsed = parsePlanPeriod(values.period);
      if (!parsed.ok) throw new UsageError(`--period \`${values.period}\`: ${parsed.message}`);
      period = parsed.period.canonical;
    }
    const { document, reference } = frameworkFrom(values.framework ?? DEFAULT_FRAMEWORK, file);
    if (document.aims.length === 0) throw new UsageError(`the framework \`${values.framework ?? DEFAULT_FRAMEWORK}\` has no aims to adopt`);
    try {
      fs.writeFileSync(file, planSkeleton(file, document, reference, period), { flag: 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'EEXIST' ? `${file} already exists; cplan new never overwrites a file: give another name` : `cannot write ${file} (${code ?? 'error'})`);
    }
    out.write(`Wrote ${file}: a draft plan for ${period} adopting ${document.aims.length} aims of ${reference}. Run \`cplan lint ${file}\` to see what is left to write.\n`);
    return 0;
  } catch (error) {
    err.write(`cplan: ${(error as Error).message}\n`);
    return 2;
  }
}
