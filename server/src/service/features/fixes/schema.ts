import path from 'node:path';
import { isBroken, partAt, quickFix, sameSpan, type Fix, type FixContext } from './fix.js';
import { eolAt, replaceScalar } from './yaml-edits.js';
import { slugify } from '../../../core/strings.js';

/** unresolved-framework whose message names the framework the value is a slip for. */
export const changeFramework: Fix = (context) => {
  const replacement = context.diagnostic.data?.replacement;
  if (typeof replacement !== 'string') return [];
  return [quickFix(context, `Change to \`${replacement}\``, [replaceScalar(context.document, context.diagnostic.span, replacement)], true)];
};

/** block-schema on a ```yaml fence whose type is a typo. */
export const changeBlockType: Fix = (context) => {
  const replacement = context.diagnostic.data?.replacement;
  if (typeof replacement !== 'string') return [];
  return [quickFix(context, `Change block type to \`${replacement}\``, [{ ...context.diagnostic.span, text: replacement }], true)];
};

/** block-schema and frontmatter-schema: join a number split at its thousands comma, rename an unknown key to the one it is a slip for, or add a missing front matter key. */
export const fixSchema: Fix = (context) => {
  const data = context.diagnostic.data;
  if (typeof data?.number === 'string') return [quickFix(context, `Write \`${data.number}\` without the comma`, [{ ...context.diagnostic.span, text: data.number }], true)];
  const values = data?.values;
  if (isWords(values)) return values.map((value) => quickFix(context, `Change to \`${value}\``, [replaceScalar(context.document, context.diagnostic.span, value)], values.length === 1));
  if (typeof data?.list === 'string') return [quickFix(context, `Write \`${data.list}\``, [{ ...context.diagnostic.span, text: data.list }], true)];
  const keys = data?.keys;
  if (isWords(keys)) return keys.flatMap((key) => renameKey(context, key, keys.length === 1));
  if (typeof data?.missingKey === 'string' && context.diagnostic.ruleId === 'frontmatter-schema') return addFrontMatterKey(context, data.missingKey);
  return [];
};

function isWords(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');
}

function renameKey(context: FixContext, suggestion: string, preferred: boolean) {
  const part = partAt(context.document, context.diagnostic.span.start);
  if (!part || isBroken(part)) return [];
  const pointer = [...part.yaml.locations].find(([, location]) => location.key && sameSpan(location.key, context.diagnostic.span))?.[0];
  if (pointer === undefined) return [];
  // Renaming onto a key the mapping already has would make a duplicate key.
  if (part.yaml.locations.has(`${pointer.slice(0, pointer.lastIndexOf('/'))}/${suggestion}`)) return [];
  return [quickFix(context, `Rename key to \`${suggestion}\``, [replaceScalar(context.document, context.diagnostic.span, suggestion)], preferred)];
}

/**
 * What a missing front matter key gets. An `id` only names the file, so a slug of its name states nothing about
 * the plan; any other value (the organisation, the title, the period the plan covers) is a fact only the author
 * knows, so it gets `TODO`, which placeholder-value or invalid-period reports until they write it.
 */
function placeholderFor(context: FixContext, key: string): string {
  if (key === 'id') return slugify(path.basename(context.file.path, path.extname(context.file.path))) || 'plan';
  return 'TODO';
}

function addFrontMatterKey(context: FixContext, key: string) {
  const { document } = context;
  const part = document.frontMatter?.part;
  if (!part || isBroken(part) || !sameSpan(context.diagnostic.span, part.region.open)) return [];
  const closing = document.lines.positionAt(part.region.span.end).line;
  if (closing === document.lines.positionAt(part.region.span.start).line || !/^---\s*$/.test(document.lines.lineText(closing))) return [];
  const at = document.lines.lineStarts[closing];
  const text = `${key}: ${placeholderFor(context, key)}${eolAt(document, closing - 1)}`;
  return [quickFix(context, `Add \`${key}:\` to the front matter`, [{ start: at, end: at, text }], true)];
}
