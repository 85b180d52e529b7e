import path from 'node:path';
import { CompletionItemKind, InsertTextFormat, InsertTextMode, type CompletionItem, type Position, type Range } from 'vscode-languageserver';
import { BUILTIN_PREFIX, builtinFramework, builtinFrameworkNames } from '../../core/builtin/index.js';
import type { Ref } from '../../core/model.js';
import { sniffKind } from '../../core/document.js';
import { BLOCK_TYPES } from '../../core/parse/markdown.js';
import { financialYearOf, financialYearPeriod, formatRange, nextQuarter, quarterOf, quartersOverlapping, type Period } from '../../core/periods.js';
import { SCHEMAS, type JsonSchema } from '../../core/schema/schemas.js';
import { toRange } from '../convert.js';
import type { LinkedFile, WorkspaceQuery } from './linked-file.js';
import { siteAt, type SchemaRoot } from './completion-context.js';
import { splitTrailingNumber } from '../../core/strings.js';
import { plaintextOf, markup } from './plaintext.js';

export interface CompletionOptions {
  /** Whether the client takes snippet syntax; without it no snippet items are offered. */
  snippets?: boolean;
  /** Whether the client shows Markdown documentation; without it documentation is plain text. */
  markdown?: boolean;
}

export const COMPLETION_TRIGGER_CHARACTERS = [' ', ':', '[', ',', '-', '`'];

const DOCUMENT_KINDS = { 'commissioning-plan': 'A commissioning plan: workstreams, milestones and metrics.', 'commissioning-framework': 'A framework: aims and priorities shared by plans.' };

interface Ctx {
  file: LinkedFile;
  workspace: WorkspaceQuery;
  range: Range;
  snippets: boolean;
  markdown: boolean;
}

export function completion(file: LinkedFile, position: Position, workspace: WorkspaceQuery, options: CompletionOptions = {}): CompletionItem[] {
  const { document } = file;
  if (document.oversize) return [];
  const site = siteAt(document, document.lines.offsetAt(position));
  if (!site) return [];
  const ctx: Ctx = { file, workspace, range: toRange(document.lines, site.range), snippets: options.snippets ?? true, markdown: options.markdown ?? true };
  switch (site.kind) {
    case 'block-type':
      return blockTypeItems(ctx, site.withYaml);
    case 'body':
      return bodySnippets(ctx, site.continuation);
    case 'value':
      return valueItems(ctx, site.root, site.path, site.present, site.lead, site.list);
  }
  const root = rootSchema(ctx, site.root);
  const container = schemaAt(root, site.path);
  if (!container) return [];
  const nothingTyped = site.range.start === site.range.end;
  if (site.kind === 'key' && site.itemStart) {
    // after `- `: a scalar item (an id, an enum value) or the first key of a mapping item
    if (container.type !== 'object') return valueItems(ctx, site.root, site.path, site.present, site.lead, 'block');
    return [...(nothingTyped ? itemSnippets(ctx, container, site.lead, site.continuation, site.owner) : []), ...keyItems(ctx, container, site.present, site.lead)];
  }
  if (site.kind === 'entry' && (site.container ?? (container.type === 'array' ? 'sequence' : 'mapping')) === 'sequence') {
    const item = schemaAt(root, [...site.path, '[]']);
    if (item && item.type !== 'object') return valueItems(ctx, site.root, [...site.path, '[]'], site.present, '- ', 'block');
    return item && nothingTyped ? itemSnippets(ctx, item, '- ', site.continuation, site.owner) : [];
  }
  return keyItems(ctx, container, site.present, site.kind === 'key' ? site.lead : '');
}

function rootSchema(ctx: Ctx, root: SchemaRoot): JsonSchema {
  if (root !== 'frontmatter') return SCHEMAS[root];
  const { document } = ctx.file;
  const framework = (document.kind ?? sniffKind(document.text)) === 'framework';
  return SCHEMAS[framework ? 'framework-frontmatter' : 'plan-frontmatter'];
}

