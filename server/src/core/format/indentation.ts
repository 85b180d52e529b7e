import { parse } from 'yaml';
import { isUnreadable, type PlanDocument, type YamlPart } from '../model.js';
import type { Span } from '../text.js';
import type { TextChange } from './edits.js';

/** The indentation each nesting level gets, as the docs and `cplan new` write it. */
const STEP = 2;

interface Level {
  actual: number;
  wanted: number;
  /** A list written at its key's own column (`milestones:` then `- id:` under the `m`). */
  underKey?: boolean;
}

/** The line without its trailing comment (a `#` after a space); a line with quotes is kept whole, as a `#` may be inside them. */
function stripComment(text: string): string {
  if (/["']/.test(text)) return text.trimEnd();
  const hash = Math.min(...[' #', '\t#'].map((mark) => text.indexOf(mark)).filter((at) => at >= 0));
  return (Number.isFinite(hash) ? text.slice(0, hash) : text).trimEnd();
}

/**
 * The indentation each line of a part's YAML should have: every nesting level two spaces in from its parent,
 * a list's dashes two in from its key, an item's keys two in from its dash. Undefined where a line is left as
 * it is (blank lines; comments not directly above a line of their own column); undefined for the whole part
 * when its layout is one this does not read (tabs, nested `- -`, block scalar indentation indicators).
 */
function wantedIndents(content: string[]): { wanted: Array<number | undefined>; wideDashes: Set<number> } | undefined {
  const wanted: Array<number | undefined> = new Array(content.length).fill(undefined);
  /** Lines whose dash has more than one space after it (`-   id:`): one space, as the item's keys move in with it. */
  const wideDashes = new Set<number>();
  const stack: Level[] = [{ actual: 0, wanted: 0 }];
  let opens = false;
  let previousKeyIndent = -1;
  let scalar: { above: number; delta: number } | undefined;
  let comments: number[] = [];
  for (let k = 0; k < content.length; k++) {
    const line = content[k];
    const body = line.trimStart();
    const indent = line.length - body.length;
    if (/^[ ]*\t/.test(line)) return undefined;
    if (body === '') continue;
    if (scalar && indent > scalar.above) {
      wanted[k] = indent + scalar.delta;
      continue;
    }
    scalar = undefined;
    if (body.startsWith('#')) {
      comments.push(k);
      continue;
    }
    const dash = /^-(?:[ ]+|$)/.exec(body);
    while (stack.length > 1 && (stack[stack.length - 1].actual > indent || (stack[stack.length - 1].underKey && stack[stack.length - 1].actual === indent && !dash))) stack.pop();
    let top = stack[stack.length - 1];
    if (indent > top.actual) {
      if (!opens) {
        // A continuation of a value begun above (a long plain or flow value): it moves with its parent.
        wanted[k] = indent + (top.wanted - top.actual);
        continue;
      }
      stack.push({ actual: indent, wanted: top.wanted + STEP });
    } else if (indent === top.actual && dash && opens && previousKeyIndent === indent) {
      stack.push({ actual: indent, wanted: top.wanted + STEP, underKey: true });
    } else if (indent < top.actual) return undefined; // a level that closes none open: not a layout read here
    top = stack[stack.length - 1];
    wanted[k] = top.wanted;
    for (const c of comments) if (content[c].length - content[c].trimStart().length === indent) wanted[c] = top.wanted;
    comments = [];
    let rest = body;
    let restActual = indent;
    let restWanted = top.wanted;
    if (dash) {
      rest = body.slice(dash[0].length);
      if (rest.startsWith('-')) return undefined;
      if (rest !== '') {
        if (dash[0].length !== 2) wideDashes.add(k);
        restActual = indent + dash[0].length;
        restWanted = top.wanted + STEP;
        stack.push({ actual: restActual, wanted: restWanted });
      }
    }
    const stripped = stripComment(rest);
    const indicator = /:\s*[|>]([-+0-9]*)$/.exec(stripped) ?? /^[|>]([-+0-9]*)$/.exec(stripped);
    if (indicator) {
      if (/\d/.test(indicator[1])) return undefined;
      scalar = { above: indent, delta: top.wanted - indent };
      opens = false;
      continue;
    }
    opens = stripped === '' || stripped.endsWith(':');
    previousKeyIndent = stripped.endsWith(':') ? restActual : -1;
    void restWanted;
  }
  return { wanted, wideDashes };
}

const sameData = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The changes to the indentation of one part, kept only if the YAML then reads exactly as before. */
function partChanges(document: PlanDocument, part: YamlPart): TextChange[] {
  const { region } = part;
  const content = region.content.split('\n');
  const layout = wantedIndents(content);
  if (!layout) return [];
  const { wanted, wideDashes } = layout;
  const changes: TextChange[] = [];
  let offset = 0;
  const reindented: string[] = [];
  for (let k = 0; k < content.length; k++) {
    const line = content[k];
    const indent = line.length - line.trimStart().length;
    const target = wanted[k] ?? indent;
    let body = line.trimStart();
    const start = region.toSource(offset);
    if (target !== indent && target >= 0) changes.push({ start, end: start + indent, text: ' '.repeat(target) });
    if (wideDashes.has(k)) {
      const gap = /^- +/.exec(body)![0].length;
      changes.push({ start: start + indent + 1, end: start + indent + gap, text: ' ' });
      body = `- ${body.slice(gap)}`;
    }
    reindented.push(' '.repeat(target >= 0 ? target : indent) + body);
    offset += line.length + 1;
  }
  if (changes.length === 0) return [];
  try {
    if (!sameData(parse(reindented.join('\n'), { schema: 'core', uniqueKeys: false }), parse(region.content, { schema: 'core', uniqueKeys: false }))) return [];
  } catch {
    return [];
  }
  // The source must hold each line's spaces where the content says (a line's Markdown prefix ends before them).
  for (const change of changes) if (!/^ +$|^$/.test(document.text.slice(change.start, change.end))) return [];
  return changes;
}

/** Consistent indentation in the front matter and blocks: two spaces a level. */
export function indentationChanges(document: PlanDocument, range?: Span): TextChange[] {
  const parts = document.frontMatter ? [document.frontMatter.part, ...document.blocks] : document.blocks;
  const changes: TextChange[] = [];
  for (const part of parts) {
    if (isUnreadable(part) || (range && (part.region.span.end < range.start || part.region.span.start > range.end))) continue;
    for (const change of partChanges(document, part)) if (!range || (change.start >= range.start && change.end <= range.end)) changes.push(change);
  }
  return changes;
}
