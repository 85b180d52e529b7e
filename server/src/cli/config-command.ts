import fs from 'node:fs';
import path from 'node:path';
import { RULES } from '../core/rules/index.js';
import type { RuleSetting } from '../core/rules/rule.js';
import { DEFAULT_MAX_FILE_SIZE } from '../core/rules/file-too-large.js';
import { ConfigFinder, CONFIG_FILE, emptyConfig, readConfig, type Config } from '../node/config.js';
import { UsageError, gitRootOf } from '../node/files.js';
import { isoFromDay } from '../core/periods.js';
import { parseCommandLine } from './options.js';
import { helpWidth, wrapHelp } from './help.js';

export const INIT_USAGE = `Usage: cplan init [--force]

Writes a commented ${CONFIG_FILE} in the current folder: every rule at its default severity and
every other key, explained, so that you change what you need. It never overwrites a config
unless --force is given.

Exit codes: 0 written, 2 usage or file errors.`;

/** A commented `.cplanrc.yaml` that reads as the defaults: every setting is either at its default or a comment. */
export function initialConfig(): string {
  const width = Math.max(...RULES.map((r) => r.id.length)) + 1;
  const rules = RULES.map((r) => `  ${`${r.id}:`.padEnd(width)} ${quoteOff(r.defaultSeverity).padEnd(7)}  # ${firstSentence(r.description)}`);
  return `# cplan config: docs/rules/README.md lists the rules, schemas/cplanrc.schema.json every key.
# Paths are relative to this file's folder. Severities: off, info, warning, error.

# Review date for plans that have no as_of of their own (default: today).
# as_of: 2025-06-30

rules:
${rules.join('\n')}

# Which Markdown files are linted (globs relative to this folder); by default every *.md that is a plan
# or framework, skipping node_modules and git-ignored files.
# include: ["plans/**/*.md"]
# exclude: ["plans/archive/**"]

# Folders searched for a framework a plan names by id (framework: ncl-cancer-2023-28).
# frameworks: ["./frameworks"]

# Largest file, in bytes, that is linted; a larger one gets one file-too-large finding.
# max_file_size: ${DEFAULT_MAX_FILE_SIZE}

# How progress is judged (the defaults shown).
# progress:
#   tolerance: 5          # % of a metric's baseline-to-target distance it may fall behind its trajectory
#   reporting: quarterly  # or monthly: how often actuals are due
#   update_days: 100      # how old the latest update may be before stale-update reports it
#   trend_actuals: 4      # how many of the latest actuals the target-at-risk trend goes through
`;
}

const quoteOff = (setting: RuleSetting) => (setting === 'off' ? '"off"' : setting);
const firstSentence = (text: string) => text.replace(/`/g, '').split(/(?<=\.)\s/)[0];

/** `cplan init ...` (argv without the word `init`). */
export function runInit(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, cwd = process.cwd()): number {
  try {
    const { values, positionals } = parseCommandLine(argv, { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, 'init');
    if (values.help) {
      out.write(wrapHelp(INIT_USAGE, helpWidth(out)) + '\n');
      return 0;
    }
    if (positionals.length) throw new UsageError(`cplan init writes ${CONFIG_FILE} here and takes no file (found \`${positionals[0]}\`)`);
    const target = path.join(cwd, CONFIG_FILE);
    if (fs.existsSync(target) && !values.force) throw new UsageError(`${CONFIG_FILE} already exists; cplan init never overwrites it (add --force to replace it)`);
    fs.writeFileSync(target, initialConfig());
    out.write(`cplan: wrote ${CONFIG_FILE} (every rule at its default severity); edit it, then run cplan lint\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`cplan: ${error.message}\n`);
      return 2;
    }
    err.write(`cplan: cannot write ${CONFIG_FILE}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 2;
  }
}

/** The config that applies to `file`, after `--config` and `--rule`: what `--print-config` prints. Paths absolute. */
export function effectiveConfig(file: string, options: { cwd: string; configFile?: string; rules: Record<string, RuleSetting> }): Record<string, unknown> {
  const target = path.resolve(options.cwd, file);
  let config: Config;
  if (options.configFile) config = readConfig(path.resolve(options.cwd, options.configFile));
  else {
    const found = new ConfigFinder().find(path.dirname(target));
    config = found ? readConfig(found, true) : emptyConfig(gitRootOf(path.dirname(target)) ?? path.dirname(target));
  }
  const merged: Record<string, RuleSetting> = { ...config.rules, ...options.rules };
  return {
    file: target,
    configFile: config.path ?? null,
    asOf: config.asOf !== undefined ? isoFromDay(config.asOf) : null,
    rules: Object.fromEntries(RULES.map((r) => [r.id, merged[r.id] ?? r.defaultSeverity])),
    include: config.include,
    exclude: config.exclude,
    frameworks: config.frameworks,
    maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
  };
}
