import fs from 'node:fs';
import path from 'node:path';
import { emptyPatterns, planJobs, stdinJob } from '../node/lint-files.js';
import { lintJobs } from './cached-lint.js';
import { reviewDateOption, notAPlanMessage, ruleOption, warnSkippedFolders, parseCommandLine, useColor } from './options.js';
import { UsageError, gitRootOf, writeFileReplacing } from '../node/files.js';
import { RULES, ruleDocUrl } from '../core/rules/index.js';
import type { RuleSetting } from '../core/rules/rule.js';
import { FORMATTERS, type FileReport, type FormatName } from './formatters/index.js';
import { VERSION } from '../version.js';
import { runReport } from './report-command.js';
import { runNew } from './new-command.js';
import { runFmt } from './fmt-command.js';
import { runDiff } from './diff-command.js';
import { fixJobs } from './fix-files.js';
import { effectiveConfig, runInit } from './config-command.js';
import { helpWidth, wrapHelp } from './help.js';
import { commandFailed } from './command-failed.js';

const USAGE = `Usage: cplan lint [files|folders|globs...] [options]
       cplan report [files|folders|globs...] [--out FILE] [--format html|md|json] [--as-of YYYY-MM-DD]
       cplan new [file] [--framework builtin:ncl-cancer-2023-28|FILE] [--period 2025/26]
       cplan init [--force]
       cplan fmt [files|folders|globs...] [--check] [--stdin] (see cplan fmt --help)
       cplan diff OLD NEW | --base REV [paths...] [--format stylish|md|json|github] [--fail-on LIST] (see cplan diff --help)
       cplan import tracker.xlsx|tracker.csv [--out plan.md] [--map map.yaml] [--dry-run] (see cplan import --help)

Lints NHS commissioning plans (Markdown with YAML front matter and blocks).
Folders are searched for *.md files, skipping node_modules and git-ignored files;
Markdown files that are not plans or frameworks are skipped, but a path, folder
or glob with no plan or framework in it is an error (exit 2), as in ESLint.

Options:
  --format stylish|json|sarif|github|gitlab|junit|checkstyle|compact|unix
                                       output format (default: stylish)
  --as-of YYYY-MM-DD                   review date (overrides each plan's as_of)
  --max-warnings N                     exit 1 when there are more than N warnings
  --config FILE                        use this config instead of finding .cplanrc.yaml
  --rule id=off|info|warning|error     set a rule's severity (repeatable)
  --quiet                              report errors only
  --fix                                fix in place what needs no choice (see docs/format.md#fixing), then
                                       report what is left
  --fix-dry-run                        the same fixes, written nowhere; --format json gives each fixed
                                       file's text as \`output\`
  --print-config FILE                  print the config that applies to FILE (JSON) and lint nothing
  --no-inline-config                   ignore the cplan-disable comments in the files
  --report-unused-disable-directives   report cplan-disable comments that silence nothing (as errors;
                                       the rule unused-disable-directive, off by default)
  --stdin                              lint the text on standard input
  --stdin-filename FILE                the path that text stands for (default: stdin.md here): its
                                       .cplanrc.yaml and relative framework paths apply
  -o, --output-file FILE               write the output to FILE (folders made as needed), not stdout
  --only-plans                         skip the named files that are not plans or frameworks, or that
                                       the config's include/exclude leaves out (for pre-commit)
  --cache                              reuse the results of files unchanged since the last --cache run
                                       (and whose config, frameworks, options and review day are unchanged)
  --cache-location PATH                the cache file, or a folder to keep .cplancache in (default:
                                       .cplancache in the current folder)
  --color, --no-color                  colour in stylish output (default: on a terminal, unless NO_COLOR
                                       is set; FORCE_COLOR=1 or 0 decides when neither flag is given)
  -h, --help                           show this help
  -v, --version                        show the version

Exit codes: 0 clean, 1 lint errors or too many warnings, 2 usage, config or file errors.
\`cplan report\` writes an HTML (default), Markdown or JSON report of each plan; see cplan report --help.
Rules: ${RULES.map((r) => r.id).join(', ')}`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs the CLI; `workerUrl` (the bundle itself) lets large runs lint on worker threads. */
export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr, workerUrl?: URL): Promise<number> {
  if (argv[0] === 'report') return runReport(argv.slice(1), out, err);
  if (argv[0] === 'new') return runNew(argv.slice(1), out, err);
  if (argv[0] === 'init') return runInit(argv.slice(1), out, err);
  if (argv[0] === 'fmt') return runFmt(argv.slice(1), out, err);
  if (argv[0] === 'diff') return runDiff(argv.slice(1), out, err);
  // Loaded only for an import: the spreadsheet readers are most of its size, and no other command needs them.
  if (argv[0] === 'import') {
    let command: typeof import('./import-command.js');
    try {
      command = await import('./import-command.js');
    } catch (error) {
      // The VS Code extension ships the lint CLI alone, without the import bundle.
      err.write(`cplan: this copy of cplan has no import command (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); use the cplan package, or run \`npm run build\`\n`);
      return 2;
    }
    return command.runImport(argv.slice(1), out, err);
  }
  let parsed;
  try {
    parsed = parseCommandLine(argv, {
        format: { type: 'string', default: 'stylish' },
        'as-of': { type: 'string' },
        'max-warnings': { type: 'string' },
        config: { type: 'string' },
        rule: { type: 'string', multiple: true },
        quiet: { type: 'boolean', default: false },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'output-file': { type: 'string', short: 'o' },
        stdin: { type: 'boolean' },
        'no-inline-config': { type: 'boolean' },
        'report-unused-disable-directives': { type: 'boolean' },
        'print-config': { type: 'string' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        cache: { type: 'boolean' },
        'only-plans': { type: 'boolean' },
        'cache-location': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      }, 'lint');
  } catch (error) {
    err.write(`cplan: ${(error as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(wrapHelp(USAGE, helpWidth(out)) + '\n');
    return 0;
  }
  if (values.version) {
    out.write(VERSION + '\n');
    return 0;
  }
  const [command, ...targets] = positionals;
  if (command !== 'lint') {
    err.write(command ? `cplan: unknown command \`${command}\`; try \`cplan lint\`, \`cplan report\`, \`cplan diff\`, \`cplan new\`, \`cplan init\` or \`cplan import\` (see cplan --help)\n` : wrapHelp(USAGE, helpWidth(err)) + '\n');
    return 2;
  }
  try {
    const format = values.format as FormatName;
    if (!(format in FORMATTERS)) throw new UsageError(`unknown format \`${values.format}\`; use one of ${Object.keys(FORMATTERS).join(', ')}`);
    const asOf = reviewDateOption(values['as-of']);
    let maxWarnings = Infinity;
    if (values['max-warnings'] !== undefined) {
      if (!/^\d+$/.test(values['max-warnings'])) throw new UsageError(`--max-warnings needs a whole number, not \`${values['max-warnings']}\``);
      maxWarnings = Number(values['max-warnings']);
    }
    // ESLint's flag: unused suppression comments are errors, unless --rule says otherwise.
    const rules: Record<string, RuleSetting> = values['report-unused-disable-directives'] ? { 'unused-disable-directive': 'error' } : {};
    for (const spec of values.rule ?? []) {
      const [id, setting] = ruleOption(spec);
      rules[id] = setting;
    }

    const cwd = process.cwd();
    if (values['print-config'] !== undefined) {
      if (targets.length) throw new UsageError('--print-config shows the config of the one file it names; give no other files');
      out.write(JSON.stringify(effectiveConfig(values['print-config'], { cwd, configFile: values.config, rules }), null, 2) + '\n');
      return 0;
    }
    const options = { cwd, asOf, rules, configFile: values.config, inlineConfig: values['no-inline-config'] ? false : undefined, namedAsFound: values['only-plans'] || undefined };
    if (values['stdin-filename'] !== undefined && !values.stdin) throw new UsageError('--stdin-filename names the text of --stdin; add --stdin');
    if (values.stdin && targets.length) throw new UsageError(`--stdin lints the text on standard input, so give no files (found ${targets.map((t) => `\`${t}\``).join(', ')})`);
    const plan = values.stdin
      ? { jobs: [stdinJob(values['stdin-filename'] ?? 'stdin.md', await readStdin(), options)], patterns: [], skippedFolders: [] }
      : await planJobs(targets, options);
    warnSkippedFolders(plan.skippedFolders, cwd, err);
    const fixing = values.fix || values['fix-dry-run'];
    const fixed = fixing ? fixJobs(plan.jobs, options, !!values['fix-dry-run'] || !!values.stdin, (f) => path.relative(cwd, f) || f) : undefined;
    const outcomes = await lintJobs(fixed ? fixed.map((f) => f.job) : plan.jobs, options, { quiet: values.quiet, workerUrl, cache: values.cache, cacheLocation: values['cache-location'], cwd, err });
    if (fixed && (values['fix-dry-run'] || values.stdin)) {
      outcomes.forEach((outcome, i) => {
        if (outcome.kind === 'linted' && fixed[i].output !== undefined) outcome.report.output = fixed[i].output;
      });
    }
    let exitCode = 0;
    const reports: FileReport[] = [];
    for (const empty of emptyPatterns(plan, (i) => outcomes[i].kind !== 'not-plan', targets.length === 0)) {
      err.write(`cplan: ${empty.message}\n`);
      exitCode = 2;
    }
    for (const outcome of outcomes) {
      if (outcome.kind === 'linted') reports.push(outcome.report);
      else if (outcome.kind === 'unreadable') {
        err.write(`cplan: cannot read ${path.relative(cwd, outcome.path) || outcome.path}: ${outcome.reason}\n`);
        exitCode = 2;
      } else if (outcome.explicit) {
        err.write(`cplan: ${notAPlanMessage(path.relative(cwd, outcome.path) || outcome.path)}\n`);
        exitCode = 2;
      }
    }
    const outputFile = values['output-file'];
    const text = FORMATTERS[format](reports, {
      cwd,
      repoRoot: gitRootOf(cwd) ?? cwd,
      rules: RULES.map((r) => ({ id: r.id, description: r.description, defaultSeverity: r.defaultSeverity, helpUri: ruleDocUrl(r.id) })),
      color: format === 'stylish' && useColor(values.color, values['no-color'], outputFile === undefined && !!(out as NodeJS.WriteStream).isTTY, process.env),
      toolVersion: VERSION,
      env: process.env,
    });
    const output = text && (text.endsWith('\n') ? text : text + '\n');
    if (outputFile !== undefined) {
      const target = path.resolve(cwd, outputFile);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      writeFileReplacing(target, output, outputFile);
    } else if (output) out.write(output);
    const errors = reports.reduce((n, r) => n + r.errorCount, 0);
    const warnings = reports.reduce((n, r) => n + r.warningCount, 0);
    if (errors > 0) exitCode = Math.max(exitCode, 1);
    if (warnings > maxWarnings) {
      err.write(`cplan: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
      exitCode = Math.max(exitCode, 1);
    }
    return exitCode;
  } catch (error) {
    return commandFailed(error, err);
  }
}
