import { dayFromIso, type Day } from '../core/periods.js';
import { UsageError } from '../node/files.js';

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
