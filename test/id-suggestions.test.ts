import { strict as assert } from 'node:assert';
import type { CodeAction } from 'vscode-languageserver';
import { lintText } from '../server/src/index.js';
import { normaliseId, plausibleIds } from '../server/src/core/suggest.js';
import { LspClient, exampleWorkspace } from './helpers/lsp.js';

const PRIORITIES = Array.from({ length: 17 }, (_, i) => `ADTDG-${i + 1}`);
const AIMS = ['SA1', 'SA2', 'SA3', 'SA4', 'SA5', 'SA6'];

/** A plan on the built-in framework whose one workstream names `aims` and `priorities` as written. */
function plan(aims: string, priorities: string): string {
  return `---
kind: commissioning-plan
id: p
title: P
organisation: NCL
period: 2024/25-2025/26
framework: builtin:ncl-cancer-2023-28
as_of: 2025-06-30
---

\`\`\`yaml workstream
id: WS1
title: W
aims: [${aims}]
priorities: [${priorities}]
metrics:
  - {id: WS1-K1, title: K, unit: "%", baseline: {value: 1, period: 2023/24}, target: {value: 2, due: Q4 2024/25}, source: CWT, breakdown: [deprivation]}
\`\`\`
`;
}

function unknownRefs(text: string) {
  return lintText(text).messages.filter((m) => m.ruleId === 'unknown-aim' || m.ruleId === 'unknown-priority');
}

// Each spelling the issue names, and the one id it normalises to.
const SPELLINGS: Array<[written: string, meant: string]> = [
  ['ADTDG-03', 'ADTDG-3'], ['ADTDG 3', 'ADTDG-3'], ['ADTDG3', 'ADTDG-3'], ['adtdg-6', 'ADTDG-6'], ['SA 4', 'SA4'], ['sa2', 'SA2'],
];

describe('id suggestions', () => {
  it('normalises case, spaces, separators and leading zeros', () => {
    assert.deepEqual(['ADTDG-03', 'ADTDG 3', 'ADTDG3', 'adtdg-3', 'adtdg_003'].map(normaliseId), Array(5).fill('ADTDG3'));
    assert.equal(normaliseId('WS1-M10'), 'WS1M10', 'zeros inside a number stay');
    assert.equal(normaliseId('SA0'), 'SA0', 'a lone zero stays');
  });

  it('suggests only the id a spelling normalises to', () => {
    for (const [written, meant] of SPELLINGS) assert.deepEqual(plausibleIds(written, [...AIMS, ...PRIORITIES]), [meant], written);
  });

  it('lists only plausible candidates: a changed digit is another id, a doubled or dropped one a slip', () => {
    assert.deepEqual(plausibleIds('ADTDG-33', PRIORITIES), ['ADTDG-3'], 'a doubled 3, not ADTDG-13');
    assert.deepEqual(plausibleIds('ADTDG-18', PRIORITIES), ['ADTDG-1', 'ADTDG-8'], 'one digit too many, not ADTDG-10..17');
    assert.deepEqual(plausibleIds('ADTGD-3', PRIORITIES), ['ADTDG-3'], 'two letters swapped');
    assert.deepEqual(plausibleIds('SA7', AIMS), [], 'no aim is closer to SA7 than another');
    assert.deepEqual(plausibleIds('WS9', ['WS1', 'WS2', 'WS3', 'WS4']), []);
  });

  it('offers every id a spelling normalises to when there is more than one', () => {
    assert.deepEqual(plausibleIds('ws1', ['WS1', 'Ws1', 'WS2']).sort(), ['WS1', 'Ws1']);
  });

  it('names the one id in the message of each spelling, and no other', () => {
    for (const [written, meant] of SPELLINGS) {
      const isAim = /^sa/i.test(written);
      const found = unknownRefs(plan(isAim ? `SA1, ${written}` : 'SA1', isAim ? 'ADTDG-1' : written));
      assert.equal(found.length, 1, `${written}: ${found.map((m) => m.message).join(' | ')}`);
      assert.ok(found[0].message.endsWith(`Did you mean \`${meant}\`?`), found[0].message);
    }
  });

  it('says which ids there are when none is plausible and they are few, and leaves a long list out', () => {
    const [aim, priority] = unknownRefs(plan('SA1, SA7', 'ADTDG-XX'));
    assert.match(aim.message, /Unknown aim `SA7`.*\. The aims defined are `SA1`, `SA2`, `SA3`, `SA4`, `SA5`, `SA6`\. Define it in an `aims` block or fix the id\.$/);
    assert.doesNotMatch(aim.message, /Did you mean/);
    assert.doesNotMatch(priority.message, /Did you mean|defined are/);
  });

  describe('over the protocol', function () {
    this.timeout(30_000);
    let client: LspClient;
    afterEach(async () => client?.stop());

    it('each spelling gets one preferred quick fix to the id it normalises to; several plausible ids get none preferred', async () => {
      const text = plan('SA1, SA 4, sa2', 'ADTDG-03, ADTDG 3, ADTDG3, adtdg-6, ADTDG-18');
      client = await LspClient.start({ root: exampleWorkspace({ 'ids.md': text }) });
      const uri = await client.open('ids.md');
      const { diagnostics } = await client.diagnostics(uri, (p) => p.version === 1);
      const actionsOf = async (written: string) => {
        const diagnostic = diagnostics.find((d) => String(d.message).includes(`\`${written}\``));
        assert.ok(diagnostic, `a diagnostic for ${written}`);
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
        return actions.map((a) => [a.title, a.isPreferred === true, a.edit?.changes?.[uri]?.[0]?.newText]);
      };
      for (const [written, meant] of SPELLINGS) assert.deepEqual(await actionsOf(written), [[`Change to \`${meant}\``, true, meant]], written);
      assert.deepEqual(await actionsOf('ADTDG-18'), [['Change to `ADTDG-1`', false, 'ADTDG-1'], ['Change to `ADTDG-8`', false, 'ADTDG-8']]);
    });
  });
});
