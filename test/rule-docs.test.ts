import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RULES, RULES_BY_ID, type Rule } from '../server/src/core/rules/index.js';
import { GENERATOR, generatedRuleFiles } from '../server/src/core/rule-docs.js';
import { cplan, tempTree } from './helpers/cli.js';

/** Compiled to out/test/, so the repository root is two levels up. */
const ROOT = new URL('../..', import.meta.url);
const DOCS = new URL('docs/rules/', ROOT);

const APPLIES_TO: Record<Rule['appliesTo'], string> = { plans: 'plans', all: 'plans and frameworks' };

const SECTIONS = ['## Why', '## Where it points', '## Examples', '### Incorrect', '### Correct', '## How to fix', '## Configuration'];

function read(name: string): string {
  return fs.readFileSync(new URL(name, DOCS), 'utf8').replace(/\r\n/g, '\n');
}

function pages(): string[] {
  return fs.readdirSync(DOCS).filter((name) => name.endsWith('.md') && name !== 'README.md').sort();
}

/** The lines of a page outside fenced code (``` or ````), so examples cannot fake headings. */
function proseLines(text: string): string[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    } else if (marker) {
      fence = marker;
    } else {
      lines.push(line);
    }
  }
  return lines;
}

interface Header {
  heading: string;
  description: string;
  severity: string;
  appliesTo: string;
}

/** The fixed head of a page: `# id`, blank, description, blank, two list items. */
function headerOf(text: string): Header {
  const lines = text.split('\n');
  assert.equal(lines[1], '', 'a blank line follows the heading');
  assert.equal(lines[3], '', 'a blank line follows the description');
  return {
    heading: lines[0],
    description: lines[2],
    severity: lines[4],
    appliesTo: lines[5],
  };
}

/** The Markdown example under `### Incorrect` or `### Correct`. */
function exampleOf(text: string, name: 'Incorrect' | 'Correct'): string | undefined {
  return new RegExp(`^### ${name}\\n\\n\`\`\`\`markdown\\n([\\s\\S]*?)\\n\`\`\`\`$`, 'm').exec(text)?.[1];
}

