import assert from 'node:assert/strict';
import { cplan, tempTree } from './helpers/cli.js';
import { LspClient, exampleWorkspace } from './helpers/lsp.js';

// Every rule's page shows `rules: {<id>: <severity>}`; the config schema once listed all rules but
// file-too-large, so that setting was a config error: `cplan lint` exited 2 and the server dropped the file.
const PLAN = `---
kind: commissioning-plan
id: big-plan
title: Big plan
organisation: North Central London Cancer Alliance
period: 2025/26
as_of: 2025-06-30
---

# Big plan

${'The pathway map agreed at the July delivery group.\n'.repeat(100)}`;

interface JsonResult {
  filePath: string;
  messages: { ruleId: string; severity: number }[];
}

describe('a severity for every rule in .cplanrc.yaml', function () {
  this.timeout(30_000);

  it('cplan lint takes `rules: {file-too-large: warning}` and reports the rule as a warning', () => {
    const dir = tempTree({ '.cplanrc.yaml': 'rules: {file-too-large: warning}\nmax_file_size: 2000\n', 'big.md': PLAN });
    const run = cplan(['lint', 'big.md', '--format', 'json'], dir);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0, 'a warning only: exit 0');
    const [result] = JSON.parse(run.stdout) as JsonResult[];
    assert.deepEqual(result.messages.map((m) => [m.ruleId, m.severity]), [['file-too-large', 1]]);
  });

  describe('the language server', () => {
    let client: LspClient | undefined;
    afterEach(async () => client?.stop());

    it('honours every setting of a config that sets file-too-large', async () => {
      const config = 'rules:\n  file-too-large: warning\n  duplicate-id: "off"\nmax_file_size: 16384\n';
      client = await LspClient.start({ root: exampleWorkspace({ '.cplanrc.yaml': config }) });
      const problems = await client.diagnostics(client.uri('ncl-adt-2025-26-with-problems.md'), (p) => p.diagnostics.length > 0);
      assert.ok(problems.diagnostics.some((d) => d.code === 'unknown-aim'), 'the plan is checked');
      assert.deepEqual(problems.diagnostics.filter((d) => d.code === 'duplicate-id'), [], 'duplicate-id is off');
      const big = await client.diagnostics(client.uri('ncl-long-term-plan-cancer.md'), (p) => p.diagnostics.length > 0);
      assert.deepEqual(big.diagnostics.map((d) => [d.code, d.severity]), [['file-too-large', 2]], 'over max_file_size, reported as a warning');
    });
  });
});
