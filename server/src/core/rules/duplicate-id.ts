import type { Rule } from './rule.js';
import { describeKind } from './helpers.js';

export const duplicateId: Rule = {
  id: 'duplicate-id',
  defaultSeverity: 'error',
  description: 'An id is defined twice in a plan together with its framework.',
  appliesTo: 'all',
  check({ document, definitions, report }) {
    for (const [id, entities] of definitions) {
      const first = entities[0];
      for (const again of entities.slice(1)) {
        if (again.document !== document) continue;
        const where = first.document === document ? '' : ` in the framework \`${first.document.frontMatter?.id?.value ?? first.document.path}\``;
        report({
          span: again.idSpan,
          message: `The id \`${id}\` is already used by ${describeKind(first.kind)}${where}; ids must be unique in a plan and its framework. Rename this ${again.kind}.`,
          related: [{ document: first.document, span: first.idSpan, message: `\`${id}\` is first defined here` }],
        });
      }
    }
  },
};
