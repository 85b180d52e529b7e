import path from 'node:path';
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