/** Follows `$ref`s: `#/...` within the current schema, or another schema by its `$id`. */
function deref(schema: JsonSchema | undefined, base: JsonSchema): [JsonSchema | undefined, JsonSchema] {
  for (let hops = 0; schema?.$ref && hops < 8; hops++) {
    const ref: string = schema.$ref;
    if (ref.startsWith('#/')) {
      schema = ref.slice(2).split('/').reduce<JsonSchema | undefined>((s, key) => s?.[key], base);
    } else {
      const [id, fragment] = ref.split('#');
      const target = Object.values(SCHEMAS).find((s) => s.$id === id);
      base = target ?? base;
      schema = fragment?.startsWith('/') ? fragment.slice(1).split('/').reduce<JsonSchema | undefined>((s, key) => s?.[key], target) : target;
    }
  }
  return [schema, base];
}

/** The schema of the node at a path of keys and `[]` (an item of a sequence). */
function schemaAt(root: JsonSchema, path: string[]): JsonSchema | undefined {
  let [schema, base] = deref(root, root);
  for (const segment of path) {
    if (!schema) return undefined;
    [schema, base] = deref(segment === '[]' ? schema.items : schema.properties?.[segment], base);
  }
  return schema;
}

/** Markdown documentation as the client takes it: MarkupContent, or a plain string for clients without Markdown. */
function documentation(ctx: Ctx, markdown: string | undefined): CompletionItem['documentation'] {
  if (!markdown) return undefined;
  return ctx.markdown ? markup(markdown, true) : plaintextOf(markdown);
}

const pad = (n: number) => String(n).padStart(3, '0');

function edit(ctx: Ctx, newText: string): Pick<CompletionItem, 'textEdit' | 'insertText'> {
  return { textEdit: { range: ctx.range, newText }, insertText: newText };
}

function keyItems(ctx: Ctx, schema: JsonSchema, present: Set<string>, lead: string): CompletionItem[] {
  const required = new Set<string>(schema.required ?? []);
  return Object.entries<JsonSchema>(schema.properties ?? {})
    .map(([key, property], i) => ({ key, property, i }))
    .filter(({ key }) => !present.has(key))
    .map(({ key, property, i }) => ({
      label: key,
      kind: CompletionItemKind.Property,
      detail: property.description,
      documentation: documentation(ctx, property.markdownDescription),
      sortText: `${required.has(key) ? 1 : 2}${pad(i)}`,
      filterText: key,
      ...edit(ctx, `${lead}${key}: `),
    }));
}

interface Choice {
  label: string;
  kind: CompletionItemKind;
  detail?: string;
  documentation?: string;
}

function valueItems(ctx: Ctx, root: SchemaRoot, at: string[], present: Set<string>, lead: string, list?: 'flow' | 'block'): CompletionItem[] {
  const base = rootSchema(ctx, root);
  let schema = schemaAt(base, at);
  const wrap = !list && schema?.type === 'array';
  if (wrap) schema = schemaAt(base, [...at, '[]']);
  if (!schema) return [];
  const frontMatterKey = root === 'frontmatter' && at.length === 1 ? at[0] : undefined;
  let choices: Choice[] = [];
  if (frontMatterKey === 'kind') choices = Object.entries(DOCUMENT_KINDS).map(([label, detail]) => ({ label, kind: CompletionItemKind.EnumMember, detail }));
  else if (frontMatterKey === 'framework') choices = frameworkChoices(ctx);
  else if (schema.enum) choices = (schema.enum as string[]).map((label) => ({ label, kind: CompletionItemKind.EnumMember }));
  else if (schema['x-kind'] === 'ref') choices = refChoices(ctx, schema['x-ref'], root === 'frontmatter');
  else if (schema['x-kind'] === 'period' && root !== 'frontmatter') choices = periodChoices(ctx);
  return choices
    .filter((choice) => !present.has(choice.label))
    .map((choice, i) => ({
      label: choice.label,
      kind: choice.kind,
      detail: choice.detail,
      documentation: documentation(ctx, choice.documentation),
      sortText: pad(i),
      filterText: choice.label,
      ...edit(ctx, `${lead}${wrap ? `[${choice.label}]` : choice.label}`),
    }));
}

function refChoices(ctx: Ctx, expects: Ref['expects'], frameworkOnly: boolean): Choice[] {
  const choices: Choice[] = [];
  for (const [id, entities] of ctx.file.linked.definitions) {
    const entity = entities.find((e) => e.kind === expects && (!frameworkOnly || e.document !== ctx.file.document));
    if (!entity) continue;
    const text = entity.kind === 'aim' ? entity.description : entity.kind === 'priority' ? entity.intent : undefined;
    const from = entity.document === ctx.file.document ? undefined : `From \`${entity.document.frontMatter?.id?.value ?? entity.document.path}\`.`;
    choices.push({ label: id, kind: CompletionItemKind.Reference, detail: entity.title, documentation: [text, from].filter(Boolean).join('\n\n') || undefined });
  }
  return choices;
}

