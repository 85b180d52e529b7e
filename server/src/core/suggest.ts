import { distance } from 'fastest-levenshtein';

/** Candidates close enough to `word` to be what the author meant, closest first. */
export function closestMatches(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = word.toLowerCase();
  const budget = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const score = distance(lower, candidate.toLowerCase());
    if (score <= budget) scored.push({ candidate, score });
  }
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}

/**
 * An id as its author may have meant it, whatever the case, spacing, separators or leading zeros:
 * `ADTDG 3`, `adtdg-03` and `ADTDG3` all read `ADTDG3`.
 */
export function normaliseId(id: string): string {
  return id.replace(/(^|\D)0+(?=\d)/g, '$1').replace(/[\s._-]+/g, '').toUpperCase();
}

/**
 * The ids a mistyped id plausibly stands for, most plausible first. An id that normalises to exactly one
 * candidate (`ADTDG-03` to `ADTDG-3`) gets that one alone. Otherwise only the closest candidates count, and
 * changing a digit costs twice a dropped, doubled or swapped one, since `ADTDG-13` is another priority
 * than `ADTDG-3` while `ADTDG-33` is a doubled keystroke; when more than `limit` are equally close, nothing
 * singles one out and none is offered.
 */
export function plausibleIds(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const normal = normaliseId(word);
  const same: string[] = [];
  const scored: { candidate: string; score: number }[] = [];
  const budget = Math.max(1, Math.min(3, Math.floor(normal.length / 3)));
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const other = normaliseId(candidate);
    if (other === normal) same.push(candidate);
    else if (same.length === 0) {
      const score = idDistance(normal, other, budget);
      if (score <= budget) scored.push({ candidate, score });
    }
  }
  if (same.length) return same.sort(byText).slice(0, limit);
  if (scored.length === 0) return [];
  const best = Math.min(...scored.map((s) => s.score));
  const closest = scored.filter((s) => s.score === best).map((s) => s.candidate);
  return closest.length > limit ? [] : closest.sort(byText);
}

function byText(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Edit distance with adjacent swaps (optimal string alignment), where one digit put for another costs 2; stops past `budget`. */
function idDistance(a: string, b: string, budget: number): number {
  if (Math.abs(a.length - b.length) > budget) return budget + 1;
  const isDigit = (c: string) => c >= '0' && c <= '9';
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const x = a[i - 1];
      const y = b[j - 1];
      const change = x === y ? 0 : isDigit(x) && isDigit(y) ? 2 : 1;
      let cost = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + change);
      if (i > 1 && j > 1 && x === b[j - 2] && a[i - 2] === y) cost = Math.min(cost, before[j - 2] + 1);
      current.push(cost);
    }
    [before, previous] = [previous, current];
  }
  return previous[b.length];
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const found = closestMatches(word, candidates);
  if (found.length === 0) return '';
  return ` Did you mean ${found.map((f) => `\`${f}\``).join(' or ')}?`;
}

export function listOf(values: readonly string[]): string {
  return values.join(', ');
}
