import { parseDocument, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Document } from 'yaml';
import type { Span } from '../text.js';
import type { Directive, YamlRegion } from './markdown.js';
import { aliasKeyMessage, unknownAliasMessage, yamlErrorMessage } from './yaml-messages.js';

/** Where one value of the YAML sits in the Markdown text. */
export interface NodeLocation {
  /** The key naming this value in its parent mapping, when there is one. */
  key?: Span;
  value: Span;
}

export interface YamlProblem {
  span: Span;
  message: string;
  /** The data cannot be trusted (a syntax error), so nothing else should be said about this part. */
  fatal: boolean;
}

export interface ParsedYaml {
  /** Plain data: objects have a null prototype so keys like `__proto__` stay data. */
  data: unknown;
  /** JSON pointer ("/milestones/0/due") to location, in Markdown offsets. */
  locations: Locations;
  problems: YamlProblem[];
  /** `# cplan-disable-line` comments inside the YAML. */
  directives: Directive[];
  /** The parse of the block's content this was placed from: it holds wherever the block moves. */
  parse: ContentParse;
}

export const MAX_DEPTH = 64;

/**
 * The prototype of every mapping read from YAML: empty, itself with no prototype, so that keys like
 * `__proto__` or `constructor` stay plain data. Not `Object.create(null)` for each mapping: V8 keeps those
 * in dictionary mode, about three times the memory of objects that share a hidden class.
 */
const DATA_PROTOTYPE: object = Object.freeze(Object.create(null));
const MAX_ALIAS_EXPANSIONS = 100;
const MAX_NODES = 200_000;
const COMMENT_DIRECTIVE = /#[ \t]*cplan-(disable-line|disable-next-line)((?:[ \t]+[\w.-]+)*)/g;

/** Options that keep YAML 1.1 directives from changing what values mean, and leave duplicate keys to us (yaml's own check is quadratic). */
const PARSE_OPTIONS = { schema: 'core', resolveKnownTags: false, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false, strict: true } as const;

