import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { BUILTIN_PREFIX, builtinFramework } from '../core/builtin/index.js';
import { parsePlanDocument } from '../core/document.js';
import { importTracker, type ImportSummary } from '../core/import/build.js';
import { mapColumns, type ImportMap } from '../core/import/columns.js';
import type { TrackerSheet } from '../core/import/tracker.js';
import { linkDocument } from '../core/link.js';
import { lintDocument } from '../core/lint.js';
import { financialYearOf, parsePlanPeriod, todayDay } from '../core/periods.js';
import { validateData } from '../core/schema/validate.js';
import { UsageError } from '../node/files.js';
import { TrackerError, readTracker } from '../node/tracker-files.js';
import { FORMATTERS } from './formatters/index.js';
import { main } from './main.js';
import { DEFAULT_FRAMEWORK, frameworkFrom, slug, textSlug } from './new-command.js';
import { reviewDateOption } from './options.js';
import { toFileReport } from './report.js';
import { helpWidth, wrapHelp } from './help.js';

export const IMPORT_USAGE = `Usage: cplan import tracker.xlsx|tracker.csv|tracker.tsv [options]

Turns a milestone tracker (one row per milestone or metric) into a draft commissioning
plan, prints the column mapping and a summary on stderr, then lints the plan.
Nothing is dropped: values the format has no field for are kept as YAML comments,
and cells it cannot read are listed with their address (e.g. Tracker!E14).

Options:
  --out FILE                 the plan to write (default: the tracker's name with .md; - for stdout)
  --force                    overwrite --out if it exists (never done without it)
  --dry-run                  print the plan on stdout and write nothing
  --sheet NAME               the sheet to read (default: the first with a header row)
  --map FILE                 a YAML map: header_row, columns {header or letter: field}, statuses
  --framework NAME|FILE      builtin:<name> or a framework file (default: builtin:ncl-cancer-2023-28)
  --period YYYY/YY[-YYYY/YY] the plan's period (default: the financial years of the due dates)
  --title TEXT               the plan's title
  --organisation TEXT        the organisation that owns the plan (default: TBC)
  --as-of YYYY-MM-DD         the review date written as the plan's as_of
  -h, --help                 show this help

Fields: workstream, ref, milestone, metric, lead, due, status, update, baseline,
baseline-period, target, target-due, actual, unit, source, aims, priorities,
done-on, cadence, breakdown, ignore. See docs/import.md.

Exit codes: 0 written and its lint has no errors, 1 written but its lint has errors
(decisions left for you), 2 usage, map, tracker or file errors (nothing written).`;

function readMap(file: string): ImportMap {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the map ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = parseYaml(text, { schema: 'core', maxAliasCount: 100 });
  } catch (error) {
    throw new UsageError(`the map ${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const problems = validateData('import-map', data ?? {});
  if (problems.length) throw new UsageError(`the map ${file} is not valid (schemas/import-map.schema.json): ${problems.join('; ')}`);
  return (data ?? {}) as ImportMap;
}

function chooseSheet(file: string, sheets: TrackerSheet[], wanted: string | undefined, map: ImportMap): TrackerSheet {
  if (sheets.length === 0) throw new TrackerError(`${file} has no sheets`);
  if (wanted !== undefined) {
    const sheet = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
    if (!sheet) throw new UsageError(`${file} has no sheet \`${wanted}\`; its sheets are ${sheets.map((s) => `\`${s.name}\``).join(', ')}`);
    return sheet;
  }
  return sheets.find((s) => mapColumns(s, map).ok) ?? sheets[0];
}

function summaryLines(summary: ImportSummary, encoding: string | undefined): string[] {
  const lines = [
    `Read ${summary.rowsRead} rows below the header: wrote ${summary.workstreams} workstream${summary.workstreams === 1 ? '' : 's'}, ${summary.milestones} milestone${summary.milestones === 1 ? '' : 's'} and ${summary.metrics} metric${summary.metrics === 1 ? '' : 's'}; ${summary.comments} value${summary.comments === 1 ? '' : 's'} kept as comments.`,
  ];
  if (encoding) lines.unshift(`Read as ${encoding}.`);
  const { updates } = summary;
  if (updates.written) lines.push(`${updates.written} update${updates.written === 1 ? '' : 's'} written under milestones' \`updates\`${updates.datedByAsOf ? `, ${updates.datedByAsOf} dated by --as-of as their rows give no update date` : ''}.`);
  if (updates.undated) lines.push(`${updates.undated} update${updates.undated === 1 ? '' : 's'} kept as comments: no update date on the row${updates.undated === 1 ? '' : 's'}; give --as-of (the date the tracker is as at) or an Update date column to write them as \`updates\`.`);
  if (summary.owners) lines.push(`${summary.owners} milestone${summary.owners === 1 ? '' : 's'} given the row's lead as \`owner\` (their workstreams name several leads).`);
  if (summary.statuses.length) lines.push(`Statuses: ${summary.statuses.map((s) => `${s.written} -> ${s.status}`).join(', ')}.`);
  if (summary.periodFrom !== 'option') lines.push(`Period ${summary.period}, from ${summary.periodFrom === 'due dates' ? 'the due dates' : 'today\'s financial year'}; give --period to set it.`);
  if (summary.ignored) lines.push(`${summary.ignored} value${summary.ignored === 1 ? '' : 's'} in columns the map file ignores.`);
  if (summary.notUnderstood.length) {
    lines.push(`${summary.notUnderstood.length} cell${summary.notUnderstood.length === 1 ? '' : 's'} not understood (kept in the plan, with a comment):`);
    for (const cell of summary.notUnderstood) lines.push(`  ${cell.address}: ${JSON.stringify(cell.written)} (${cell.column}): ${cell.why}`);
  }
  return lines;
}

