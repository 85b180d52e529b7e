import type { Rule } from './rule.js';
import { validatePart } from '../schema/validate.js';

export const blockSchema: Rule = {
  id: 'block-schema',
  defaultSeverity: 'error',
  description: 'A block breaks its schema (a missing, unknown or wrongly typed key, or a block that does not belong in this file).',
  fixable: 'a lone id where a list is wanted (`[SA1]`), a number split at its comma inside `{...}` (`1500`), a date written in a notation the format reads (`31/03/2025`)',
  appliesTo: 'all',
  check({ document, report }) {
    const lineEnd = (offset: number) => document.lines.lineEnd(document.lines.positionAt(offset).line);
    for (const block of document.misspeltBlocks) {
      report({ span: block.span, message: `Unknown block type \`${block.written}\`, so this block is ignored. Did you mean \`${block.meant}\`? Block types are aims, priorities and workstream.`, data: { replacement: block.meant } });
    }
    for (const part of document.blocks) {
      const type = part.region.blockType!;
      if (type === 'workstream' && document.kind === 'framework') {
        report({ span: part.region.open, message: 'A framework holds only `aims` and `priorities` blocks; move this workstream into a plan that uses the framework.' });
        continue;
      }
      for (const problem of validatePart(type, part, lineEnd)) report(problem);
    }
  },
};
