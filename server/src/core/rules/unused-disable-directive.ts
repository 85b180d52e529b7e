import type { Rule } from './rule.js';

const COMMENT: Record<string, string> = { disable: 'cplan-disable', 'disable-next-line': 'cplan-disable-next-line', 'disable-line': 'cplan-disable-line' };

export const unusedDisableDirective: Rule = {
  id: 'unused-disable-directive',
  defaultSeverity: 'off',
  description: 'A `cplan-disable` comment silences nothing: no finding of the rules it names is where it applies.',
  appliesTo: 'all',
  afterOthers: true,
  check({ document, unusedDirectives, report }) {
    for (const { directive, rules } of unusedDirectives ?? []) {
      const start = document.lines.offsetAt({ line: directive.line, character: 0 });
      const end = document.lines.offsetAt({ line: directive.line + 1, character: 0 });
      const text = document.text.slice(start, end);
      const indent = text.length - text.trimStart().length;
      const comment = `${COMMENT[directive.kind]}${directive.rules.length ? ` ${directive.rules.join(' ')}` : ''}`;
      const what = rules.length === 0 ? 'no finding' : `no ${rules.map((r) => `\`${r}\``).join(' or ')} finding`;
      const fix = rules.length === 0 || rules.length === directive.rules.length ? 'Remove the comment' : `Remove ${rules.map((r) => `\`${r}\``).join(', ')} from it`;
      report({
        span: { start: start + indent, end: start + text.trimEnd().length },
        message: `\`${comment}\` silences nothing: ${what} is reported where it applies. ${fix}, so that it does not hide a future problem.`,
        data: { rules },
      });
    }
  },
};
