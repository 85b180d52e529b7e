import assert from 'node:assert/strict';
import fs from 'node:fs';
import { RULES } from '../server/src/core/rules/index.js';
import { renderManifest } from '../server/src/core/rule-docs.js';

const ROOT = new URL('../..', import.meta.url);
const text = fs.readFileSync(new URL('package.json', ROOT), 'utf8');
const manifest = JSON.parse(text) as {
  icon?: string;
  contributes: { configuration: { properties: Record<string, { scope?: string; properties?: Record<string, { enum: string[]; default: string }> }> }; snippets?: unknown };
};
const settings = manifest.contributes.configuration.properties;

/** The VS Code conventions of issue 19 that live in the manifest. */
describe('VS Code manifest conventions', () => {
  it('cplan.rules names every rule id, with its severities and default, as generated from the registry', () => {
    const properties = settings['cplan.rules'].properties!;
    assert.deepEqual(Object.keys(properties), RULES.map((rule) => rule.id));
    for (const rule of RULES) {
      assert.deepEqual(properties[rule.id].enum, ['off', 'info', 'warning', 'error']);
      assert.equal(properties[rule.id].default, rule.defaultSeverity);
    }
    assert.equal(renderManifest(text, RULES), text, 'package.json is stale: run `npm run build && node scripts/gen-rule-docs.js`');
  });

  it('the staleness check fails when a rule is added and package.json is not regenerated', () => {
    const added = { ...RULES[0], id: 'brand-new-rule' };
    assert.notEqual(renderManifest(text, [...RULES, added]), text);
  });

  it('every setting that can differ per folder is scoped resource; the trace is per window', () => {
    for (const [name, setting] of Object.entries(settings)) {
      assert.equal(setting.scope, name === 'cplan.trace.server' ? 'window' : 'resource', name);
    }
  });

  it('has an icon: a 128×128 PNG in the package', () => {
    assert.equal(manifest.icon, 'images/icon.png');
    const png = fs.readFileSync(new URL(manifest.icon, ROOT));
    assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(png.length < 20_000, `small: ${png.length} bytes`);
  });
});
