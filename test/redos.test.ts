import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { checkSync } from 'recheck';
import { REPO_ROOT } from './helpers/cli.js';

// In-process checking: the default backend (a synckit worker driving recheck's native agent) sometimes left the
// agent running after the suite, and mocha then never exited (CI ran out of time waiting for it).
process.env.RECHECK_SYNC_BACKEND = 'pure';

/** Every regular expression literal in the shipped code, with where it is. */
function regexLiterals(): { source: string; flags: string; where: string }[] {
  const found: { source: string; flags: string; where: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const file = ts.createSourceFile(full, fs.readFileSync(full, 'utf8'), ts.ScriptTarget.Latest, true);
        const visit = (node: ts.Node) => {
          if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
            const text = node.getText(file);
            const end = text.lastIndexOf('/');
            found.push({ source: text.slice(1, end), flags: text.slice(end + 1), where: `${path.relative(REPO_ROOT, full)}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}` });
          }
          ts.forEachChild(node, visit);
        };
        visit(file);
      }
    }
  };
  walk(path.join(REPO_ROOT, 'server', 'src'));
  walk(path.join(REPO_ROOT, 'client', 'src'));
  return found;
}

describe('no ReDoS: every regular expression in the code is checked by recheck', function () {
  this.timeout(120_000);

  it('finds no regular expression with super-linear backtracking', () => {
    const literals = regexLiterals();
    assert.ok(literals.length > 40, `found only ${literals.length} regular expressions`);
    const vulnerable = literals.filter((r) => checkSync(r.source, r.flags, { timeout: 10_000 }).status === 'vulnerable');
    assert.deepEqual(vulnerable.map((r) => `${r.where} /${r.source}/${r.flags}`), []);
  });
});
