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

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const found = closestMatches(word, candidates);
  if (found.length === 0) return '';
  return ` Did you mean ${found.map((f) => `\`${f}\``).join(' or ')}?`;
}

export function listOf(values: readonly string[]): string {
  return values.join(', ');
}
