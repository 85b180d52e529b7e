import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { checkSync } from 'recheck';
import { REPO_ROOT } from './helpers/cli.js';

// In-process checking: the default backend (a synckit worker driving recheck's native agent) sometimes left the
// agent running after the suite, and mocha then never exited (CI ran out of time waiting for it).
process.env.RECHECK_SYNC_BACKEND = 'pure';

interface Pattern {
  source: string;
  flags: string;
  where: string;
}

/** What `escapeRegExp`-style code produces from any text: a plain literal, which one letter stands for. */
const ESCAPED_TEXT = 'x';

/**
 * The string an expression of a `new RegExp(...)` call evaluates to, worked out from the source: literals,
 * templates, `String.raw`, `+`, and `const`s of the same file made of those; a runtime value only when it is
 * escaped (`value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')`), which makes it literal text. Undefined otherwise.
 */
function evaluate(node: ts.Expression, file: ts.SourceFile, constants: Map<string, ts.Expression>, depth = 0): string | undefined {
  if (depth > 20) return undefined;
  const again = (e: ts.Expression) => evaluate(e, file, constants, depth + 1);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return again(node.expression);
  if (ts.isTemplateExpression(node)) {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const value = again(span.expression);
      if (value === undefined) return undefined;
      text += value + span.literal.text;
    }
    return text;
  }
  if (ts.isTaggedTemplateExpression(node) && node.tag.getText(file) === 'String.raw' && ts.isNoSubstitutionTemplateLiteral(node.template)) {
    return node.template.rawText ?? node.template.getText(file).slice(1, -1);
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = again(node.left);
    const right = again(node.right);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  if (ts.isIdentifier(node) && constants.has(node.text)) return again(constants.get(node.text)!);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'replace') {
    const [pattern, replacement] = node.arguments;
    if (pattern && ts.isRegularExpressionLiteral(pattern) && pattern.text === '/[.*+?^${}()|[\\]\\\\]/g' && replacement && ts.isStringLiteral(replacement) && replacement.text === '\\$&') return ESCAPED_TEXT;
  }
  return undefined;
}

/** Every regular expression of the shipped code: literals and `new RegExp(...)` / `RegExp(...)` calls, with where each is. */
function codePatterns(): { patterns: Pattern[]; unreadable: string[] } {
  const patterns: Pattern[] = [];
  const unreadable: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const file = ts.createSourceFile(full, fs.readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true);
        const where = (node: ts.Node) => `${path.relative(REPO_ROOT, full)}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
        const constants = new Map<string, ts.Expression>();
        const collect = (node: ts.Node) => {
          if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isVariableDeclarationList(node.parent) && node.parent.flags & ts.NodeFlags.Const) {
            constants.set(node.name.text, node.initializer);
          }
          ts.forEachChild(node, collect);
        };
        collect(file);
        const visit = (node: ts.Node) => {
          if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
            const text = node.getText(file);
            const end = text.lastIndexOf('/');
            patterns.push({ source: text.slice(1, end), flags: text.slice(end + 1), where: where(node) });
          }
          if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
            const [source, flags] = node.arguments ?? [];
            const pattern = source && evaluate(source, file, constants);
            const flagText = flags ? evaluate(flags, file, constants) : '';
            if (pattern === undefined || flagText === undefined) unreadable.push(`${where(node)} ${node.getText(file)}`);
            else patterns.push({ source: pattern, flags: flagText, where: `${where(node)} (new RegExp)` });
          }
          ts.forEachChild(node, visit);
        };
        visit(file);
      }
    }
  };
  walk(path.join(REPO_ROOT, 'server', 'src'));
  walk(path.join(REPO_ROOT, 'client', 'src'));
  return { patterns, unreadable };
}

/** The `pattern`s of the JSON Schemas and of the extension's settings, as ajv and VS Code compile them (`u`). */
function schemaPatterns(): Pattern[] {
  const found: Pattern[] = [];
  const visit = (value: unknown, where: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${where}/${i}`));
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'pattern' && typeof v === 'string') found.push({ source: v, flags: 'u', where: `${where}/pattern` });
        if (key === 'patternProperties' && v && typeof v === 'object') for (const p of Object.keys(v)) found.push({ source: p, flags: 'u', where: `${where}/patternProperties` });
        visit(v, `${where}/${key}`);
      }
    }
  };
  for (const name of fs.readdirSync(path.join(REPO_ROOT, 'schemas')).filter((n) => n.endsWith('.json'))) {
    visit(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', name), 'utf8')), `schemas/${name}#`);
  }
  visit(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).contributes, 'package.json#/contributes');
  return found;
}

function vulnerable(patterns: Pattern[]): string[] {
  return patterns.filter((r) => checkSync(r.source, r.flags, { timeout: 10_000 }).status === 'vulnerable').map((r) => `${r.where} /${r.source}/${r.flags}`);
}

describe('no ReDoS: every regular expression in the code and the schemas is checked by recheck', function () {
  this.timeout(120_000);

  it('finds no regular expression literal or new RegExp(...) with super-linear backtracking', () => {
    const { patterns, unreadable } = codePatterns();
    assert.deepEqual(unreadable, [], 'build the pattern of new RegExp(...) from constants, so that this test can check it');
    assert.ok(patterns.length > 40, `found only ${patterns.length} regular expressions`);
    const built = patterns.filter((p) => p.where.endsWith('(new RegExp)'));
    assert.ok(built.length >= 5, `found only ${built.length} new RegExp(...): ${built.map((p) => p.where).join(', ')}`);
    assert.ok(built.some((p) => p.source === '^q(\\d{1,2}) (\\d{4}|\\d{2})[/-](\\d{4}|\\d{2})$'), 'a pattern built from a String.raw constant is worked out');
    assert.deepEqual(vulnerable(patterns), []);
  });

  it('finds no schema or setting pattern with super-linear backtracking', () => {
    const patterns = schemaPatterns();
    assert.ok(patterns.length >= 10, `found only ${patterns.length} schema patterns`);
    assert.deepEqual(vulnerable(patterns), []);
  });
});
