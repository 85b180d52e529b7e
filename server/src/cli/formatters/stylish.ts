import path from 'node:path';
import type { Severity } from '../../core/rules/rule.js';
import type { FileReport, Formatter } from './types.js';

/**
 * ESLint's "stylish" layout: per file a header, one aligned row per message
 * (`line:column  severity  message  rule-id`), then a one-line summary.
 * ANSI colours only when `context.color`; plain escape codes, no dependency.
 */

type Paint = (text: string) => string;

const ESC = '\u001b[';
const sgr = (open: number, close: number): Paint => (text) => `${ESC}${open}m${text}${ESC}${close}m`;
const plain: Paint = (text) => text;

const PAINTS = {
  underline: sgr(4, 24),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  blue: sgr(34, 39),
};

const SEVERITY_COLOUR: Record<Severity, keyof typeof PAINTS> = { error: 'red', warning: 'yellow', info: 'blue' };

function pluralize(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Control characters written visibly (`\n`, `\u001b`), so that a file name cannot break a row or drive the terminal. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function displayPath(filePath: string, cwd: string): string {
  return printable(path.relative(cwd, filePath) || path.basename(filePath) || filePath);
}

function fileBlock(report: FileReport, cwd: string, paint: (name: keyof typeof PAINTS, text: string) => string): string {
  const rows = report.messages.map((m) => {
    const [first, ...rest] = m.message.split(/\r?\n/).map(printable);
    return { m, first, rest };
  });
  const lineWidth = Math.max(...rows.map((r) => String(r.m.line).length));
  const columnWidth = Math.max(...rows.map((r) => String(r.m.column).length));
  const severityWidth = Math.max(...rows.map((r) => r.m.severity.length));
  const messageWidth = Math.max(...rows.map((r) => r.first.length));
  // "  " + position + "  " + severity + "  " : where the message column starts.
  const messageIndent = ' '.repeat(2 + lineWidth + 1 + columnWidth + 2 + severityWidth + 2);

  const lines = rows.map(({ m, first, rest }) => {
    const position = `${String(m.line).padStart(lineWidth)}:${String(m.column).padEnd(columnWidth)}`;
    const severity = m.severity.padEnd(severityWidth);
    const ruleId = m.ruleId ? `  ${paint('dim', m.ruleId)}` : '';
    const head = `  ${paint('dim', position)}  ${paint(SEVERITY_COLOUR[m.severity], severity)}  ${m.ruleId ? first.padEnd(messageWidth) : first}${ruleId}`;
    return [head, ...rest.map((line) => messageIndent + line)].map((line) => line.trimEnd()).join('\n');
  });
  return `${paint('underline', displayPath(report.filePath, cwd))}\n${lines.join('\n')}\n`;
}

export const stylish: Formatter = (reports, context) => {
  const withMessages = reports.filter((r) => r.messages.length > 0);
  if (withMessages.length === 0) return '';
  const paint = (name: keyof typeof PAINTS, text: string) => (context.color ? PAINTS[name] : plain)(text);

  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const r of reports) {
    errors += r.errorCount;
    warnings += r.warningCount;
    infos += r.infoCount;
  }
  const total = errors + warnings + infos;

  let output = '\n';
  for (const report of withMessages) output += fileBlock(report, context.cwd, paint) + '\n';
  const summary = `\u2716 ${pluralize(total, 'problem')} (${pluralize(errors, 'error')}, ${pluralize(warnings, 'warning')}, ${pluralize(infos, 'info')})`;
  const summaryColour = errors > 0 ? 'red' : warnings > 0 ? 'yellow' : 'blue';
  output += paint(summaryColour, paint('bold', summary)) + '\n';
  // As ESLint says it, when `cplan lint --fix` would fix some of them.
  const fixable = (severity: (s: string) => boolean) => reports.reduce((n, r) => n + r.messages.filter((m) => m.fixable && severity(m.severity)).length, 0);
  const fixableErrors = fixable((s) => s === 'error');
  const fixableOthers = fixable((s) => s !== 'error');
  if (fixableErrors + fixableOthers > 0) output += paint(summaryColour, paint('bold', `  ${pluralize(fixableErrors, 'error')} and ${pluralize(fixableOthers, 'warning')} potentially fixable with the \`--fix\` option.`)) + '\n';
  return output;
};

export default stylish;
