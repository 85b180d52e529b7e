import type { Rule } from './rule.js';
import { validatePart } from '../schema/validate.js';

export const frontmatterSchema: Rule = {
  id: 'frontmatter-schema',
  defaultSeverity: 'error',
  description: 'The front matter breaks its schema (a missing, unknown or wrongly typed key).',
  fixable: 'a lone id where a list is wanted (`aims: [SA1]`), a date written in a notation the format reads (`as_of: 30/06/2025`)',
  appliesTo: 'all',
  check({ document, report }) {
    const fm = document.frontMatter;
    if (!fm) return;
    const schema = document.kind === 'framework' ? 'framework-frontmatter' : 'plan-frontmatter';
    const lineEnd = (offset: number) => document.lines.lineEnd(document.lines.positionAt(offset).line);
    for (const problem of validatePart(schema, fm.part, lineEnd)) report(problem);
  },
};
