import type { Directive } from './parse/markdown.js';

/**
 * Answers "is rule R silenced on line L?" from the file's suppression comments:
 * `cplan-disable`/`cplan-enable` act from their line on, `disable-next-line` on the following line,
 * `disable-line` (a YAML comment) on its own line. An empty rule list means every rule.
 */
export function suppressionOf(directives: readonly Directive[]): (ruleId: string, line: number) => boolean {
  if (directives.length === 0) return () => false;
  const ranges = [...directives].filter((d) => d.kind === 'disable' || d.kind === 'enable').sort((a, b) => a.line - b.line);
  const single = new Map<number, string[][]>();
  for (const d of directives) {
    const line = d.kind === 'disable-next-line' ? d.line + 1 : d.kind === 'disable-line' ? d.line : -1;
    if (line >= 0) single.set(line, [...(single.get(line) ?? []), d.rules]);
  }
  const names = (rules: string[], ruleId: string) => rules.length === 0 || rules.includes(ruleId);
  return (ruleId, line) => {
    if (single.get(line)?.some((rules) => names(rules, ruleId))) return true;
    let disabled = false;
    for (const d of ranges) {
      if (d.line > line) break;
      if (names(d.rules, ruleId)) disabled = d.kind === 'disable';
    }
    return disabled;
  };
}
