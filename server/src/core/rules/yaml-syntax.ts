import type { Rule } from './rule.js';

export const yamlSyntax: Rule = {
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  description: 'The front matter or a block is not valid YAML.',
  appliesTo: 'all',
  check({ document, report }) {
    const parts = document.frontMatter ? [document.frontMatter.part, ...document.blocks] : document.blocks;
    for (const part of parts) for (const problem of part.yaml.problems) report({ span: problem.span, message: problem.message });
  },
};
