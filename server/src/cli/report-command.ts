import path from 'node:path';
import { lintFiles } from '../node/lint-files.js';
import { reviewDateOption, notAPlanMessage, warnSkippedFolders, parseCommandLine } from './options.js';
import { UsageError, writeFileReplacing } from '../node/files.js';
import { reportData, type PlanReport } from '../report/data.js';
import { AUDIENCES, renderHtml, type Audience } from '../report/html.js';
import { renderMarkdown } from '../report/markdown.js';
import { isDirectory, outputTarget } from './report-output.js';
import { writePortfolio } from './report-site.js';
import { VERSION } from '../version.js';
import { helpWidth, wrapHelp } from './help.js';
import { commandFailed } from './command-failed.js';

export const REPORT_USAGE = `Usage: cplan report [files|folders|globs...] [--out FILE|FOLDER/] [--format html|md|json|xlsx] [--audience board|author] [--as-of YYYY-MM-DD]

Writes a report of each plan. The HTML board pack: an exception list (red and amber
items), a milestone table per workstream (owner, due, status, RAG, latest update),
the milestone timeline by NHS financial quarter, a chart per metric (baseline,
trajectory, actuals, target) and aims × workstreams coverage; --audience author
adds the lint counts and findings.
Frameworks are not reported on, but resolve the aims plans adopt. A path, folder
or glob with no plan or framework in it is an error (exit 2), as in ESLint.
--out never overwrites a plan, a framework or an input file (exit 2).
--out FOLDER/ (a name ending in /, or a folder that exists) writes a portfolio
site: index.html (a row per plan with its RAG counts, overdue milestones and
metrics off trajectory; every overdue milestone; metric trajectories side by
side; priorities and aims across the plans) and a board pack per plan under
plans/.

Options:
  --out FILE|FOLDER/         where to write (default, or -: standard output)
  --portfolio                write the portfolio site to --out even without a /
  --format html|md|json|xlsx self-contained HTML (default), GitHub Markdown with a
                             Mermaid gantt chart, the report data as JSON, or an
                             Excel workbook (Milestones, Metrics, Workstreams,
                             Findings, Plans; needs --out FILE.xlsx)
  --audience board|author    HTML only: board (default) leaves lint findings out,
                             author keeps them
  --as-of YYYY-MM-DD         review date (overrides each plan's as_of)
  --config FILE              use this config instead of finding .cplanrc.yaml
  -h, --help                 show this help

Exit codes: 0 written, 2 usage, config or file errors.`;

const FORMATS = ['html', 'md', 'json', 'xlsx'] as const;

/** The spreadsheet bundle (exceljs), loaded only for `--format xlsx`. */
async function loadSpreadsheets(): Promise<typeof import('./spreadsheets.js')> {
  try {
    return await import('./spreadsheets.js');
  } catch (error) {
    // The VS Code extension ships the lint CLI alone, without the spreadsheet bundle.
    throw new UsageError(`this copy of cplan cannot write .xlsx (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); use the cplan package, or run \`npm run build\``);
  }
}

/** `cplan report ...` (argv without the word `report`). */
export async function runReport(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv, {
        out: { type: 'string', short: 'o' },
        format: { type: 'string', default: 'html' },
        'as-of': { type: 'string' },
        audience: { type: 'string' },
        portfolio: { type: 'boolean', default: false },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      }, 'report');
  } catch (error) {
    err.write(`cplan: ${(error as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(wrapHelp(REPORT_USAGE, helpWidth(out)) + '\n');
    return 0;
  }
  const cwd = process.cwd();
  try {
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`unknown report format \`${values.format}\`; use one of ${FORMATS.join(', ')}`);
    const audience = (values.audience ?? 'board') as Audience;
    if (!AUDIENCES.includes(audience)) throw new UsageError(`unknown report audience \`${values.audience}\`; use one of ${AUDIENCES.join(', ')}`);
    if (values.audience !== undefined && format !== 'html') throw new UsageError(`--audience applies to --format html only, not ${format}`);
    const asOf = reviewDateOption(values['as-of']);
    const outFile = values.out === undefined || values.out === '-' ? undefined : path.resolve(cwd, values.out);
    const portfolio = values.portfolio || (values.out !== undefined && outFile !== undefined && (/[\\/]$/.test(values.out) || isDirectory(outFile)));
    if (portfolio && !outFile) throw new UsageError('--portfolio writes a folder of pages: give it with --out, e.g. --out site/');
    if (portfolio && format !== 'html') throw new UsageError(`a portfolio (--out ${values.out}) is a folder of HTML pages; --format ${format} writes one file, e.g. --out report.${format}`);
    if (format === 'xlsx' && !outFile) throw new UsageError('--format xlsx writes a workbook, not text: give the file to write, e.g. --out plans.xlsx');
    const outcome = await lintFiles(positionals, { cwd, asOf, configFile: values.config });
    warnSkippedFolders(outcome.skippedFolders, cwd, err);
    for (const empty of outcome.emptyPatterns) throw new UsageError(empty.message);
    for (const unreadable of outcome.unreadable) throw new UsageError(`cannot read ${path.relative(cwd, unreadable.path) || unreadable.path}: ${unreadable.reason}`);
    for (const notPlan of outcome.notPlans) throw new UsageError(notAPlanMessage(path.relative(cwd, notPlan) || notPlan));
    const plans = outcome.results.filter((r) => r.document.kind === 'plan').sort((a, b) => a.path.localeCompare(b.path));
    if (plans.length === 0) throw new UsageError(`no commissioning plans found in ${positionals.length ? positionals.join(' ') : 'the current folder'}`);
    const display = (file: string) => (path.relative(cwd, file) || file).split(path.sep).join('/');
    const reports: PlanReport[] = plans.map((r) => reportData(r.linked, r.diagnostics, { path: display(r.path) }));
    const files = new Map(plans.map((r, i) => [reports[i], r.path]));
    if (portfolio) {
      writePortfolio(reports, files, outFile!, values.out!, audience, outcome.results.map((r) => r.path));
      return 0;
    }
    const base = outFile ? path.dirname(outFile) : cwd;
    const hrefFor = (report: PlanReport) => encodeURI((path.relative(base, files.get(report)!) || path.basename(files.get(report)!)).split(path.sep).join('/'));
    const title = plans.length === 1 ? `Plan report: ${reports[0].title}` : 'Commissioning plans report';
    if (format === 'xlsx') {
      const { renderXlsx } = await loadSpreadsheets();
      writeFileReplacing(outputTarget(outFile!, values.out!, outcome.results.map((r) => r.path)), await renderXlsx(reports, { generator: `cplan ${VERSION}` }), values.out!);
      return 0;
    }
    const text = format === 'html'
      ? renderHtml(reports, { title, hrefFor, generator: `cplan ${VERSION}`, audience })
      : format === 'md'
        ? renderMarkdown(reports, { title, hrefFor })
        : JSON.stringify({ generator: `cplan ${VERSION}`, plans: reports }, null, 2) + '\n';
    if (outFile) {
      writeFileReplacing(outputTarget(outFile, values.out!, outcome.results.map((r) => r.path)), text, values.out!);
    } else out.write(text);
    return 0;
  } catch (error) {
    return commandFailed(error, err, { firstLine: true });
  }
}
