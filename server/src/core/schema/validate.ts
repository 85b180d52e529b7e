import type { ErrorObject } from 'ajv';
import type { Span } from '../text.js';
import type { YamlPart } from '../model.js';
import { escapePointer, locate, unescapePointer } from '../parse/yaml.js';
import { splitNumber } from '../values.js';
import { canonicalWord, candidatesOf } from '../vocabulary.js';
import { closestMatches, listOf } from '../suggest.js';
import type { JsonSchema, SchemaName } from './schemas.js';
import * as generated from './validators.generated.js';

export interface SchemaProblem {
  span: Span;
  message: string;
  /** For quick fixes: the keys or values the did-you-mean names, the required key that is missing, the number or list to write. */
  data?: { keys?: string[]; values?: string[]; missingKey?: string; number?: string; list?: string };
}

export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Compiled at build time (scripts/gen-validators.js): compiling here cost each process about 90 ms. */
export const VALIDATORS: Readonly<Record<SchemaName, ValidateFunction>> = {
  'plan-frontmatter': generated.planFrontmatter,
  'framework-frontmatter': generated.frameworkFrontmatter,
  aims: generated.aims,
  priorities: generated.priorities,
  workstream: generated.workstream,
  metric: generated.metric,
  cplanrc: generated.cplanrc,
  'import-map': generated.importMap,
};

/**
 * Data already found valid, per schema. The YAML cache hands back the same data object for an unchanged block,
 * so on a keystroke only the edited block is validated again. Weak: it holds no data alive.
 */
const knownValid = new Map<SchemaName, WeakSet<object>>();

/** Validates the data of a part and turns each ajv error into one plain sentence at the right place. */
export function validatePart(name: SchemaName, part: YamlPart, firstLineEnd: (offset: number) => number): SchemaProblem[] {
  const data = part.yaml.data;
  if (data === undefined) return [];
  const valid = knownValid.get(name) ?? knownValid.set(name, new WeakSet()).get(name)!;
  if (typeof data === 'object' && data !== null && valid.has(data)) return [];
  const validate = VALIDATORS[name];
  if (validate(data)) {
    if (typeof data === 'object' && data !== null) valid.add(data);
    return [];
  }
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    // `At risk`, `PCN`, `completed`: the model reads these as `at-risk`, `pcn`, `done`.
    if (error.keyword === 'enum' && canonicalWord(error.data, (error.params.allowedValues as unknown[]).map(String))) continue;
    const problem = describe(error, part, name, firstLineEnd);
    const key = `${problem.span.start}:${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

/** Validates plain data that has no source positions (the CLI's config file). */
export function validateData(name: SchemaName, data: unknown): string[] {
  const validate = VALIDATORS[name];
  if (validate(data)) return [];
  return (validate.errors ?? []).map((error) => messageFor(error, undefined, name));
}

function describe(error: ErrorObject, part: YamlPart, name: SchemaName, firstLineEnd: (offset: number) => number): SchemaProblem {
  const locations = part.yaml.locations;
  const pointer = error.instancePath;
  const here = locate(locations, pointer);
  const firstLine = (span: Span): Span => ({ start: span.start, end: Math.min(span.end, firstLineEnd(span.start)) });
  let span: Span = here.value.end > here.value.start ? here.value : here.key ?? here.value;
  let data: SchemaProblem['data'];
  const split = error.keyword === 'additionalProperties' ? splitNumber(part.yaml.data, part.yaml.locations, pointer, error.params.additionalProperty) : undefined;
  if (split) {
    const entity = entityOf(part, pointer);
    return { span: split.span, message: `${entity ? `${entity}: ` : ''}${fieldName(`${pointer}/value`, name)} \`${split.written}\` is read as \`${split.written.split(',')[0]}\` followed by ${keysWord(split.written.split(',').slice(1))}, because a comma separates the entries of \`{...}\`; write \`${split.number}\` without the comma.`, data: { number: split.number } };
  }
  if (error.keyword === 'additionalProperties') {
    const extra = locations.get(`${pointer}/${escapePointer(error.params.additionalProperty)}`);
    span = extra?.key ?? span;
    const keys = keyHints(error);
    if (extra?.key && keys.length) data = { keys };
  } else if (error.keyword === 'required') {
    data = { missingKey: error.params.missingProperty as string };
    const idSpan = locations.get(`${pointer}/id`)?.value;
    if (pointer === '') span = idSpan && part.region.kind === 'block' ? idSpan : part.region.open;
    else span = idSpan ?? here.key ?? firstLine(here.value);
  } else if (error.keyword === 'uniqueItems') {
    span = locations.get(`${pointer}/${error.params.j}`)?.value ?? span;
  } else if (span.end > span.start && (error.keyword === 'type' && (typeof error.data === 'object'))) {
    span = here.key ?? firstLine(span);
  }
  if (asList(error) && here.value.end > here.value.start) data = { list: asList(error) };
  const values = valueHints(error);
  if (values.length) data = { values };
  const entity = entityOf(part, pointer);
  return data ? { span, message: messageFor(error, entity, name), data } : { span, message: messageFor(error, entity, name) };
}

