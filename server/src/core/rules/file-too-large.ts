import type { Rule } from './rule.js';

export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024;

export const fileTooLarge: Rule = {
  id: 'file-too-large',
  defaultSeverity: 'error',
  description: 'The file is larger than the maximum file size, so it was not checked.',
  appliesTo: 'all',
  check({ document, report }) {
    if (!document.oversize) return;
    const { bytes, limit } = document.oversize;
    report({
      span: { start: 0, end: 0 },
      message: `This file is ${bytes} bytes, over the maximum of ${limit} bytes, so it was not checked. Split it into smaller plans, or raise \`max_file_size\` in .cplanrc.yaml (the editor setting \`cplan.maxFileSize\`).`,
    });
  },
};