describe('rule docs', () => {
  it(`the config schema, the README table and each page's head are what ${GENERATOR} writes`, () => {
    const read = (file: string) => (fs.existsSync(new URL(file, ROOT)) ? fs.readFileSync(new URL(file, ROOT), 'utf8') : undefined);
    const stale = [...generatedRuleFiles(read, RULES)].filter(([file, text]) => read(file) !== text).map(([file]) => file);
    assert.deepEqual(stale, [], `stale: run \`npm run build && node ${GENERATOR}\` and commit what it writes`);
  });

  it('a rule added to the registry gets a schema entry, a table row and a page to fill in', () => {
    const rule: Rule = { id: 'new-rule', defaultSeverity: 'info', description: 'A milestone has no `due`.', appliesTo: 'plans', check() {} };
    const read = (file: string) => (fs.existsSync(new URL(file, ROOT)) ? fs.readFileSync(new URL(file, ROOT), 'utf8') : undefined);
    const files = generatedRuleFiles(read, [...RULES, rule]);
    const schema = JSON.parse(files.get('schemas/cplanrc.schema.json')!) as { properties: { rules: { properties: Record<string, { enum: string[]; default: string; description: string }> } } };
    assert.deepEqual(Object.keys(schema.properties.rules.properties), [...RULES, rule].map((r) => r.id));
    assert.equal(schema.properties.rules.properties['new-rule'].description, 'Severity of new-rule (default info): a milestone has no due.');
    assert.ok(files.get('docs/rules/README.md')!.includes('| [`new-rule`](./new-rule.md) | `info` | plans | A milestone has no `due`. |'));
    const page = files.get('docs/rules/new-rule.md')!;
    assert.deepEqual(headerOf(page), { heading: '# new-rule', description: 'A milestone has no `due`.', severity: '- Default severity: `info`', appliesTo: '- Applies to: plans' });
    assert.deepEqual(proseLines(page).filter((line) => /^#{1,6} /.test(line)), ['# new-rule', ...SECTIONS]);
  });

  it('the editor setting cplan.rules names only rules that exist', () => {
    const manifest = JSON.parse(fs.readFileSync(new URL('package.json', ROOT), 'utf8')) as { contributes: { configuration: { properties: Record<string, Record<string, unknown>> } } };
    const setting = manifest.contributes.configuration.properties['cplan.rules'];
    const named = [...String(setting.markdownDescription).matchAll(/"([a-z]+(?:-[a-z]+)+)":/g)].map((m) => m[1]);
    assert.ok(named.length > 0, 'its description shows an example');
    assert.deepEqual(named.filter((id) => !RULES_BY_ID.has(id)), []);
  });

  it('the docs folder exists', () => {
    assert.ok(fs.existsSync(DOCS), `${DOCS.pathname} is missing`);
  });

  it('every rule has docs/rules/<id>.md', () => {
    const missing = RULES.filter((rule) => !fs.existsSync(new URL(`${rule.id}.md`, DOCS))).map((rule) => rule.id);
    assert.deepEqual(missing, []);
  });

  it('every page names an existing rule', () => {
    const orphans = pages().filter((name) => !RULES_BY_ID.has(name.replace(/\.md$/, '')));
    assert.deepEqual(orphans, []);
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const file = `${rule.id}.md`;
      const exists = () => fs.existsSync(new URL(file, DOCS));

      it('starts with the id, the description, the default severity and what it applies to', function () {
        if (!exists()) this.skip();
        const header = headerOf(read(file));
        assert.equal(header.heading, `# ${rule.id}`);
        assert.equal(header.description, rule.description);
        assert.equal(header.severity, `- Default severity: \`${rule.defaultSeverity}\``);
        assert.equal(header.appliesTo, `- Applies to: ${APPLIES_TO[rule.appliesTo]}`);
      });

      it('has one top heading and every section, in order', function () {
        if (!exists()) this.skip();
        const headings = proseLines(read(file)).filter((line) => /^#{1,6} /.test(line));
        assert.deepEqual(headings, [`# ${rule.id}`, ...SECTIONS]);
      });

      it('has a Markdown example under Incorrect and under Correct, and they differ', function () {
        if (!exists()) this.skip();
        const text = read(file);
        const incorrect = exampleOf(text, 'Incorrect');
        const correct = exampleOf(text, 'Correct');
        assert.ok(incorrect?.trim(), 'an Incorrect example in a ````markdown fence');
        assert.ok(correct?.trim(), 'a Correct example in a ````markdown fence');
        assert.notEqual(incorrect, correct);
      });

      it('shows how to configure it by its own id', function () {
        if (!exists()) this.skip();
        const configuration = read(file).split('\n## Configuration\n')[1] ?? '';
        assert.match(configuration, new RegExp(`^  ${rule.id}: (off|info|warning|error)$`, 'm'));
        assert.ok(configuration.includes(`--rule ${rule.id}=`), 'a --rule example');
      });
    });
  }

  describe('examples, linted by the CLI', function () {
    this.timeout(60_000);
    /** Rule ids found in each example file, by `<rule>/<Incorrect|Correct>.md`. */
    const found = new Map<string, string[]>();

    before(() => {
      const files: Record<string, string> = {};
      for (const rule of RULES) {
        if (!fs.existsSync(new URL(`${rule.id}.md`, DOCS))) continue;
        const text = read(`${rule.id}.md`);
        for (const name of ['Incorrect', 'Correct'] as const) {
          const example = exampleOf(text, name);
          if (example !== undefined) files[`${rule.id}/${name}.md`] = `${example}\n`;
        }
      }
      // The page's Incorrect example stands for megabytes of pasted image data; a limit of the Correct
      // example's size shows the same thing at the example's scale.
      const small = files['file-too-large/Correct.md'];
      if (small) files['file-too-large/.cplanrc.yaml'] = `max_file_size: ${Buffer.byteLength(small)}\n`;
      // A rule that is off by default is turned on for its own examples, as its page's Configuration shows.
      for (const rule of RULES.filter((r) => r.defaultSeverity === 'off')) {
        if (files[`${rule.id}/Incorrect.md`]) files[`${rule.id}/.cplanrc.yaml`] = `rules:\n  ${rule.id}: warning\n`;
      }
      const dir = tempTree(files);
      const run = cplan(['lint', '.', '--format', 'json'], dir);
      assert.ok(run.code === 0 || run.code === 1, run.stderr);
      for (const result of JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string }[] }[]) {
        found.set(path.relative(dir, result.filePath).split(path.sep).join('/'), result.messages.map((m) => m.ruleId));
      }
    });

    for (const rule of RULES) {
      /** Other rules an example may trigger: those the page names in its prose, as a reader is told to expect them. */
      const expected = () => new Set(proseLines(read(`${rule.id}.md`)).join('\n').match(/(?<=`)[a-z]+(?:-[a-z]+)+(?=`)/g)?.filter((id) => RULES_BY_ID.has(id)));
      const exists = () => fs.existsSync(new URL(`${rule.id}.md`, DOCS));

      it(`${rule.id}: the Incorrect example gets ${rule.id}, and other rules only where the page says so`, function () {
        if (!exists()) this.skip();
        const ids = found.get(`${rule.id}/Incorrect.md`) ?? [];
        assert.ok(ids.includes(rule.id), `the Incorrect example gets ${rule.id}; it got [${ids.join(', ')}]`);
        assert.deepEqual([...new Set(ids.filter((id) => id !== rule.id && !expected().has(id)))], [], 'findings the page does not mention');
      });

      it(`${rule.id}: the Correct example gets nothing`, function () {
        if (!exists()) this.skip();
        assert.deepEqual(found.get(`${rule.id}/Correct.md`) ?? [], []);
      });
    }
  });

  describe('README.md', () => {
    const rows = () => {
      const byId = new Map<string, string[]>();
      for (const line of proseLines(read('README.md'))) {
        const match = /^\|\s*\[`([^`]+)`\]\(\.\/([^)]+)\)\s*\|(.*)\|\s*$/.exec(line);
        if (match) byId.set(match[1], [match[2], ...match[3].split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'))]);
      }
      return byId;
    };

    it('has a table row for every rule, linked to its page, with its severity and description', () => {
      const table = rows();
      for (const rule of RULES) {
        const row = table.get(rule.id);
        assert.ok(row, `README.md lists ${rule.id}`);
        const [link, ...cells] = row;
        assert.equal(link, `${rule.id}.md`);
        assert.ok(cells.includes(`\`${rule.defaultSeverity}\``), `${rule.id}: severity \`${rule.defaultSeverity}\` in ${cells.join(' | ')}`);
        assert.ok(cells.includes(rule.description), `${rule.id}: description`);
      }
    });

    it('lists no rule that does not exist, in the registry order', () => {
      assert.deepEqual([...rows().keys()], RULES.map((rule) => rule.id));
    });
  });
});
