import type { PlanDocument } from '../../core/model.js';
import type { BlockType } from '../../core/parse/markdown.js';
import type { Span } from '../../core/text.js';
import { fenceOpener, stripYamlComment, trailingWordStart } from '../../core/strings.js';

/** Which schema a YAML site is read against. */
export type SchemaRoot = 'frontmatter' | BlockType;

/** Where the cursor is, worked out from the text so that half-typed, unparseable YAML still gets an answer. */
export type CompletionSite =
  /** A key of the mapping at `path`; `itemStart` when the mapping is a sequence item begun on this line (`- |`). */
  | { kind: 'key'; root: SchemaRoot; path: string[]; present: Set<string>; range: Span; lead: string; itemStart: boolean; continuation: string; owner?: string }
  /** A scalar value at `path`: after `key: `, in a flow list `[a, |` or a block list `- |`. */
  | { kind: 'value'; root: SchemaRoot; path: string[]; list?: 'flow' | 'block'; present: Set<string>; range: Span; lead: string }
  /** A new entry, no dash typed yet, of the container at `path`: a mapping, or a block sequence (`milestones:` then `  |`). */
  | { kind: 'entry'; root: SchemaRoot; path: string[]; container?: 'mapping' | 'sequence'; present: Set<string>; range: Span; continuation: string; owner?: string }
  | { kind: 'block-type'; range: Span; withYaml: boolean }
  | { kind: 'body'; range: Span; continuation: string };

/** One line of YAML, read on its own: `dashes` are the columns of its leading `- ` markers, `content` the column after them. */
interface YamlLine {
  text: string;
  dashes: number[];
  content: number;
  first: number; // leftmost column of anything on the line
  key?: { name: string; column: number; colon: number; value: string }; // colon: the column just after the key's colon
  blank: boolean;
}

const KEY = /^("[^"]*"|'[^']*'|[A-Za-z_$][\w.$-]*)[ \t]*:(?=[ \t]|$)/;
/** A fence line inside container prefixes ("> - ```yaml aims") as [line, prefix, marker, info]; a loop, not a regex, so long runs of spaces cannot make it backtrack. */
function fenceLine(text: string): [string, string, string, string] | undefined {
  let i = 0;
  for (;;) {
    let j = i;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] !== '>') {
      i = j;
      break;
    }
    i = j + 1;
  }
  let j = i;
  if (text[j] === '-' || text[j] === '*' || text[j] === '+') j++;
  else {
    let d = j;
    while (d < text.length && d - j < 9 && text[d] >= '0' && text[d] <= '9') d++;
    if (d > j && (text[d] === '.' || text[d] === ')')) j = d + 1;
  }
  if (j > i && (text[j] === ' ' || text[j] === '\t')) {
    while (text[j] === ' ' || text[j] === '\t') j++;
    i = j;
  }
  const opener = fenceOpener(text.slice(i));
  return opener ? [text, text.slice(0, i), opener.marker, opener.info] : undefined;
}