/**
 * The keys an unknown key is a slip for, which its message names and its quick fixes offer: the same list, so
 * that every "did you mean" has its fix. A key the mapping already has is no rename target.
 */
function keyHints(error: ErrorObject): string[] {
  // `in`, not a list of the mapping's keys: a mapping of 40,000 unknown keys has 40,000 errors to describe.
  const mapping = error.data && typeof error.data === 'object' ? (error.data as Record<string, unknown>) : {};
  const allowed = Object.keys((error.parentSchema as JsonSchema | undefined)?.properties ?? {}).filter((key) => !Object.hasOwn(mapping, key));
  return closestMatches(error.params.additionalProperty as string, allowed);
}

/** The allowed values a misspelt enumerated value is a slip for (none for a word that is ambiguous, whose message lists its meanings). */
function valueHints(error: ErrorObject): string[] {
  if (error.keyword !== 'enum' || typeof error.data !== 'string') return [];
  const allowed = (error.params.allowedValues as unknown[]).map(String);
  return candidatesOf(error.data, allowed).length ? [] : closestMatches(error.data, allowed);
}

function hintOf(found: readonly string[]): string {
  return found.length ? ` Did you mean ${found.map((f) => `\`${f}\``).join(' or ')}?` : '';
}

/** `aims: SA1` where a list is expected: the one-item list `[SA1]` the author meant. */
function asList(error: ErrorObject): string | undefined {
  if (error.keyword !== 'type' || !([] as string[]).concat(error.params.type).includes('array')) return undefined;
  const value = error.data;
  if (typeof value === 'number' || (typeof value === 'string' && /^[A-Za-z0-9][\w.-]*$/.test(value))) return `[${value}]`;
  return undefined;
}

function keysWord(keys: string[]): string {
  return keys.length === 1 ? `a key \`${keys[0]}\`` : `keys ${keys.map((k) => `\`${k}\``).join(', ')}`;
}


/** "Milestone `WS1-M2`" or "Workstream `WS1`" for the nearest enclosing entity, for messages. */
function entityOf(part: YamlPart, pointer: string): string | undefined {
  if (part.region.kind === 'frontmatter') return undefined;
  const segments = pointer.split('/').slice(1);
  for (let n = segments.length; n >= 0; n--) {
    let value: any = part.yaml.data;
    for (const s of segments.slice(0, n)) value = value?.[unescapePointer(s)];
    if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.id === 'string') {
      const parent = segments[n - 2];
      const kind = parent === 'milestones' ? 'Milestone' : parent === 'metrics' ? 'Metric' : kindOfBlock(part);
      return `${kind} \`${value.id}\``;
    }
  }
  return undefined;
}

function kindOfBlock(part: YamlPart): string {
  switch (part.region.blockType) {
    case 'aims': return 'Aim';
    case 'priorities': return 'Priority';
    case 'workstream': return 'Workstream';
    default: return 'The front matter';
  }
}

const TYPE_WORDS: Record<string, string> = {
  array: 'a list', object: 'a mapping of keys to values', string: 'text', number: 'a number', integer: 'a whole number', boolean: 'true or false', null: 'empty',
};

