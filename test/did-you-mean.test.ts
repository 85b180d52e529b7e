import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodeAction, TextEdit } from 'vscode-languageserver';
import { parsePlanDocument } from '../server/src/index.js';
import type { Diagnostic } from '../server/src/core/lint.js';
import { LineIndex } from '../server/src/core/text.js';
import { WorkspaceIndex } from '../server/src/service/workspace.js';
import { uriOfPath } from '../server/src/service/uris.js';
import { toLspDiagnostic, toRange } from '../server/src/service/convert.js';
import { codeActions } from '../server/src/service/features/code-actions.js';
import { REPO_ROOT } from './helpers/cli.js';
import { LspClient, exampleWorkspace, positionOf } from './helpers/lsp.js';

/**
 * "Every did you mean in a schema message comes with a quick fix" (issue 15): misspells each key and each
 * enumerated value of real plans and frameworks in turn, and checks that every id, key or value a
 * schema message suggests has a quick fix that writes it, preferred only when it is the only one, after
 * which that message is gone.
 */
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'cplan-dym-'));
const SOURCES = ['examples/ncl-adt-2025-26.md', 'examples/ncl-long-term-plan-cancer.md', 'examples/ncl-ltp-framework.md', 'frameworks/ncl-cancer-2023-28.md'];
const ENUMERATED = /\/status$|\/cadence$|\/breakdown\/\d+$|^\/kind$/;

function open(text: string): { index: WorkspaceIndex; uri: string } {
  const index = new WorkspaceIndex([DIR], { rules: {}, include: [], exclude: [] });
  const uri = uriOfPath(path.join(DIR, 'plan.md'));
  index.setOpen(uri, text, 1);
  return { index, uri };
}

function apply(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  return edits
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start)
    .reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

/** A slip of one character: the second one dropped (`title` -> `ttle`, `on-track` -> `o-track`). */
const slip = (word: string) => word.slice(0, 1) + word.slice(2);

interface Mutation {
  what: string;
  text: string;
}