/** Creates the file, or with `force` replaces it through a temporary file, so that a failed write leaves it whole. */
function writePlan(file: string, text: string, force: boolean): void {
  if (!force) {
    try {
      fs.writeFileSync(file, text, { flag: 'wx' });
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'EEXIST' ? `${file} already exists; give --force to overwrite it, or another --out` : `cannot write ${file} (${code ?? 'error'})`);
    }
  }
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, text, { flag: 'wx' });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new UsageError(`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** `cplan import ...` (argv without the word `import`). */
export async function runImport(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        force: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        sheet: { type: 'string' },
        map: { type: 'string' },
        framework: { type: 'string' },
        period: { type: 'string' },
        title: { type: 'string' },
        organisation: { type: 'string' },
        'as-of': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      out.write(wrapHelp(IMPORT_USAGE, helpWidth(out)) + '\n');
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `cplan import reads one tracker; got ${positionals.length}: ${positionals.join(', ')}` : 'cplan import needs a tracker: cplan import tracker.xlsx (see cplan import --help)');
    const tracker = positionals[0];
    const toStdout = values['dry-run'] || values.out === '-';
    const target = toStdout ? undefined : values.out ?? path.join(path.dirname(tracker), `${path.basename(tracker, path.extname(tracker))}.md`);
    if (target && path.resolve(target) === path.resolve(tracker)) throw new UsageError(`--out ${target} is the tracker itself; give another file`);
    if (target && !values.force && fs.existsSync(target)) throw new UsageError(`${target} already exists; give --force to overwrite it, or another --out`);
    if (values['as-of'] !== undefined) reviewDateOption(values['as-of']);
    if (values.period !== undefined) {
      const period = parsePlanPeriod(values.period);
      if (!period.ok) throw new UsageError(`--period \`${values.period}\`: ${period.message}`);
    }
    if (values.title !== undefined && !values.title.trim()) throw new UsageError('--title needs some text');

    const map = values.map ? readMap(values.map) : {};
    const frameworkName = values.framework ?? DEFAULT_FRAMEWORK;
    const { document: framework, reference } = frameworkFrom(frameworkName, target ?? tracker);
    const read = await readTracker(tracker);
    const sheet = chooseSheet(tracker, read.sheets, values.sheet ?? map.sheet, map);
    const result = importTracker(sheet, {
      source: path.basename(tracker),
      id: values.title ? textSlug(values.title) : slug(target ?? tracker),
      title: values.title,
      organisation: values.organisation,
      period: values.period,
      framework: reference,
      asOf: values['as-of'],
      currentFinancialYear: financialYearOf(todayDay()),
      frameworkAims: new Map(framework.aims.map((a) => [a.id, a.title ?? ''])),
      frameworkPriorities: new Map(framework.priorities.map((p) => [p.id, p.title ?? ''])),
      map,
    });
    if (!result.ok) throw new TrackerError(`${tracker}: ${result.message}`);
    err.write(`cplan import: ${tracker}, sheet \`${sheet.name}\`, header row ${result.summary.headerRow}; columns:\n${result.mapping.map((line) => `  ${line}`).join('\n')}\n`);
    err.write(summaryLines(result.summary, read.encoding).join('\n') + '\n');

    if (!target) {
      out.write(result.text);
      return lintInMemory(result.text, values.out && values.out !== '-' ? values.out : `${path.basename(tracker, path.extname(tracker))}.md`, frameworkName, framework, err);
    }
    writePlan(target, result.text, values.force);
    err.write(`Wrote ${target}. Its lint:\n`);
    const code = await main(['lint', '--no-color', target], out, err);
    if (code === 0) err.write('No lint errors.\n');
    return code === 1 ? 1 : code === 0 ? 0 : 2;
  } catch (error) {
    err.write(`cplan: ${(error as Error).message}\n`);
    return 2;
  }
}

/** The plan not written yet (`--dry-run`): the same rules, with the findings on stderr since stdout holds the plan. */
function lintInMemory(text: string, shown: string, frameworkName: string, framework: ReturnType<typeof frameworkFrom>['document'], err: NodeJS.WritableStream): number {
  const document = parsePlanDocument(shown, text);
  const linked = linkDocument(document, {
    resolveFramework: (name) => {
      const builtin = name.startsWith(BUILTIN_PREFIX) ? builtinFramework(name.slice(BUILTIN_PREFIX.length)) : undefined;
      return { ok: true, document: builtin ?? framework };
    },
    settings: () => ({}),
    today: todayDay,
  });
  void frameworkName;
  const report = toFileReport(shown, document, lintDocument(linked));
  const formatted = FORMATTERS.stylish([report], { cwd: process.cwd(), repoRoot: process.cwd(), rules: [], color: false, toolVersion: '', env: {} } as any);
  if (formatted) err.write(formatted.endsWith('\n') ? formatted : formatted + '\n');
  return report.errorCount > 0 ? 1 : 0;
}
