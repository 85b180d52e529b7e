import { gateOf, isGate, type Change } from '../core/diff/index.js';
import { UsageError } from '../node/files.js';
import { diffPairs, filePair, gitPairs, type FileDiff } from '../node/plan-versions.js';
import { githubOutput, jsonOutput, markdownOutput, stylishOutput } from './diff-formats.js';
import { helpWidth, wrapHelp } from './help.js';
import { parseCommandLine, reviewDateOption } from './options.js';
import { commandFailed } from './command-failed.js';

export const DIFF_USAGE = `Usage: cplan diff OLD NEW [options]
       cplan diff --base REV [--head REV] [paths...] [options]

Shows what changed in substance between two versions of a plan: milestones that
slipped, targets weakened, aims no longer served, entities added, removed or
renamed, statuses, links and fields, and the lint findings a version broke or
mended. Moving a block or reordering entries is not a change.

With --base, every plan and framework that changed between REV and the work tree
(or --head REV) is compared, renames followed, and so is each plan whose
framework changed.

Options:
  --format stylish|md|json|github  output (default stylish); md is a pull-request
                                   comment, github workflow annotations
  --base REV                       compare the files changed since this git revision
  --head REV                       ... up to this revision instead of the work tree
  --as-of YYYY-MM-DD               the review date both versions are judged on
  --fail-on LIST                   exit 1 when a change of these kinds or gates
                                   (slipped, target-weakened, removed, aim-unserved,
                                   or any change kind) or of this severity or worse
                                   (error, warning, info) is found
  --config FILE                    use this config instead of the nearest one
  -h, --help                       show this help

Exit codes: 0 no change the gate names, 1 one is found, 2 usage, file or git errors.`;

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const;
const FORMATS = ['stylish', 'md', 'json', 'github'] as const;

export async function runDiff(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv, {
      format: { type: 'string', default: 'stylish' },
      base: { type: 'string' },
      head: { type: 'string' },
      'as-of': { type: 'string' },
      'fail-on': { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    }, 'diff');
  } catch (error) {
    err.write(`cplan diff: ${(error as Error).message}\n${DIFF_USAGE.split('\n').slice(0, 2).join('\n')}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(`${wrapHelp(DIFF_USAGE, helpWidth(out))}\n`);
    return 0;
  }
  try {
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`unknown format \`${values.format}\`; use one of ${FORMATS.join(', ')}`);
    const gates = failOn(values['fail-on']);
    const asOf = reviewDateOption(values['as-of']);
    const cwd = process.cwd();
    const options = { cwd, asOf, configFile: values.config };
    let diffs: FileDiff[];
    if (values.base !== undefined) {
      const { pairs, oldFrameworks } = gitPairs(cwd, values.base, values.head, positionals);
      diffs = diffPairs(pairs, options, oldFrameworks);
    } else {
      if (values.head !== undefined) throw new UsageError('--head goes with --base: cplan diff --base REV --head REV');
      if (positionals.length !== 2) throw new UsageError(`give two files, the old version then the new (cplan diff OLD NEW), or --base REV; got ${positionals.length}`);
      diffs = diffPairs([filePair(positionals[0], positionals[1], cwd)], options);
      if (!diffs.length) throw new UsageError(`neither ${positionals[0]} nor ${positionals[1]} is a commissioning plan or framework (front matter \`kind: commissioning-plan\` or \`kind: commissioning-framework\`)`);
    }
    const single = values.base === undefined;
    const text = format === 'json' ? jsonOutput(diffs, single) : format === 'md' ? markdownOutput(diffs) : format === 'github' ? githubOutput(diffs) : stylishOutput(diffs);
    out.write(text);
    return diffs.some((d) => d.changes.some((change) => gates(change))) ? 1 : 0;
  } catch (error) {
    return commandFailed(error, err, { prefix: 'cplan diff' });
  }
}

/** `--fail-on slipped,removed` or `--fail-on warning`: which changes fail the run. */
function failOn(spec: string | undefined): (change: Change) => boolean {
  if (spec === undefined) return () => false;
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (!names.length) throw new UsageError('--fail-on needs a change kind, a gate (slipped, target-weakened, removed, aim-unserved) or a severity (error, warning, info)');
  for (const name of names) {
    if (!(name in SEVERITY_RANK) && !isGate(name)) throw new UsageError(`--fail-on: unknown \`${name}\`; use slipped, target-weakened, removed, aim-unserved, a change kind (due-moved, added, ...) or a severity (error, warning, info)`);
  }
  return (change) => names.some((name) => name in SEVERITY_RANK
    ? SEVERITY_RANK[change.severity] >= SEVERITY_RANK[name as keyof typeof SEVERITY_RANK]
    : name === change.kind || name === gateOf(change));
}
