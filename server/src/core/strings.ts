/**
 * Small string helpers written as plain loops: each replaces a regular expression that backtracked
 * super-linearly on long runs of one character (test/redos.test.ts checks every regex that is left).
 */

/** Lowercase letters and digits joined by single dashes, at most `max` long: "NCL Plan 2025/26" → "ncl-plan-2025-26". */
export function slugify(text: string, max = 60): string {
  let slug = '';
  let dash = false;
  for (const ch of text.toLowerCase()) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
      if (dash && slug) slug += '-';
      slug += ch;
      dash = false;
    } else dash = true;
    if (slug.length >= max) break;
  }
  return slug.slice(0, max).replace(/-$/, '');
}

/** The text before a YAML comment: a `#` at the start or after whitespace. */
export function stripYamlComment(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) return text.slice(0, i);
  }
  return text;
}

/** "WS12" → ["WS", "12"]; undefined when the text does not end in digits. */
export function splitTrailingNumber(text: string): [string, string] | undefined {
  let i = text.length;
  while (i > 0 && text.charCodeAt(i - 1) >= 48 && text.charCodeAt(i - 1) <= 57) i--;
  return i < text.length ? [text.slice(0, i), text.slice(i)] : undefined;
}

/** Where the run of word characters (letters, digits, `_`) that ends the text begins. */
export function trailingWordStart(text: string): number {
  let i = text.length;
  while (i > 0 && /\w/.test(text[i - 1])) i--;
  return i;
}

/** A fence opener ("```yaml workstream"): its marker run and info string, or undefined. */
export function fenceOpener(text: string): { marker: string; info: string } | undefined {
  const char = text[0];
  if (char !== '`' && char !== '~') return undefined;
  let n = 0;
  while (text[n] === char) n++;
  if (n < 3) return undefined;
  return { marker: text.slice(0, n), info: text.slice(n) };
}

/** An ATX heading ("## Title ##"): its depth and text, or undefined. */
export function atxHeading(text: string): { depth: number; text: string } | undefined {
  let depth = 0;
  while (text[depth] === '#') depth++;
  if (depth === 0 || depth > 6) return undefined;
  const after = text[depth];
  if (after !== undefined && after !== ' ' && after !== '\t') return undefined;
  let body = text.slice(depth).trim();
  // A closing run of #s counts only when it stands alone or after whitespace.
  let end = body.length;
  while (end > 0 && body[end - 1] === '#') end--;
  if (end === 0) body = '';
  else if (end < body.length && (body[end - 1] === ' ' || body[end - 1] === '\t')) body = body.slice(0, end).trim();
  return { depth, text: body };
}
