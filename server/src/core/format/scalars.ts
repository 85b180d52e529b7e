import { parse } from 'yaml';
import { isUnreadable, type PlanDocument } from '../model.js';
import type { Span } from '../text.js';
import type { CanonicalRewrite } from './canonical-values.js';
import type { TextChange } from './edits.js';

/** Whether YAML reads `text`, written plain, as that very string (not a number, a boolean, null, or a mapping). */
function plainReadsAs(text: string): boolean {
  // Inside `[...]` or `{...}` these end a plain value; quoting is never wrong, so they are quoted anywhere.
  if (/[,[\]{}]/.test(text)) return false;
  try {
    return parse(text, { schema: 'core' }) === text;
  } catch {
    return false;
  }
}

/** The content of a single-quoted scalar, or undefined when the scalar is not single-quoted on one line. */
function singleQuoted(raw: string): string | undefined {
  if (raw.length < 2 || raw[0] !== "'" || raw[raw.length - 1] !== "'" || /[\r\n]/.test(raw)) return undefined;
  return raw.slice(1, -1).replace(/''/g, "'");
}

/** Text that reads the same in double quotes without an escape. */
const doubleQuotable = (content: string) => !/["\\\p{Cc}]/u.test(content);

/**
 * The changes to scalars: each value rewritten to its canonical form, and single quotes made double (the
 * quoting the docs and `cplan new` write), one change per scalar. A canonical form that YAML would read as
 * something else when plain (`2023`, a number) is written in double quotes.
 */
export function scalarChanges(document: PlanDocument, rewrites: readonly CanonicalRewrite[], range?: Span): TextChange[] {
  const { text } = document;
  const canonicalAt = new Map(rewrites.map((r) => [r.span.start, r]));
  const changes: TextChange[] = [];
  const seen = new Set<number>();
  const parts = document.frontMatter ? [document.frontMatter.part, ...document.blocks] : document.blocks;
  const visit = (span: Span, canonical: string | undefined) => {
    if (seen.has(span.start)) return;
    seen.add(span.start);
    const raw = text.slice(span.start, span.end);
    const single = singleQuoted(raw);
    const quote = raw[0];
    const quoted = raw.length >= 2 && (quote === '"' || quote === "'") && raw[raw.length - 1] === quote;
    let replacement: string | undefined;
    if (single !== undefined && doubleQuotable(canonical ?? single)) replacement = `"${canonical ?? single}"`;
    else if (canonical !== undefined && quoted) replacement = quote === "'" ? `'${canonical.replace(/'/g, "''")}'` : doubleQuotable(canonical) ? `"${canonical}"` : undefined;
    else if (canonical !== undefined) replacement = plainReadsAs(canonical) ? canonical : doubleQuotable(canonical) ? `"${canonical}"` : undefined;
    if (replacement !== undefined && replacement !== raw) changes.push({ start: span.start, end: span.end, text: replacement });
  };
  for (const rewrite of rewrites) visit(rewrite.span, rewrite.canonical);
  for (const part of parts) {
    if (isUnreadable(part) || (range && (part.region.span.end < range.start || part.region.span.start > range.end))) continue;
    for (const [, location] of part.yaml.locations) {
      const span = location.value;
      if (text[span.start] !== "'" || (range && (span.start > range.end || span.end < range.start))) continue;
      visit(span, canonicalAt.get(span.start)?.canonical);
    }
  }
  return changes;
}
