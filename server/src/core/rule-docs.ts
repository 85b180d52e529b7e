/**
 * What the rule registry writes into committed files: the `rules` of schemas/cplanrc.schema.json and of the
 * `cplan.rules` setting in package.json, the table of
 * docs/rules/README.md and the head of each rule page. Each rule's id, severity and description are written
 * once, in its rule file; scripts/gen-rule-docs.js applies these functions and a test fails when a committed
 * file differs from what they return. Pure: text in, text out.
 */
import type { Rule } from './rules/rule.js';
import { ruleDocUrl } from './rules/index.js';

export const GENERATOR = 'scripts/gen-rule-docs.js';

const APPLIES_TO: Record<Rule['appliesTo'], string> = { plans: 'plans', all: 'plans and frameworks' };

export const SEVERITY_SETTINGS = ['off', 'info', 'warning', 'error'] as const;

export function appliesToText(rule: Rule): string {
  return APPLIES_TO[rule.appliesTo];
}

/** `A workstream links no aim.` as it reads after a colon: `a workstream links no aim.` (an acronym such as `YAML` stays). */
function afterColon(sentence: string): string {
  return /^[A-Z](?![A-Z])/.test(sentence) ? sentence[0].toLowerCase() + sentence.slice(1) : sentence;
}

function plain(markdown: string): string {
  return markdown.replace(/`/g, '');
}

export function ruleSettingSchema(rule: Rule): Record<string, unknown> {
  return {
    description: `Severity of ${rule.id} (default ${rule.defaultSeverity}): ${afterColon(plain(rule.description))}`,
    markdownDescription: `Severity of \`${rule.id}\` (default \`${rule.defaultSeverity}\`): ${afterColon(rule.description)} Use \`off\` to turn the rule off. [Rule page](${ruleDocUrl(rule.id)})`,
    type: 'string',
    enum: [...SEVERITY_SETTINGS],
    default: rule.defaultSeverity,
  };
}

/** JSON as the schemas are written: two-space indents, short lists of strings on one line. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\[\n(\s*"[^"\n]*",?\n)+\s*\]/g, (list) => {
    const items = list.slice(1, -1).split('\n').map((line) => line.trim()).filter(Boolean).map((item) => item.replace(/,$/, ''));
    return `[${items.join(', ')}]`;
  }) + '\n';
}

/** schemas/cplanrc.schema.json with `rules.properties` rewritten from the registry, everything else as it was. */
export function renderConfigSchema(current: string, rules: readonly Rule[]): string {
  const schema = JSON.parse(current) as { properties: { rules: { properties: Record<string, unknown> } } };
  schema.properties.rules.properties = Object.fromEntries(rules.map((rule) => [rule.id, ruleSettingSchema(rule)]));
  return formatJson(schema);
}

/**
 * package.json with the `cplan.rules` setting's `properties` rewritten from the registry (one per rule id, its
 * severities as the values), so that VS Code completes rule ids in settings.json; everything else as it was.
 */
export function renderManifest(current: string, rules: readonly Rule[]): string {
  const manifest = JSON.parse(current) as { contributes: { configuration: { properties: Record<string, Record<string, unknown>> } } };
  const setting = manifest.contributes.configuration.properties['cplan.rules'];
  if (!setting) throw new Error('package.json has lost its cplan.rules setting under contributes.configuration.properties');
  setting.properties = Object.fromEntries(rules.map((rule) => [rule.id, ruleSettingSchema(rule)]));
  // npm writes package.json this way: keeping it means `npm` and the generator never fight over the layout.
  return JSON.stringify(manifest, null, 2) + '\n';
}

const TABLE_START = `<!-- The table is written by ${GENERATOR} from the rule registry: edit the rule files, not this table. -->`;
const TABLE_END = '<!-- end of the generated table -->';

function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function rulesTable(rules: readonly Rule[]): string {
  const rows = rules.map((rule) => `| [\`${rule.id}\`](./${rule.id}.md) | \`${rule.defaultSeverity}\` | ${appliesToText(rule)} | ${tableCell(rule.description)} |`);
  return [TABLE_START, '', '| Rule | Default severity | Applies to | Description |', '| ---- | ---------------- | ---------- | ----------- |', ...rows, '', TABLE_END].join('\n');
}

/** docs/rules/README.md with the text between its table markers rewritten. */
export function renderRulesReadme(current: string, rules: readonly Rule[]): string {
  const start = current.indexOf(TABLE_START);
  const end = current.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`docs/rules/README.md has lost its table markers; put back the lines\n${TABLE_START}\n${TABLE_END}`);
  return current.slice(0, start) + rulesTable(rules) + current.slice(end + TABLE_END.length);
}

export function pageHeader(rule: Rule): string {
  const fixable = rule.fixable ? `- Fixed by \`cplan lint --fix\` (and \`source.fixAll.cplan\` in the editor): ${rule.fixable}\n` : '';
  return `# ${rule.id}\n\n${rule.description}\n\n- Default severity: \`${rule.defaultSeverity}\`\n- Applies to: ${appliesToText(rule)}\n${fixable}`;
}

const PAGE_SECTIONS = ['Why', 'Where it points', 'Examples', '### Incorrect', '### Correct', 'How to fix', 'Configuration'];

/** A rule page with its head (everything before the first `## `) rewritten; a new rule gets a page to fill in. */
export function renderRulePage(current: string | undefined, rule: Rule): string {
  if (current === undefined) {
    const sections = PAGE_SECTIONS.map((name) => (name.startsWith('#') ? `${name}\n\n` : `## ${name}\n\n`) + (name === 'Examples' ? '' : 'TODO\n\n'));
    return `${pageHeader(rule)}\n${sections.join('').trimEnd()}\n`;
  }
  const body = current.indexOf('\n## ');
  return pageHeader(rule) + (body < 0 ? '' : current.slice(body));
}

/**
 * Every file the generator writes, by path from the repository root, given a reader of the committed text
 * (undefined for a file that does not exist yet).
 */
export function generatedRuleFiles(read: (file: string) => string | undefined, rules: readonly Rule[]): Map<string, string> {
  const files = new Map<string, string>();
  const existing = (file: string) => {
    const text = read(file);
    if (text === undefined) throw new Error(`${file} is missing`);
    return text;
  };
  files.set('schemas/cplanrc.schema.json', renderConfigSchema(existing('schemas/cplanrc.schema.json'), rules));
  files.set('package.json', renderManifest(existing('package.json'), rules));
  files.set('docs/rules/README.md', renderRulesReadme(existing('docs/rules/README.md'), rules));
  for (const rule of rules) files.set(`docs/rules/${rule.id}.md`, renderRulePage(read(`docs/rules/${rule.id}.md`), rule));
  return files;
}
