import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { LspClient, exampleWorkspace } from './helpers/lsp.js';

const PLAN = `---
kind: commissioning-plan
id: snippet-plan
title: Snippets
organisation: Test
period: 2025/26
framework: builtin:ncl-cancer-2023-28
---

`;
const FRAMEWORK = `---
kind: commissioning-framework
id: snippet-framework
title: Snippets
---

\`\`\`yaml aims
- id: SA1
  title: One
\`\`\`

`;
const README = '# Notes\n\nSome text about plans.\n\n';

const items = (answer: CompletionItem[] | CompletionList | null) => (Array.isArray(answer) ? answer : answer?.items ?? []);

/** The block skeletons that were once editor snippets for every Markdown file now come from the server, in cplan documents only. */
describe('language server: block snippets only in plans and frameworks', function () {
  this.timeout(30_000);
  let client: LspClient;
  afterEach(async () => client?.stop());

  async function completeAtEnd(name: string, text: string): Promise<CompletionItem[]> {
    const uri = await client.open(name, text);
    const lines = text.split('\n');
    const position = { line: lines.length - 1, character: 0 };
    return items(await client.request('textDocument/completion', { textDocument: { uri }, position }));
  }

  it('offers the workstream, aims and priorities blocks in a plan, aims and priorities in a framework, nothing in a README', async () => {
    client = await LspClient.start({ root: exampleWorkspace() });
    const plan = await completeAtEnd('snippet-plan.md', PLAN);
    assert.deepEqual(plan.map((i) => i.label), ['cplan: workstream block', 'cplan: aims block', 'cplan: priorities block']);
    const aims = plan.find((i) => i.label === 'cplan: aims block')!;
    assert.equal((aims.textEdit as { newText: string }).newText, '```yaml aims\n- id: ${1:A1}\n  title: ${2:Improve survival through earlier diagnosis}\n```\n$0');
    const framework = await completeAtEnd('snippet-framework.md', FRAMEWORK);
    assert.deepEqual(framework.map((i) => i.label), ['cplan: aims block', 'cplan: priorities block']);
    assert.match((framework[0].textEdit as { newText: string }).newText, /^```yaml aims\n- id: \$\{1:SA2\}\n/, 'numbered after the framework’s last aim');
    assert.deepEqual(await completeAtEnd('README.md', README), [], 'a plain Markdown file gets no cplan snippet');
  });

  it('the extension contributes no editor snippets to every Markdown file', async () => {
    const { default: fs } = await import('node:fs');
    const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { contributes: Record<string, unknown>; categories: string[] };
    assert.equal(manifest.contributes.snippets, undefined);
    assert.ok(!fs.existsSync('snippets'), 'snippets/ is gone');
  });
});
