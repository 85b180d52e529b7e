import type { Rule } from './rule.js';

export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024;

export const fileTooLarge: Rule = {
  id: 'file-too-large',
  defaultSeverity: 'error',
  description: 'The file is over the maximum file size, so it was not checked, or holds more blocks than the limit, so the blocks past it were not checked.',
  appliesTo: 'all',
  check({ document, report }) {
    const skipped = document.skippedBlocks;
    if (skipped) {
      report({
        span: skipped.first,
        message: `This file holds ${skipped.total} blocks, over the limit of ${skipped.limit}: this block and the ${skipped.total - skipped.limit - 1} after it were not checked. Split the plan into several files.`,
      });
    }
    if (!document.oversize) return;
    const { bytes, limit } = document.oversize;
    report({
      span: { start: 0, end: 0 },
      message: `This file is ${bytes} bytes, over the maximum of ${limit} bytes, so it was not checked. Split it into smaller plans, or raise \`max_file_size\` in .cplanrc.yaml (the editor setting \`cplan.maxFileSize\`).`,
    });
  },
};
