import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { LspClient, exampleWorkspace } from './helpers/lsp.js';
import { cplan } from './helpers/cli.js';

interface ImportResult { text?: string; log: string; exitCode: number }

/** `cplan/import`, what the VS Code command Import Tracker... asks the server for. */
describe('language server: cplan/import', function () {
  this.timeout(60_000);
  let client: LspClient;
  let root: string;
  before(async () => {
    root = exampleWorkspace();
    client = await LspClient.start({ root });
  });
  after(async () => client?.stop());

  for (const tracker of ['ncl-adtdg-intentions-2025-26.xlsx', 'ncl-ltp-year-1.csv']) {
    it(`imports ${tracker} exactly as \`cplan import --dry-run\` does, and writes nothing`, async () => {
      const file = path.join(root, 'trackers', tracker);
      const before = fs.readdirSync(path.dirname(file));
      const result = await client.request<ImportResult>('cplan/import', { tracker: file, asOf: '2025-06-30' });
      const cli = cplan(['import', tracker, '--dry-run', '--as-of', '2025-06-30'], path.dirname(file));
      assert.equal(result.exitCode, cli.code);
      assert.equal(result.text, cli.stdout, 'the same plan as the CLI');
      assert.match(result.text!, /^---\nkind: commissioning-plan\n/);
      assert.match(result.log, /columns:\n/, 'the column mapping is in the log');
      assert.deepEqual(fs.readdirSync(path.dirname(file)), before);
    });
  }

  it('says what is wrong, without a stack trace, for a missing tracker, a file that is no tracker, and bad params', async () => {
    const missing = await client.request<ImportResult>('cplan/import', { tracker: path.join(root, 'trackers', 'nope.xlsx') });
    assert.equal(missing.exitCode, 2);
    assert.equal(missing.text, undefined);
    assert.match(missing.log, /^cplan: .*nope\.xlsx/m);
    const notZip = path.join(root, 'not-a-sheet.xlsx');
    fs.writeFileSync(notZip, 'plain text, not a workbook');
    const bad = await client.request<ImportResult>('cplan/import', { tracker: notZip });
    assert.equal(bad.exitCode, 2);
    assert.match(bad.log, /^cplan: /m);
    for (const params of [{}, { tracker: 'relative.csv' }, { tracker: 7 }]) {
      const answer = await client.request<ImportResult>('cplan/import', params);
      assert.equal(answer.exitCode, 2);
      assert.match(answer.log, /absolute path of a tracker/);
    }
    for (const log of [missing.log, bad.log]) assert.doesNotMatch(log, /\n\s+at /, 'no stack trace');
    await client.settled();
  });
});
