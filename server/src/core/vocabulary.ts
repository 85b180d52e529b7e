/**
 * Enumerated values as commissioners write them: `At risk`, `Not started`, `PCN`, `completed`, `half-yearly`.
 * Pure: the model reads each as its canonical form and the schema accepts it.
 */

/** Words with one meaning among the enumerated values. */
const SYNONYMS: Readonly<Record<string, string>> = {
  complete: 'done', completed: 'done',
  'six-monthly': 'biannual', 'half-yearly': 'biannual', 'twice-a-year': 'biannual', 'bi-annual': 'biannual',
  yearly: 'annual',
};

/** Words that could mean more than one value: the author has to choose. */
const AMBIGUOUS: Readonly<Record<string, readonly string[]>> = {
  delayed: ['at-risk', 'off-track'],
  late: ['at-risk', 'off-track'],
};

function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

/** The allowed value `written` stands for, when there is exactly one; undefined otherwise. */
export function canonicalWord(written: unknown, allowed: readonly string[]): string | undefined {
  if (typeof written !== 'string') return undefined;
  const word = normalise(written);
  if (allowed.includes(word)) return word;
  const synonym = SYNONYMS[word];
  return synonym && allowed.includes(synonym) ? synonym : undefined;
}

/** The allowed values an ambiguous word could mean (`delayed`: `at-risk`, `off-track`). */
export function candidatesOf(written: unknown, allowed: readonly string[]): string[] {
  if (typeof written !== 'string') return [];
  return (AMBIGUOUS[normalise(written)] ?? []).filter((value) => allowed.includes(value));
}
