import path from 'node:path';
import { parseArgs } from 'node:util';
import { dayFromIso, type Day } from '../core/periods.js';
import { UsageError } from '../node/files.js';
import { RULES_BY_ID } from '../core/rules/index.js';
import type { RuleSetting } from '../core/rules/rule.js';
import { didYouMean } from '../core/suggest.js';

const SETTINGS = new Set(['off', 'info', 'warning', 'error']);

/** `--rule id=severity`: exactly one `=`, a known rule and a known severity, or a usage error saying what to write. */
export function ruleOption(spec: string): [string, RuleSetting] {
  const equals = spec.indexOf('=');
  const id = equals < 0 ? spec : spec.slice(0, equals);
  const setting = equals < 0 ? undefined : spec.slice(equals + 1);
  if (!RULES_BY_ID.has(id)) throw new UsageError(`unknown rule \`${id}\`.${didYouMean(id, RULES_BY_ID.keys())}`);
  if (setting === undefined) throw new UsageError(`--rule ${spec}: write --rule ${id}=off|info|warning|error`);
  if (setting.includes('=')) throw new UsageError(`--rule ${spec}: write one severity, e.g. --rule ${id}=${setting.split('=')[0] || 'off'}`);
  if (!SETTINGS.has(setting)) throw new UsageError(`--rule ${spec}: the severity must be off, info, warning or error`);
  return [id, setting as RuleSetting];
}

/** One line on stderr per folder skipped because it could not be read; the run goes on without it. */
export function warnSkippedFolders(skipped: readonly { path: string; reason: string }[], cwd: string, err: NodeJS.WritableStream): void {
  for (const folder of skipped) err.write(`cplan: warning: cannot read folder ${(path.relative(cwd, folder.path) || folder.path).split(path.sep).join('/')} (${folder.reason}); skipped it\n`);
}

/** `--as-of`, shared by the commands: a real date or a usage error. */
export function reviewDateOption(value: string | undefined): Day | undefined {
  if (value === undefined) return undefined;
  const day = dayFromIso(value);
  if (day === undefined) throw new UsageError(`--as-of \`${value}\` is not a real date (YYYY-MM-DD)`);
  return day;
}

export function notAPlanMessage(shownPath: string): string {
  return `${shownPath} is not a commissioning plan or framework (its front matter needs \`kind: commissioning-plan\` or \`kind: commissioning-framework\`)`;
}

type ParseArgsConfig = NonNullable<Parameters<typeof parseArgs>[0]>;

/**
 * `parseArgs` with messages a user can act on: an unknown option names the closest known one, and a missing
 * value says which option wants it (Node's own text tells you to put the option after `--`).
 */
export function parseCommandLine<T extends ParseArgsConfig['options']>(args: string[], options: T, command: string) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = (error as Error).message;
    const named = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
    const known = Object.entries((options ?? {}) as Record<string, { short?: string }>).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = named.split('=')[0];
      throw new UsageError(`unknown option \`${option}\` for cplan ${command}.${didYouMean(option, known)} See cplan ${command} --help.`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const option = /--([a-z-]+)/.exec(message)?.[1];
      const spec = option ? (options as Record<string, { type: string }>)[option] : undefined;
      throw new UsageError(spec?.type === 'boolean' ? `--${option} takes no value` : `--${option ?? named} needs a value, e.g. --${option ?? named} X`);
    }
    throw new UsageError(message);
  }
}

/**
 * Whether stylish output is coloured: a flag decides, then FORCE_COLOR (`0`/`false` off, anything else on, as
 * chalk and ESLint read it), then NO_COLOR (any non-empty value: off, as no-color.org says), then the terminal.
 */
export function useColor(color: boolean | undefined, noColor: boolean | undefined, terminal: boolean, env: NodeJS.ProcessEnv): boolean {
  if (color && noColor) throw new UsageError('--color and --no-color contradict each other; give one');
  if (color) return true;
  if (noColor) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR) return false;
  return terminal;
}