/** One misspelling per distinct key or enumerated value and where it sits (list indexes set aside). */
function mutations(source: string): Mutation[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, source), 'utf8');
  const document = parsePlanDocument(path.join(REPO_ROOT, source), text);
  const parts = document.frontMatter ? [document.frontMatter.part, ...document.blocks] : document.blocks;
  const seen = new Set<string>();
  const found: Mutation[] = [];
  const add = (what: string, start: number, end: number) => {
    const word = text.slice(start, end).replace(/^["']|["']$/g, '');
    if (word.length < 3 || seen.has(what)) return;
    seen.add(what);
    const at = text.indexOf(word, start);
    found.push({ what: `${source} ${what}: ${word} -> ${slip(word)}`, text: text.slice(0, at) + slip(word) + text.slice(at + word.length) });
  };
  for (const part of parts) {
    const where = part.region.kind === 'frontmatter' ? 'front matter' : part.region.blockType;
    for (const [pointer, location] of part.yaml.locations) {
      const shape = `${where} ${pointer.replace(/\/\d+/g, '/#')}`;
      if (location.key) add(`key ${shape}`, location.key.start, location.key.end);
      if (ENUMERATED.test(pointer) && location.value.end > location.value.start) add(`value ${shape} ${text.slice(location.value.start, location.value.end)}`, location.value.start, location.value.end);
    }
  }
  return found;
}

/** The names a message's "Did you mean `a` or `b`?" offers. */
function suggested(message: string): string[] | undefined {
  const hint = / Did you mean (.*?)\?/.exec(message)?.[1];
  return hint ? [...hint.matchAll(/`([^`]*)`/g)].map((m) => m[1]) : undefined;
}

describe('every did-you-mean in a schema message has a quick fix', () => {
  after(() => fs.rmSync(DIR, { recursive: true, force: true }));

  it('for each misspelt key and enumerated value of the examples and the built-in framework', function () {
    this.timeout(120_000);
    const counts = { keys: 0, values: 0, several: 0 };
    for (const source of SOURCES) {
      for (const mutation of mutations(source)) {
        const { index, uri } = open(mutation.text);
        const lines = new LineIndex(mutation.text);
        const schema = index.diagnostics(uri).filter((d: Diagnostic) => d.ruleId === 'frontmatter-schema' || d.ruleId === 'block-schema');
        for (const diagnostic of schema) {
          const names = suggested(diagnostic.message);
          if (!names) continue;
          counts[/^Unknown key/.test(diagnostic.message) ? 'keys' : 'values']++;
          if (names.length > 1) counts.several++;
          const actions: CodeAction[] = codeActions(index.linkedFile(uri)!, toRange(lines, diagnostic.span), [toLspDiagnostic(lines, diagnostic)])
            .filter((a) => a.kind === 'quickfix' && a.diagnostics?.[0]?.message === diagnostic.message);
          for (const name of names) {
            const action = actions.find((a) => a.title === `Rename key to \`${name}\`` || a.title === `Change to \`${name}\``);
            assert.ok(action, `${mutation.what}: "${diagnostic.message}" has no fix to ${name}; got ${actions.map((a) => a.title).join(' | ')}`);
            assert.equal(action.isPreferred === true, names.length === 1, `${mutation.what}: preferred only when it is the one suggestion`);
            const fixed = apply(mutation.text, action.edit!.changes![uri]);
            const again = open(fixed);
            assert.ok(!again.index.diagnostics(again.uri).some((d) => d.message === diagnostic.message), `${mutation.what}: fixed by "${action.title}"`);
          }
        }
      }
    }
    // The walk must meet the cases it is about, or it would pass on nothing.
    assert.ok(counts.keys >= 30, `misspelt keys with a did-you-mean: ${counts.keys}`);
    assert.ok(counts.values >= 8, `misspelt values with a did-you-mean: ${counts.values}`);
    assert.ok(counts.several >= 1, 'some message offers more than one name, none of them preferred');
  });

  it('names no key the mapping has already, so that the rename it offers is always there', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'examples/ncl-adt-2025-26.md'), 'utf8').replace(/\nlead: ([^\n]*)\n/, '\nlead: $1\nleed: Someone else\n');
    const { index, uri } = open(text);
    const message = index.diagnostics(uri).find((d) => /Unknown key `leed`/.test(d.message))!.message;
    assert.doesNotMatch(message, /Did you mean/);
    assert.match(message, /Remove it, or use one of/);
  });

  it('over the protocol: a misspelt status and an accepted non-canonical one', async function () {
    this.timeout(30_000);
    const source = fs.readFileSync(path.join(REPO_ROOT, 'examples/ncl-adt-2025-26.md'), 'utf8');
    const first = source.indexOf('status: on-track', source.indexOf('milestones:'));
    const second = source.indexOf('status: on-track', first + 1);
    assert.ok(first > 0 && second > 0);
    const text = source.slice(0, first) + 'status: on-trak' + source.slice(first + 16, second) + 'status: On Track' + source.slice(second + 16);
    const client = await LspClient.start({ root: exampleWorkspace({ 'words.md': text }) });
    try {
      const uri = await client.open('words.md');
      const { diagnostics } = await client.diagnostics(uri, (p) => p.version === 1);
      const slipped = diagnostics.find((d) => /found `on-trak`\)\. Did you mean `on-track`\?/.test(String(d.message)));
      assert.ok(slipped, diagnostics.map((d) => d.message).join(' | '));
      assert.ok(!diagnostics.some((d) => /On Track/.test(String(d.message))), '`On Track` is read as on-track, with no diagnostic');
      const fixes = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: slipped.range, context: { diagnostics: [slipped] } });
      assert.deepEqual(fixes.map((a) => [a.title, a.kind, a.isPreferred]), [['Change to `on-track`', 'quickfix', true]]);
      const at = positionOf(text, 'On Track', 3);
      const rewrites = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [] } });
      assert.deepEqual(rewrites.map((a) => [a.title, a.kind]), [['Rewrite as `on-track`', 'refactor.rewrite']]);
      assert.equal(apply(text, rewrites[0].edit!.changes![uri]), text.replace('status: On Track', 'status: on-track'));
    } finally {
      await client.stop();
    }
  });
});
