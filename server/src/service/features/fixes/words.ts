import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import { BREAKDOWNS, CADENCES } from '../../../core/document.js';
import { MILESTONE_STATUSES, PLAN_STATUSES, type PlanDocument, type YamlPart } from '../../../core/model.js';
import type { Span } from '../../../core/text.js';
import { canonicalWord } from '../../../core/vocabulary.js';
import { isBroken, valueAt } from './fix.js';
import { replaceScalar, toTextEdits } from './yaml-edits.js';

/** The values an enumerated key takes, by where it sits: a status, a cadence, an item of a breakdown. */
function allowedAt(part: YamlPart, pointer: string): readonly string[] | undefined {
  if (/\/cadence$/.test(pointer)) return CADENCES;
  if (/\/breakdown\/\d+$/.test(pointer)) return BREAKDOWNS;
  if (part.region.kind === 'frontmatter') return pointer === '/status' ? PLAN_STATUSES : undefined;
  return /\/status$/.test(pointer) ? MILESTONE_STATUSES : undefined;
}

/**
 * An enumerated value that is read as its canonical form but not written so (`At risk`, `completed`,
 * `half-yearly`): offered wherever the cursor is on it, with no diagnostic, as non-canonical periods are.
 */
export function canonicalWordRewrites(document: PlanDocument, uri: string, range: Span): CodeAction[] {
  const parts = document.frontMatter ? [document.frontMatter.part, ...document.blocks] : document.blocks;
  const actions: CodeAction[] = [];
  for (const part of parts) {
    if (part.region.span.start > range.end || part.region.span.end < range.start || isBroken(part)) continue;
    for (const [pointer, location] of part.yaml.locations) {
      const { value: span } = location;
      if (span.start > range.end || span.end < range.start) continue;
      const allowed = allowedAt(part, pointer);
      const written = allowed ? valueAt(part, pointer) : undefined;
      if (typeof written !== 'string') continue;
      const canonical = canonicalWord(written, allowed!);
      if (!canonical || canonical === written) continue;
      actions.push({
        title: `Rewrite as \`${canonical}\``,
        kind: CodeActionKind.RefactorRewrite,
        edit: { changes: { [uri]: toTextEdits(document, [replaceScalar(document, span, canonical)]) } },
      });
    }
  }
  return actions;
}
