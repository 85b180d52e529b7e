import type { Rule } from './rule.js';

export const unresolvedFramework: Rule = {
  id: 'unresolved-framework',
  defaultSeverity: 'error',
  description: "The plan's `framework` names no readable framework file inside the workspace, built-in framework or framework id.",
  appliesTo: 'plans',
  check({ document, frameworkResolution, report }) {
    const field = document.frontMatter?.framework;
    if (!field || !frameworkResolution || frameworkResolution.ok) return;
    const { message, suggestion } = frameworkResolution;
    report(suggestion ? { span: field.span, message, data: { replacement: suggestion } } : { span: field.span, message });
  },
};
