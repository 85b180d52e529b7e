import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import { periodContextOf, type PlanDocument } from '../../../core/model.js';
import { dayFromYmd, fyLabel, formatRange, parsePeriod, quarterOf, type Period, type PeriodContext, type PeriodKind } from '../../../core/periods.js';
import { canonicalPeriodRewrites, periodValues } from '../../../core/format/canonical-values.js';
import type { Span } from '../../../core/text.js';
import { quickFix, sameSpan, type Fix } from './fix.js';
import { replaceScalar, toTextEdits } from './yaml-edits.js';

/** Spellings that are not periods but plainly mean one, beyond what the parser's message proposes; each is kept only if it parses. */
function normalisations(text: string): string[] {
  const t = text.trim().replace(/\s+/g, ' ');
  const candidates: string[] = [];
  let m: RegExpExecArray | null;
  // `June 24`: a month with a two-digit year
  if ((m = /^([A-Za-z]{3,9})\.? (\d{2})$/.exec(t))) candidates.push(`${m[1]} 20${m[2]}`);
  // `Q4 2024`: a quarter of a calendar year, read either as the financial quarter so numbered or as the calendar quarter
  if ((m = /^q([1-4]) (\d{4})$/i.exec(t) ?? /^(?:(\d{4}) q([1-4]))$/i.exec(t))) {
    const [q, y] = /^q/i.test(t) ? [Number(m[1]), Number(m[2])] : [Number(m[2]), Number(m[1])];
    candidates.push(`Q${q} ${fyLabel(y)}`);
    if (y >= 1900 && y <= 2199) candidates.push(quarterOf(dayFromYmd(y, 3 * q - 2, 1)).canonical);
  }
  return candidates;
}

/** The rewrites the parser's message itself proposes (`…: write \`Q3 2024/25\` or \`Q4 2024/25\``), but not its examples (`e.g.`). */
function proposals(message: string): string[] {
  const tail = /\bwrite ([^]*)$/.exec(message.slice(message.indexOf(' is not a valid period')))?.[1];
  if (!tail || tail.includes('e.g.')) return [];
  return [...tail.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

/**
 * Canonical periods the text could be a slip for: its own canonical form when it parses, else the
 * canonical forms of the normalisations that parse. Empty when there is no obvious correction.
 */
export function suggestPeriodFixes(text: string, context?: PeriodContext, kinds?: readonly PeriodKind[]): Period[] {
  const direct = parsePeriod(text, context);
  const accept = (p: Period) => !kinds || kinds.includes(p.kind);
  if (direct.ok) return direct.period.canonical !== String(text).trim() && accept(direct.period) ? [direct.period] : [];
  const found: Period[] = [];
  for (const candidate of [...normalisations(String(text)), ...proposals(direct.message)]) {
    const result = parsePeriod(candidate, context);
    if (result.ok && accept(result.period) && !found.some((p) => p.canonical === result.period.canonical)) found.push(result.period);
  }
  return found;
}

function titleFor(period: Period, several: boolean): string {
  return `Rewrite as \`${period.canonical}\`${several ? ` (${formatRange(period)})` : ''}`;
}

/** invalid-period: rewrites for a value that is not a period, when an obvious correction exists. */
export const rewriteInvalidPeriod: Fix = (context) => {
  const { document } = context;
  const value = periodValues(document).find((v) => sameSpan(v.span, context.diagnostic.span));
  if (!value) return [];
  const suggestions = suggestPeriodFixes(value.text, periodContextOf(document), value.kinds);
  return suggestions.map((period) => quickFix(context, titleFor(period, suggestions.length > 1), [replaceScalar(document, value.span, period.canonical)], suggestions.length === 1));
};

/** A period that parses but is not written the canonical way: offered wherever the cursor is on it, with no diagnostic. */
export function canonicalRewrites(document: PlanDocument, uri: string, range: Span): CodeAction[] {
  return canonicalPeriodRewrites(document, range).map(({ span, canonical }) => ({
    title: `Rewrite as \`${canonical}\``,
    kind: CodeActionKind.RefactorRewrite,
    edit: { changes: { [uri]: toTextEdits(document, [replaceScalar(document, span, canonical)]) } },
  }));
}
