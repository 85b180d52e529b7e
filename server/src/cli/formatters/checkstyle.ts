import type { Formatter } from './types.js';
import { xmlAttributes } from './xml.js';

/**
 * Checkstyle XML (version 4.3, as ESLint writes it) for Jenkins Warnings NG, reviewdog and other Checkstyle
 * readers: a `file` per plan with its absolute path, an `error` per finding with the Checkstyle severity
 * (error, warning, info) and `source` `cplan.rules.<rule>`.
 */
export const checkstyle: Formatter = (reports) => {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const report of reports) {
    lines.push(`  <file ${xmlAttributes({ name: report.filePath })}>`);
    for (const m of report.messages) {
      lines.push(`    <error ${xmlAttributes({ line: m.line, column: m.column, severity: m.severity, message: m.message, source: `cplan.rules.${m.ruleId}` })}/>`);
    }
    lines.push('  </file>');
  }
  lines.push('</checkstyle>');
  return lines.join('\n');
};
