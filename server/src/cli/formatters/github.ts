import type { Severity } from '../../core/rules/rule.js';
import { repoPath } from './paths.js';
import type { Formatter, ReportMessage } from './types.js';

/**
 * GitHub Actions workflow commands, one per message and nothing else:
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule-id>::<message>`.
 * Escaping is exactly `@actions/core`'s `escapeData` / `escapeProperty`. Paths are
 * relative to the repository root, as GitHub resolves them, whatever the step's
 * `working-directory`.
 */

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** `@actions/core` `escapeData`. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** `@actions/core` `escapeProperty`. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(file: string, m: ReportMessage): string {
  const properties: [string, string | number][] = [
    ['file', file],
    ['line', m.line],
  ];
  // GitHub only accepts columns when the annotation starts and ends on one line.
  if (m.endLine === m.line) properties.push(['col', m.column]);
  properties.push(['endLine', m.endLine]);
  if (m.endLine === m.line) properties.push(['endColumn', m.endColumn]);
  if (m.ruleId) properties.push(['title', m.ruleId]);
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${COMMAND[m.severity]} ${props}::${escapeData(m.message)}`;
}

export const github: Formatter = (reports, context) => {
  const lines: string[] = [];
  for (const report of reports) {
    const file = repoPath(report.filePath, context.repoRoot);
    for (const m of report.messages) lines.push(annotation(file, m));
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
};

export default github;