/** Quarters from the review date's to the end of the plan, then the plan's financial years, oldest first. */
function periodChoices(ctx: Ctx): Choice[] {
  const review = ctx.file.linked.reviewDate;
  const plan = ctx.file.document.period;
  const from = Math.max(quarterOf(review).start, plan?.start ?? -Infinity);
  const to = plan?.end ?? nextQuarter(nextQuarter(nextQuarter(quarterOf(review)))).end;
  const years: Period[] = [];
  for (let fy = financialYearOf(plan?.start ?? review); fy <= financialYearOf(plan?.end ?? review); fy++) years.push(financialYearPeriod(fy));
  return [...quartersOverlapping(from, to), ...years].map((period) => ({ label: period.canonical, kind: CompletionItemKind.Value, detail: formatRange(period) }));
}

function frameworkChoices(ctx: Ctx): Choice[] {
  const builtins = builtinFrameworkNames().map((name) => ({
    label: `${BUILTIN_PREFIX}${name}`,
    kind: CompletionItemKind.Module,
    detail: builtinFramework(name)?.frontMatter?.title?.value,
  }));
  const own = path.dirname(ctx.file.path);
  const files = ctx.workspace.allFacts()
    .filter((f) => f.kind === 'framework' && f.uri !== ctx.file.uri && path.isAbsolute(f.path) && path.isAbsolute(own))
    .map((f) => {
      const relative = path.relative(own, f.path).split(path.sep).join('/');
      return { label: relative.startsWith('../') ? relative : `./${relative}`, kind: CompletionItemKind.File, detail: f.title };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
  return [...builtins, ...files];
}

function blockTypeItems(ctx: Ctx, withYaml: boolean): CompletionItem[] {
  const types = BLOCK_TYPES.filter((type) => type !== 'workstream' || ctx.file.document.kind !== 'framework');
  return types.map((type, i) => {
    const schema = SCHEMAS[type];
    const text = withYaml ? `yaml ${type}` : type;
    return {
      label: type,
      kind: CompletionItemKind.Keyword,
      detail: schema.description,
      documentation: documentation(ctx, schema.markdownDescription),
      sortText: pad(i),
      filterText: text,
      ...edit(ctx, text),
    };
  });
}

// ---- snippets ----

const escape = (text: string) => text.replace(/[$}\\]/g, '\\$&');

function snippetItem(ctx: Ctx, label: string, detail: string, lines: string[], lead: string, continuation: string): CompletionItem {
  return {
    label,
    kind: CompletionItemKind.Snippet,
    detail,
    sortText: '0',
    filterText: label,
    insertTextFormat: InsertTextFormat.Snippet,
    // the continuation lines already carry their indentation and container prefix
    insertTextMode: InsertTextMode.asIs,
    ...edit(ctx, lead + lines.join(`\n${continuation}`)),
  };
}

/** The review date's next quarter, for a new milestone's due period. */
function suggestedDue(ctx: Ctx): string {
  return escape(nextQuarter(quarterOf(ctx.file.linked.reviewDate)).canonical);
}

function metricPeriods(ctx: Ctx): { baseline: string; target: string } {
  const review = quarterOf(ctx.file.linked.reviewDate);
  const plan = ctx.file.document.period;
  return { baseline: escape(quarterOf(review.start - 1).canonical), target: escape((plan && plan.end > review.end ? quarterOf(plan.end) : nextQuarter(review)).canonical) };
}

/** The next free number of ids such as `WS1-M3` in the document. */
function nextNumber(ctx: Ctx, prefix: string): number {
  const pattern = new RegExp(`(?<![\\w.-])${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)(?![\\w.-])`, 'g');
  let max = 0;
  for (const match of ctx.file.document.text.matchAll(pattern)) max = Math.max(max, Number(match[1]));
  return max + 1;
}

/** Lines of a new milestone; `id` is snippet text, `next` the number of the first placeholder after it. */
function milestoneLines(ctx: Ctx, id: string, next: number): string[] {
  return [`id: ${id}`, `title: \${${next}:What will be delivered}`, `due: \${${next + 1}:${suggestedDue(ctx)}}`, 'status: not-started'];
}

function metricLines(ctx: Ctx, id: string, next: number): string[] {
  const { baseline, target } = metricPeriods(ctx);
  return [
    `id: ${id}`,
    `title: \${${next}:What is measured}`,
    `unit: \${${next + 1}:"%"}`,
    `baseline: {value: \${${next + 2}:0}, period: \${${next + 3}:${baseline}}\\}`,
    `target: {value: \${${next + 4}:0}, due: \${${next + 5}:${target}}\\}`,
    `source: \${${next + 6}:Data source}`,
  ];
}

function itemSnippets(ctx: Ctx, item: JsonSchema, lead: string, continuation: string, owner?: string): CompletionItem[] {
  if (!ctx.snippets) return [];
  const id = (letter: string) => `\${1:${escape(owner ? `${owner}-${letter}${nextNumber(ctx, `${owner}-${letter}`)}` : `${letter}1`)}}`;
  if (item.title === 'Milestone') return [snippetItem(ctx, 'milestone', 'A milestone with id, title, due period and status', milestoneLines(ctx, id('M'), 2), lead, continuation)];
  if (item.title === 'Metric') return [snippetItem(ctx, 'metric', 'A metric with unit, baseline, target and source', metricLines(ctx, id('K'), 2), lead, continuation)];
  return [];
}

function nextWorkstreamId(ctx: Ctx): string {
  const numbered = ctx.file.document.workstreams.map((w) => splitTrailingNumber(w.id)).filter((m): m is [string, string] => !!m);
  const prefix = numbered.length ? numbered[numbered.length - 1][0] : 'WS';
  return `${prefix}${nextNumber(ctx, prefix)}`;
}

/**
 * Block skeletons on an empty line of a plan's or a framework's body. What the front matter's `kind` made a
 * cplan document gets them; any other Markdown file (a README) gets none, which is why they are served here
 * rather than contributed to every Markdown file as editor snippets.
 */
function bodySnippets(ctx: Ctx, continuation: string): CompletionItem[] {
  const { kind } = ctx.file.document;
  if (!ctx.snippets || !kind) return [];
  const items = [
    snippetItem(ctx, 'cplan: aims block', 'An aims block with one aim', listBlock('aims', `\${1:${escape(nextListId(ctx, ctx.file.document.aims, 'A'))}}`, 'title: ${2:Improve survival through earlier diagnosis}'), '', continuation),
    snippetItem(ctx, 'cplan: priorities block', 'A priorities block with one priority', listBlock('priorities', `\${1:${escape(nextListId(ctx, ctx.file.document.priorities, 'P'))}}`, 'title: ${2:Priority title}'), '', continuation),
  ];
  if (kind !== 'plan') return items;
  return [snippetItem(ctx, 'cplan: workstream block', 'A workstream block with a milestone and a metric', workstreamBlock(ctx), '', continuation), ...items];
}

function listBlock(type: string, id: string, titleLine: string): string[] {
  return ['```yaml ' + type, `- id: ${id}`, `  ${titleLine}`, '```', '$0'];
}

/** The next id after the document's last numbered one (`SA7` after `SA6`), else `<letter>1`. */
function nextListId(ctx: Ctx, entities: readonly { id: string }[], letter: string): string {
  const numbered = entities.map((e) => splitTrailingNumber(e.id)).filter((m): m is [string, string] => !!m);
  const prefix = numbered.length ? numbered[numbered.length - 1][0] : letter;
  return `${prefix}${nextNumber(ctx, prefix)}`;
}

function workstreamBlock(ctx: Ctx): string[] {
  const id = `\${1:${escape(nextWorkstreamId(ctx))}}`;
  const item = (lines: string[]) => lines.map((line, i) => (i === 0 ? `  - ${line}` : `    ${line}`));
  return [
    '```yaml workstream',
    `id: ${id}`,
    'title: ${2:Workstream title}',
    'aims: [$3]',
    'milestones:',
    ...item(milestoneLines(ctx, `${id}-M1`, 4)),
    'metrics:',
    ...item(metricLines(ctx, `${id}-K1`, 6)),
    '```',
    '$0',
  ];
}