function readLine(text: string): YamlLine {
  let i = 0;
  while (text[i] === ' ') i++;
  const dashes: number[] = [];
  while (text[i] === '-' && (i + 1 === text.length || text[i + 1] === ' ' || text[i + 1] === '\t')) {
    dashes.push(i++);
    while (text[i] === ' ' || text[i] === '\t') i++;
  }
  const rest = text.slice(i);
  const match = KEY.exec(rest);
  const value = match && stripYamlComment(rest.slice(match[0].length)).trim();
  const key = match ? { name: match[1].replace(/^["']|["']$/g, ''), column: i, colon: i + match[0].length, value: value! } : undefined;
  return { text, dashes, content: i, first: dashes[0] ?? i, key, blank: dashes.length === 0 && (rest.trim() === '' || rest.startsWith('#')) };
}

const lastDashBefore = (line: YamlLine, column: number) => [...line.dashes].reverse().find((d) => d < column);

/** Path of the mapping holding the key at `column` on line `at`. */
function mappingPath(lines: YamlLine[], at: number, column: number): string[] | undefined {
  const dash = lastDashBefore(lines[at], column);
  if (dash !== undefined) return itemPath(lines, at, dash);
  for (let j = at - 1; j >= 0; j--) {
    const line = lines[j];
    if (line.blank) continue;
    if (line.key?.column === column) {
      const opener = lastDashBefore(line, column);
      if (opener !== undefined) return itemPath(lines, j, opener);
      continue;
    }
    if (line.first > column || line.dashes[0] === column) continue;
    if (line.key && line.key.column < column) return append(mappingPath(lines, j, line.key.column), line.key.name);
    const lone = lastDashBefore(line, column);
    if (lone !== undefined && line.content >= line.text.length) return itemPath(lines, j, lone);
    return undefined;
  }
  return [];
}

/** Path of an item of the block sequence whose dash is at `column` on line `at` (ends with `[]`). */
function itemPath(lines: YamlLine[], at: number, column: number): string[] | undefined {
  return append(sequencePath(lines, at, column), '[]');
}

/** The line of the key that holds the block sequence whose dashes are at `column`: -1 at the root, undefined when unreadable. */
function sequenceParent(lines: YamlLine[], at: number, column: number): number | undefined {
  for (let j = at - 1; j >= 0; j--) {
    const line = lines[j];
    if (line.blank || line.dashes.includes(column) || line.first > column) continue;
    return line.key && line.key.column <= column ? j : undefined;
  }
  return -1;
}

function sequencePath(lines: YamlLine[], at: number, column: number): string[] | undefined {
  const outer = lastDashBefore(lines[at], column);
  if (outer !== undefined) return itemPath(lines, at, outer);
  const parent = sequenceParent(lines, at, column);
  if (parent === undefined || parent < 0) return parent === undefined ? undefined : [];
  const key = lines[parent].key!;
  return append(mappingPath(lines, parent, key.column), key.name);
}

function append(path: string[] | undefined, segment: string): string[] | undefined {
  return path && [...path, segment];
}

/** Keys of the mapping at `column` around line `at`; `below` only for a mapping that starts on `at`. */
function siblings(lines: YamlLine[], at: number, column: number, below = false): Set<string> {
  const found = new Set<string>();
  for (let j = at - 1; j >= 0 && !below; j--) {
    const line = lines[j];
    // a sequence written at its key's indentation belongs to a sibling key
    if (line.blank || line.dashes[0] === column || (line.first > column && line.key?.column !== column)) continue;
    if (line.key?.column !== column) break;
    found.add(line.key.name);
    if (lastDashBefore(line, column) !== undefined) break;
  }
  for (let j = at + 1; j < lines.length; j++) {
    const line = lines[j];
    if (line.blank || line.first > column || (!below && line.dashes[0] === column)) continue;
    if (line.dashes.length || line.key?.column !== column) break;
    found.add(line.key.name);
  }
  return found;
}

/** Scalars of the block sequence whose dashes are at `column`, other than line `at`'s. */
function siblingItems(lines: YamlLine[], at: number, column: number): Set<string> {
  const found = new Set<string>();
  const scan = (j: number, step: number) => {
    for (; j >= 0 && j < lines.length; j += step) {
      const line = lines[j];
      if (line.blank || line.first > column) continue;
      if (line.dashes[line.dashes.length - 1] !== column) return;
      if (!line.key) found.add(stripYamlComment(line.text.slice(line.content)).trim());
    }
  };
  scan(at - 1, -1);
  scan(at + 1, 1);
  return found;
}

/** The id of the nearest enclosing mapping above: the owner of a milestone or metric being added. */
function ownerId(lines: YamlLine[], at: number, column: number): string | undefined {
  for (let j = at - 1; j >= 0; j--) {
    const key = lines[j].key;
    if (key?.name === 'id' && key.column < column) return key.value.replace(/^["']|["']$/g, '');
  }
  return undefined;
}

/** The region around a line: front matter, a typed block, a fence line or the Markdown body. */
function regionAt(document: PlanDocument, line: number): { root: SchemaRoot; first: number; last: number; prefix: string } | 'opener' | 'code' | 'body' | undefined {
  const { lines } = document;
  const lineOf = (offset: number) => lines.positionAt(offset).line;
  const frontMatter = document.frontMatter?.part.region;
  let bounds = frontMatter && [lineOf(frontMatter.span.start), lineOf(frontMatter.span.end)];
  if (!bounds && /^\uFEFF?---[ \t]*$/.test(lines.lineText(0))) {
    // Front matter still being written: remark only sees it once it is closed.
    let close = 1;
    while (close < lines.lineCount && !/^(---|\.\.\.)[ \t]*$/.test(lines.lineText(close))) close++;
    bounds = [0, close];
  }
  if (bounds && line <= bounds[1]) return line > bounds[0] && line < bounds[1] ? { root: 'frontmatter', first: bounds[0] + 1, last: bounds[1] - 1, prefix: '' } : undefined;
  const bodyStart = bounds ? bounds[1] + 1 : 0;
  for (const block of document.blocks) {
    const open = lineOf(block.region.open.start);
    const end = lineOf(block.region.span.end);
    const closed = end > open && !fenceLine(lines.lineText(end))?.[3].trim() && !!fenceLine(lines.lineText(end));
    let last = closed ? end - 1 : end;
    // an unclosed fence keeps the blank lines after it, where the next line is being typed
    while (!closed && last + 1 < lines.lineCount && !lines.lineText(last + 1).trim()) last++;
    if (line > open && line <= last) return { root: block.region.blockType!, first: open + 1, last, prefix: fenceLine(lines.lineText(open))?.[1] ?? '' };
  }
  let fence: { char: string; length: number } | undefined;
  for (let n = bodyStart; n <= line; n++) {
    const match = fenceLine(lines.lineText(n));
    if (!match || (match[2][0] === '`' && match[3].includes('`'))) continue;
    if (!fence) {
      if (n === line) return 'opener';
      fence = { char: match[2][0], length: match[2].length };
    } else if (match[2][0] === fence.char && match[2].length >= fence.length && !match[3].trim()) {
      if (n === line) return undefined;
      fence = undefined;
    }
  }
  return fence ? 'code' : 'body';
}

/** How many characters of a content line are container syntax (quote markers, list indentation), per the opener's prefix. */
function containerLength(text: string, prefix: string): number {
  let i = 0;
  for (const ch of prefix) {
    if (ch === '>') {
      while (text[i] === ' ' && i < 3) i++;
      if (text[i] !== '>') break;
      i++;
    } else if (text[i] === ' ' || text[i] === '\t') i++;
  }
  return i;
}

export function siteAt(document: PlanDocument, offset: number): CompletionSite | undefined {
  const { lines } = document;
  const position = lines.positionAt(offset);
  const lineText = lines.lineText(position.line);
  const lineStart = lines.lineStarts[position.line];
  const [before, after] = [lineText.slice(0, position.character), lineText.slice(position.character)];
  const region = regionAt(document, position.line);
  const extend = (pattern: RegExp) => offset + (pattern.exec(after)?.[0].trimEnd().length ?? 0);
  if (region === 'opener') {
    const info = fenceLine(before)?.[3] ?? '\n';
    const typed = /^(?:y(?:a(?:ml?)?)?)?$/.test(info) ? 0 : /^yaml[ \t]+\w*$/.test(info) ? trailingWordStart(info) : -1;
    return typed < 0 ? undefined : { kind: 'block-type', range: { start: offset - info.length + typed, end: extend(/^\w*/) }, withYaml: typed === 0 };
  }
  if (region === 'body') {
    const word = /^([ \t]*)[A-Za-z]*$/.exec(before);
    return word && !after.trim() ? { kind: 'body', range: { start: lineStart + word[1].length, end: offset }, continuation: word[1] } : undefined;
  }
  if (!region || region === 'code') return undefined;

  const container = containerLength(lineText, region.prefix);
  if (position.character < container) return undefined;
  const yaml: YamlLine[] = [];
  for (let n = region.first; n <= region.last; n++) {
    const text = lines.lineText(n);
    yaml.push(readLine(text.slice(containerLength(text, region.prefix))));
  }
  const at = position.line - region.first;
  const typed = before.slice(container);
  if (/(^|\s)#/.test(typed)) return undefined;
  const start = lineStart + container;
  const current = readLine(typed);
  const root = region.root;
  const indent = (column: number) => lineText.slice(0, container) + ' '.repeat(column);

  if (current.key) {
    const colon = current.key.colon;
    const mapping = mappingPath(yaml, at, current.key.column);
    if (!mapping) return undefined;
    const raw = typed.slice(colon);
    const value = raw.trimStart();
    const valueStart = start + colon + raw.length - value.length;
    const lead = raw === '' ? ' ' : '';
    if (value.startsWith('[')) {
      if (value.includes(']')) return undefined;
      const items = value.slice(1).split(',');
      const partial = items.pop()!;
      const later = (/^[^\]]*/.exec(after)?.[0] ?? '').split(',').slice(1);
      const present = new Set([...items, ...later].map((s) => s.trim()).filter(Boolean));
      return { kind: 'value', root, path: [...mapping, current.key.name, '[]'], list: 'flow', present, range: { start: offset - partial.trimStart().length, end: extend(/^[^,\]]*/) }, lead: '' };
    }
    if (value.startsWith('{')) {
      if (value.includes('}')) return undefined;
      const entries = value.slice(1).split(',');
      const partial = entries.pop()!;
      const path = [...mapping, current.key.name];
      const colonAt = partial.indexOf(':');
      if (colonAt >= 0) {
        const text = partial.slice(colonAt + 1);
        return { kind: 'value', root, path: [...path, partial.slice(0, colonAt).trim()], present: new Set(), range: { start: offset - text.trimStart().length, end: extend(/^[^,}]*/) }, lead: text === '' ? ' ' : '' };
      }
      const present = new Set(entries.map((e) => e.split(':')[0].trim()));
      return { kind: 'key', root, path, present, range: { start: offset - partial.trimStart().length, end: extend(/^[\w.$-]*/) }, lead: '', itemStart: false, continuation: '' };
    }
    if (/^[|>&*!]/.test(value)) return undefined;
    const quoted = /^["']/.test(value) ? 1 : 0;
    return { kind: 'value', root, path: [...mapping, current.key.name], present: new Set(), range: { start: valueStart + quoted, end: extend(/^[^#]*/) }, lead };
  }

  const partial = typed.slice(current.content);
  if (/^[\w.$-]*[ \t]*:/.test(after) || (!current.dashes.length && !/^[\w.$-]*$/.test(partial))) return undefined;
  const range = { start: start + current.content, end: extend(/^[\w.$-]*/) };
  if (current.dashes.length) {
    const dash = current.dashes[current.dashes.length - 1];
    const sequence = sequencePath(yaml, at, dash);
    if (!sequence) return undefined;
    const lead = typed.endsWith('-') ? ' ' : '';
    if (!/^[\w.$-]*$/.test(partial)) return { kind: 'value', root, path: [...sequence, '[]'], list: 'block', present: siblingItems(yaml, at, dash), range: { start: start + current.content, end: extend(/^[^#]*/) }, lead };
    // A key of a new mapping item, or a scalar item: which one is the schema's call.
    return {
      kind: 'key', root, path: [...sequence, '[]'], present: new Set([...siblings(yaml, at, current.content + lead.length, true), ...siblingItems(yaml, at, dash)]),
      range, lead, itemStart: true, continuation: indent(current.content + lead.length), owner: ownerId(yaml, at, current.content),
    };
  }
  const column = current.content;
  const entry = (path: string[] | undefined, container?: 'mapping' | 'sequence'): CompletionSite | undefined => path && {
    kind: 'entry', root, path, container, range, present: new Set([...(container === 'sequence' ? [] : siblings(yaml, at, column)), ...siblingItems(yaml, at, column)]),
    continuation: indent(column + 2), owner: ownerId(yaml, at, column + 2),
  };
  for (let j = at - 1; j >= 0; j--) {
    const line = yaml[j];
    if (line.blank) continue;
    if (line.key?.column === column) return entry(mappingPath(yaml, j, column), 'mapping');
    if (line.dashes.includes(column)) {
      const parent = sequenceParent(yaml, j, column) ?? -1;
      // `key:` with its items at the same indentation: the mapping's next key goes at this column
      if (parent >= 0 && yaml[parent].key!.column === column && lastDashBefore(yaml[parent], column) === undefined) return entry(mappingPath(yaml, parent, column), 'mapping');
      return entry(sequencePath(yaml, j, column), 'sequence');
    }
    if (line.first > column) continue;
    if (line.key && line.key.column < column && line.key.value === '') return entry(append(mappingPath(yaml, j, line.key.column), line.key.name));
    const lone = lastDashBefore(line, column);
    return lone !== undefined && !line.key && line.content >= line.text.length ? entry(itemPath(yaml, j, lone), 'mapping') : undefined;
  }
  return entry([]);
}
