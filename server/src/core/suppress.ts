import type { Directive } from './parse/markdown.js';

/** A block's first (fence) and last line, 0-based. */
export interface BlockLines {
  open: number;
  close: number;
}

/**
 * Answers "is rule R silenced on line L?" from the file's suppression comments:
 * `cplan-disable`/`cplan-enable` act from their line on; `disable-next-line` on the following line, or
 * on the whole block when that line opens a block (an HTML comment cannot sit inside one);
 * `disable-line` (a YAML comment) on its own line. An empty rule list means every rule.
 */
export function suppressionOf(directives: readonly Directive[], blocks: readonly BlockLines[] = []): (ruleId: string, line: number) => boolean {
  if (directives.length === 0) return () => false;
  const ranges = [...directives].filter((d) => d.kind === 'disable' || d.kind === 'enable').sort((a, b) => a.line - b.line);
  const spans: { from: number; to: number; rules: string[] }[] = [];
  for (const d of directives) {
    if (d.kind === 'disable-line') spans.push({ from: d.line, to: d.line, rules: d.rules });
    if (d.kind === 'disable-next-line') {
      const block = blocks.find((b) => b.open === d.line + 1);
      spans.push({ from: d.line + 1, to: block ? block.close : d.line + 1, rules: d.rules });
    }
  }
  const names = (rules: string[], ruleId: string) => rules.length === 0 || rules.includes(ruleId);
  return (ruleId, line) => {
    if (spans.some((s) => s.from <= line && line <= s.to && names(s.rules, ruleId))) return true;
    let disabled = false;
    for (const d of ranges) {
      if (d.line > line) break;
      if (names(d.rules, ruleId)) disabled = d.kind === 'disable';
    }
    return disabled;
  };
}
