import type { Directive } from './parse/markdown.js';

/** A block's first (fence) and last line, 0-based. */
export interface BlockLines {
  open: number;
  close: number;
}

/** A suppression comment, and the rules it names that it silenced nothing of (every rule: `[]`). */
export interface UnusedDirective {
  directive: Directive;
  rules: string[];
}

export interface Suppression {
  /** Whether rule R is silenced on line L; a directive that answers yes counts as used. */
  suppressed(ruleId: string, line: number): boolean;
  /** The disable comments (and the rules they name) that silenced nothing, once every rule has run. */
  unused(): UnusedDirective[];
}

const ALL = '';

/**
 * Answers "is rule R silenced on line L?" from the file's suppression comments:
 * `cplan-disable`/`cplan-enable` act from their line on; `disable-next-line` on the following line, or
 * on the whole block when that line opens a block (an HTML comment cannot sit inside one);
 * `disable-line` (a YAML comment) on its own line. An empty rule list means every rule.
 */
export function suppressionOf(directives: readonly Directive[], blocks: readonly BlockLines[] = []): Suppression {
  if (directives.length === 0) return { suppressed: () => false, unused: () => [] };
  const used = new Map<Directive, Set<string>>(directives.filter((d) => d.kind !== 'enable').map((d) => [d, new Set()]));
  const ranges = [...directives].filter((d) => d.kind === 'disable' || d.kind === 'enable').sort((a, b) => a.line - b.line);
  const spans: { from: number; to: number; directive: Directive }[] = [];
  for (const d of directives) {
    if (d.kind === 'disable-line') spans.push({ from: d.line, to: d.line, directive: d });
    if (d.kind === 'disable-next-line') {
      const block = blocks.find((b) => b.open === d.line + 1);
      spans.push({ from: d.line + 1, to: block ? block.close : d.line + 1, directive: d });
    }
  }
  const names = (rules: string[], ruleId: string) => rules.length === 0 || rules.includes(ruleId);
  const markUsed = (d: Directive, ruleId: string) => used.get(d)?.add(d.rules.length === 0 ? ALL : ruleId);
  return {
    suppressed(ruleId, line) {
      let silenced = false;
      for (const s of spans) {
        if (s.from <= line && line <= s.to && names(s.directive.rules, ruleId)) {
          markUsed(s.directive, ruleId);
          silenced = true;
        }
      }
      let disabledBy: Directive | undefined;
      for (const d of ranges) {
        if (d.line > line) break;
        if (names(d.rules, ruleId)) disabledBy = d.kind === 'disable' ? d : undefined;
      }
      if (disabledBy) markUsed(disabledBy, ruleId);
      return silenced || !!disabledBy;
    },
    unused() {
      const found: UnusedDirective[] = [];
      for (const [directive, silenced] of used) {
        if (directive.rules.length === 0) {
          if (!silenced.has(ALL)) found.push({ directive, rules: [] });
        } else {
          const idle = directive.rules.filter((rule) => !silenced.has(rule));
          if (idle.length) found.push({ directive, rules: idle });
        }
      }
      return found.sort((a, b) => a.directive.line - b.directive.line);
    },
  };
}
