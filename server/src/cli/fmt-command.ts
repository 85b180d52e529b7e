import fs from 'node:fs';
import path from 'node:path';
import { parsePlanDocument } from '../core/document.js';
import { formatDocument } from '../core/format/index.js';
import { DEFAULT_MAX_FILE_SIZE } from '../core/rules/file-too-large.js';
import { UsageError, writeFileReplacing } from '../node/files.js';
import { planJobs } from '../node/lint-files.js';
import { notAPlanMessage, parseCommandLine, warnSkippedFolders } from './options.js';
import { commandFailed } from './command-failed.js';

export const FMT_USAGE = `Usage: cplan fmt [files|folders|globs...] [--check] [--stdin [--stdin-filename FILE]]

Formats commissioning plans and frameworks in place, inside their YAML only:
periods in their canonical form (Q4 24/25 -> Q4 2024/25, 31/03/2025 -> 2025-03-31),
enumerated values too (At risk -> at-risk), single quotes made double, two spaces a
level of indentation, and the keys of each workstream, milestone, metric, aim,
priority and front matter in the order of docs/format.md. Prose, comments and blank lines are left as they are, and a value
that is not plainly one period or value (TBC, next spring) is never changed.
Files are found as cplan lint finds them; Markdown that is not a plan is skipped.

Options:
  --check                  change nothing: list the files that would change, exit 1 if any
  --stdin                  format the text on standard input and print it
  --stdin-filename FILE    the path that text stands for, in messages (default: stdin.md)
  -h, --help               show this help

Exit codes: 0 formatted (or, with --check, nothing to change), 1 with --check when a
file would change, 2 usage or file errors.`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function runFmt(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  try {
    const { values, positionals } = parseCommandLine(argv, {
      check: { type: 'boolean', default: false },
      stdin: { type: 'boolean', default: false },
      'stdin-filename': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    }, 'fmt');
    if (values.help) {
      out.write(FMT_USAGE + '\n');
      return 0;
    }
    if (values['stdin-filename'] !== undefined && !values.stdin) throw new UsageError('--stdin-filename names the text of --stdin; add --stdin');
    if (values.stdin) {
      if (positionals.length) throw new UsageError(`--stdin formats the text on standard input, so give no files (found ${positionals.map((t) => `\`${t}\``).join(', ')})`);
      const name = values['stdin-filename'] ?? 'stdin.md';
      const text = await readStdin();
      const formatted = formatDocument(parsePlanDocument(name, text));
      if (values.check) {
        if (formatted === text) return 0;
        err.write(`cplan: ${name} would be reformatted (run cplan fmt)\n`);
        return 1;
      }
      out.write(formatted);
      return 0;
    }
    return await formatFiles(positionals, values.check, out, err);
  } catch (error) {
    return commandFailed(error, err);
  }
}

async function formatFiles(targets: string[], check: boolean, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const cwd = process.cwd();
  const plan = await planJobs(targets, { cwd });
  warnSkippedFolders(plan.skippedFolders, cwd, err);
  const shown = (file: string) => (path.relative(cwd, file) || file).split(path.sep).join('/');
  let exitCode = 0;
  let changed = 0;
  for (const job of plan.jobs) {
    let text: string;
    try {
      const limit = job.config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
      const size = fs.statSync(job.path).size;
      if (size > limit) {
        err.write(`cplan: warning: ${shown(job.path)} is ${size} bytes, over the limit of ${limit} (maxFileSize); left as it is\n`);
        continue;
      }
      text = fs.readFileSync(job.path, 'utf8');
    } catch (error) {
      err.write(`cplan: cannot read ${shown(job.path)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      exitCode = 2;
      continue;
    }
    const document = parsePlanDocument(job.path, text);
    if (!document.kind) {
      if (job.explicit) {
        err.write(`cplan: ${notAPlanMessage(shown(job.path))}\n`);
        exitCode = 2;
      }
      continue;
    }
    const formatted = formatDocument(document);
    if (formatted === text) continue;
    changed++;
    if (!check) writeFileReplacing(job.path, formatted, shown(job.path));
    out.write(`${shown(job.path)}\n`);
  }
  if (check && changed > 0) {
    err.write(`cplan: ${changed} file${changed === 1 ? '' : 's'} would be reformatted; run cplan fmt to format ${changed === 1 ? 'it' : 'them'}\n`);
    exitCode = Math.max(exitCode, 1);
  }
  return exitCode;
}