function foundWord(data: unknown): string {
  if (data === null || data === undefined) return 'nothing';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  return `\`${String(data)}\``;
}

function fieldName(pointer: string, name: SchemaName): string {
  if (pointer === '') return name.endsWith('frontmatter') ? 'The front matter' : `A \`${name}\` block`;
  const segments = pointer.split('/').slice(1).map(unescapePointer);
  const last = segments[segments.length - 1];
  if (/^\d+$/.test(last)) {
    const parent = segments[segments.length - 2];
    return parent ? `Item ${Number(last) + 1} of \`${parent}\`` : `Item ${Number(last) + 1}`;
  }
  const parent = segments[segments.length - 2];
  return parent && !/^\d+$/.test(parent) ? `\`${parent}.${last}\`` : `\`${last}\``;
}

function messageFor(error: ErrorObject, entity: string | undefined, name: SchemaName): string {
  const schema = (error.parentSchema ?? {}) as JsonSchema;
  const field = fieldName(error.instancePath, name);
  const prefix = entity && error.instancePath !== '' ? `${entity}: ` : '';
  switch (error.keyword) {
    case 'required': {
      const missing = error.params.missingProperty as string;
      const description = schema.properties?.[missing]?.description as string | undefined;
      const owner = entity ?? (error.instancePath === '' ? (name.endsWith('frontmatter') ? 'The front matter' : `This \`${name}\` block`) : field);
      return `${owner} has no \`${missing}\`; add \`${missing}:\`${description ? ` (${lowerFirst(description).replace(/\.$/, '')})` : ''}.`;
    }
    case 'additionalProperties': {
      const extra = error.params.additionalProperty as string;
      const allowed = Object.keys(schema.properties ?? {});
      const where = entity ?? (error.instancePath === '' ? (name.endsWith('frontmatter') ? 'the front matter' : `this \`${name}\` block`) : field);
      const hint = hintOf(keyHints(error));
      return `Unknown key \`${extra}\` in ${lowerFirst(where)}.${hint || ` Remove it, or use one of: ${listOf(allowed)}.`}`;
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const candidates = candidatesOf(error.data, allowed);
      if (candidates.length > 0) return `${prefix}${field} ${foundWord(error.data)} could mean ${candidates.map((c) => `\`${c}\``).join(' or ')}; write the one that fits.`;
      return `${prefix}${field} must be one of ${listOf(allowed)} (found ${foundWord(error.data)}).${hintOf(valueHints(error))}`;
    }
    case 'type': {
      const types = ([] as string[]).concat(error.params.type as string | string[]);
      const list = asList(error);
      return `${prefix}${field} must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')} (found ${foundWord(error.data)})${list ? `; write \`${list}\`` : ''}.`;
    }
    case 'pattern': {
      const why = (schema['x-pattern-message'] as string | undefined) ?? `it must match ${error.params.pattern}`;
      return `${prefix}${field} ${foundWord(error.data)} is not valid: ${lowerFirst(why)}.`.replace(/\.\.$/, '.');
    }
    case 'minItems':
      return `${prefix}${field} must list at least ${error.params.limit} item${error.params.limit === 1 ? '' : 's'}.`;
    case 'maxItems':
      return `${prefix}${field} must list at most ${error.params.limit} items.`;
    case 'uniqueItems':
      return `${prefix}${field} lists ${foundWord((error.data as unknown[])[error.params.j])} twice; remove the repeat.`;
    case 'minLength':
      return error.params.limit === 1 ? `${prefix}${field} must not be empty.` : `${prefix}${field} must be at least ${error.params.limit} characters long.`;
    case 'maxLength':
      return `${prefix}${field} must be at most ${error.params.limit} characters long.`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${prefix}${field} must be ${error.params.comparison} ${error.params.limit} (found ${foundWord(error.data)}).`;
    case 'const':
      return `${prefix}${field} must be \`${String(error.params.allowedValue)}\` (found ${foundWord(error.data)}).`;
    default:
      return `${prefix}${field} ${error.message ?? 'is not valid'}.`;
  }
}

function lowerFirst(text: string): string {
  return text.length > 1 && text[1] !== text[1].toUpperCase() ? text[0].toLowerCase() + text.slice(1) : text;
}