export function escapePointer(key: string): string {
  if (!key.includes('~') && !key.includes('/')) return key; // nearly every key: no two regex passes
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The key one segment of a JSON pointer stands for. */
export function unescapePointer(segment: string): string {
  if (!segment.includes('~')) return segment;
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Pointers the parser records, shared: the same few thousand ("/milestones/3/due") recur in every block of
 * every plan, and a workspace of 1,000 plans held 320,000 copies of them (10 MB). Bounded, so that hostile
 * input cannot grow it without end: past the bound, pointers are simply not shared.
 */
const sharedPointers = new Map<string, Map<string | number, string>>();
const MAX_SHARED_POINTERS = 50_000;
let sharedCount = 0;

/** The pointer of a mapping's key (escaped) or a list's index under `parent`. */
export function childPointer(parent: string, key: string | number): string {
  // Looked up by parent, then key: a hit builds no string at all.
  let children = sharedPointers.get(parent);
  let pointer = children?.get(key);
  if (pointer !== undefined) return pointer;
  pointer = `${parent}/${typeof key === 'number' ? key : escapePointer(key)}`;
  if (sharedCount < MAX_SHARED_POINTERS) {
    if (!children) sharedPointers.set(parent, (children = new Map()));
    children.set(key, pointer);
    sharedCount++;
  }
  return pointer;
}

/** A block's YAML parsed on its own: offsets are into its content, so the result holds wherever the block moves. */
export interface ContentParse {
  data: unknown;
  locations: LocationTable;
  /** `span` undefined: the problem belongs on the block's opening line. */
  problems: { span?: Span; message: string; fatal: boolean }[];
  directives: { kind: Directive['kind']; rules: string[]; offset: number }[];
}

/**
 * Parsed block contents by text, so a keystroke re-parses only the block it touched. Bounded, least
 * recently used first out. Owned by whoever keeps documents alive (the language server's index).
 */
export class YamlCache {
  private readonly entries = new Map<string, ContentParse>();

  constructor(private readonly limit = 4096) {}

  get(content: string): ContentParse {
    let parse = this.entries.get(content);
    if (parse) this.entries.delete(content);
    else parse = parseContent(content);
    this.entries.set(content, parse);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return parse;
  }
}

/**
 * Node locations in content offsets, packed: four offsets per node (key start and end, -1 when there is no
 * key; value start and end) in one typed array, found by binary search in the node's pointer among the
 * block's pointers, sorted. A plan indexes hundreds of thousands of nodes: an object and two spans per node
 * cost about four times as much memory, and a Map from pointer to index about 2 KB a block, more than the
 * offsets themselves.
 */
class LocationTable {
  /** While the parser adds nodes: pointer -> index into `building`. */
  private adding: Map<string, number> | undefined = new Map();
  private building: number[] = [];
  private sorted: string[] = [];
  private offsets = new Int32Array(0);

  set(pointer: string, key: Span | undefined, value: Span): void {
    const adding = this.adding!;
    let at = adding.get(pointer);
    if (at === undefined) {
      at = adding.size;
      adding.set(pointer, at);
    }
    const offsets = this.building;
    offsets[4 * at] = key ? key.start : -1;
    offsets[4 * at + 1] = key ? key.end : -1;
    offsets[4 * at + 2] = value.start;
    offsets[4 * at + 3] = value.end;
  }

  /** Done adding: pointers sorted for lookup, their offsets moved into a typed array in the same order. */
  seal(): this {
    const adding = this.adding!;
    // The default sort (code units, no comparator) is the order `indexOf`'s `<` searches by.
    const sorted = [...adding.keys()].sort();
    const offsets = new Int32Array(4 * sorted.length);
    for (let i = 0; i < sorted.length; i++) {
      const at = adding.get(sorted[i])!;
      for (let k = 0; k < 4; k++) offsets[4 * i + k] = this.building[4 * at + k];
    }
    this.sorted = sorted;
    this.offsets = offsets;
    this.adding = undefined;
    this.building = [];
    return this;
  }

  has(pointer: string): boolean {
    return this.adding ? this.adding.has(pointer) : this.indexOf(pointer) >= 0;
  }

  get(pointer: string, place: (offset: number) => number): NodeLocation | undefined {
    const at = this.indexOf(pointer);
    return at < 0 ? undefined : this.at(at, place);
  }

  pointers(): readonly string[] {
    return this.sorted;
  }

  private indexOf(pointer: string): number {
    const sorted = this.sorted;
    let low = 0;
    let high = sorted.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const probe = sorted[mid];
      if (probe === pointer) return mid;
      if (probe < pointer) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  private at(at: number, place: (offset: number) => number): NodeLocation {
    const o = this.offsets;
    const value = placeSpan(o[4 * at + 2], o[4 * at + 3], place);
    return o[4 * at] < 0 ? { value } : { key: placeSpan(o[4 * at], o[4 * at + 1], place), value };
  }
}

function placeSpan(start: number, end: number, place: (offset: number) => number): Span {
  const placedStart = place(start);
  return { start: placedStart, end: Math.max(placedStart, place(end)) };
}

/** Node locations in Markdown offsets, worked out when asked for (each caller asks for a node about once). */
export class Locations {
  constructor(private readonly table: LocationTable, private readonly place: (offset: number) => number) {}

  get(pointer: string): NodeLocation | undefined {
    return this.table.get(pointer, this.place);
  }

  has(pointer: string): boolean {
    return this.table.has(pointer);
  }

  *[Symbol.iterator](): IterableIterator<[string, NodeLocation]> {
    for (const pointer of this.table.pointers()) yield [pointer, this.get(pointer)!];
  }
}

export function parseYamlRegion(region: YamlRegion, lineOf: (offset: number) => number, cache?: YamlCache): ParsedYaml {
  return placeYaml(region, cache ? cache.get(region.content) : parseContent(region.content), lineOf);
}

/** A parse of a block's content, placed at where the block now is. */
export function placeYaml(region: YamlRegion, parse: ContentParse, lineOf: (offset: number) => number): ParsedYaml {
  return {
    parse,
    data: parse.data,
    locations: new Locations(parse.locations, region.toSource),
    problems: parse.problems.map((p) => ({ span: p.span ? placeSpan(p.span.start, p.span.end, region.toSource) : region.open, message: p.message, fatal: p.fatal })),
    directives: parse.directives.map((d) => ({ kind: d.kind, rules: d.rules, line: lineOf(region.toSource(d.offset)) })),
  };
}

function parseContent(content: string): ContentParse {
  const locations = new LocationTable();
  const problems: ContentParse['problems'] = [];
  const toSpan = (start: number, end: number): Span => ({ start: Math.min(start, content.length), end: Math.min(Math.max(start, end), content.length) });
  let doc: Document.Parsed;
  try {
    doc = parseDocument(content, PARSE_OPTIONS);
  } catch (error) {
    return { data: undefined, locations: locations.seal(), problems: [{ message: unreadable(error), fatal: true }], directives: [] };
  }
  // `*a: 1` reads as an alias named `a:` with no value: the alias key is explained below, not as a missing value.
  const aliasKeyEnds = doc.warnings.filter((w) => w.code === 'BAD_ALIAS' && /ending in :/.test(w.message)).map((w) => w.pos[0]);
  // The library runs out of stack on deep nesting, once per level: say it once, as the nesting it is.
  let exhausted: Span | undefined;
  for (const error of doc.errors) {
    const [start, end] = error.pos;
    const span = toSpan(start, Math.max(end, start + 1));
    if (error.code === 'RESOURCE_EXHAUSTION') exhausted ??= span;
    else if (!(error.code === 'MISSING_CHAR' && aliasKeyEnds.some((at) => start <= at && at <= end))) problems.push({ span, message: yamlErrorMessage(error), fatal: true });
  }
  let nodes = 0;
  let aliases = 0;
  let tooDeep = false;
  // Values expanded from an alias are not recorded: lookups fall back to the alias itself.
  const toData = (node: Node | null | undefined, pointer: string, key: Span | undefined, depth: number, record = true): unknown => {
    if (node == null) {
      if (key && record) locations.set(pointer, key, { start: key.end, end: key.end });
      return null;
    }
    const range = node.range ?? [0, 0, 0];
    const value = toSpan(range[0], range[1]);
    if (record) locations.set(pointer, key, value);
    if (++nodes > MAX_NODES) return undefined;
    if (depth > MAX_DEPTH) {
      if (!tooDeep) problems.push({ span: value, message: TOO_DEEP, fatal: true });
      tooDeep = true;
      return undefined;
    }
    if (isScalar(node)) return node.value;
    if (isAlias(node)) {
      if (++aliases > MAX_ALIAS_EXPANSIONS) {
        if (aliases === MAX_ALIAS_EXPANSIONS + 1) problems.push({ span: value, message: `More than ${MAX_ALIAS_EXPANSIONS} YAML aliases; write the values out instead.`, fatal: true });
        return undefined;
      }
      const target = node.resolve(doc);
      if (!target) {
        problems.push({ span: value, message: unknownAliasMessage(node.source), fatal: true });
        return undefined;
      }
      return toData(target, pointer, key, depth + 1, false);
    }
    if (isMap(node)) {
      const object: Record<string, unknown> = Object.create(DATA_PROTOTYPE);
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const keyRange = keyNode?.range;
        const keySpan = keyRange ? toSpan(keyRange[0], keyRange[1]) : value;
        if (isAlias(keyNode)) {
          problems.push({ span: keySpan, message: aliasKeyMessage(keyNode.source.replace(/:$/, '')), fatal: false });
          continue;
        }
        if (keyNode != null && !isScalar(keyNode)) {
          problems.push({ span: keySpan, message: 'A key must be plain text followed by `:` (`title: ...`), not a list or a mapping; write the key out, or quote it.', fatal: false });
          continue;
        }
        const name = keyNode == null ? '' : String(keyNode.value);
        if (seen.has(name)) {
          problems.push({ span: keySpan, message: `The key \`${name}\` appears twice in this mapping; keep one (the first is used).`, fatal: false });
          continue;
        }
        seen.add(name);
        object[name] = toData(pair.value as Node | null, childPointer(pointer, name), keySpan, depth + 1, record);
      }
      return object;
    }
    if (isSeq(node)) {
      return node.items.map((item, index) => toData(item as Node | null, childPointer(pointer, index), undefined, depth + 1, record));
    }
    return undefined;
  };
  let data: unknown;
  try {
    data = toData(doc.contents as Node | null, '', undefined, 0);
  } catch (error) {
    problems.push({ message: unreadable(error), fatal: true });
  }
  if (exhausted && !tooDeep) problems.push({ span: exhausted, message: TOO_DEEP, fatal: true });
  if (!locations.has('')) locations.set('', undefined, toSpan(0, content.length));
  return { data, locations: locations.seal(), problems, directives: commentDirectives(content) };
}

/** The nearest located ancestor of a pointer (an alias or a broken node hides its children). */
export function locate(locations: Locations, pointer: string): NodeLocation {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const found = locations.get(p);
    if (found) return found;
    if (p === '') return { value: { start: 0, end: 0 } };
  }
}

function commentDirectives(content: string): ContentParse['directives'] {
  if (!content.includes('cplan-')) return [];
  const found: ContentParse['directives'] = [];
  COMMENT_DIRECTIVE.lastIndex = 0;
  for (let m = COMMENT_DIRECTIVE.exec(content); m; m = COMMENT_DIRECTIVE.exec(content)) {
    found.push({ kind: m[1] as Directive['kind'], rules: m[2].trim() ? m[2].trim().split(/[ \t]+/) : [], offset: m.index });
  }
  return found;
}

const TOO_DEEP = `The YAML is nested more than ${MAX_DEPTH} levels deep; flatten it.`;

/** A failure of the library itself: running out of stack is deep nesting; anything else is said as it is. */
function unreadable(error: unknown): string {
  return error instanceof RangeError && /call stack/i.test(error.message) ? TOO_DEEP : `The YAML could not be read: ${(error as Error).message}`;
}
