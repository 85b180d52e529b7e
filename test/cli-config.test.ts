import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { RULES } from '../server/src/core/rules/index.js';
import { cplan, example, tempTree } from './helpers/cli.js';

// `cplan init`, `--print-config`, and configs written as .cplanrc.yml, .cplanrc.json or package.json "cplan" (issue 19).

const WITH_PROBLEMS = example('ncl-adt-2025-26-with-problems.md');
const rulesOf = (stdout: string) => (JSON.parse(stdout)[0].messages as { ruleId: string }[]).map((m) => m.ruleId);

describe('cplan init', function () {
  this.timeout(60_000);

  it('writes a commented .cplanrc.yaml that sets every rule to its default and nothing else', () => {
    const dir = tempTree({ 'plan.md': WITH_PROBLEMS });
    const before = cplan(['lint', '--format', 'json'], dir).stdout;
    const run = cplan(['init'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /wrote \.cplanrc\.yaml/);
    const text = fs.readFileSync(path.join(dir, '.cplanrc.yaml'), 'utf8');
    assert.deepEqual(parse(text), { rules: Object.fromEntries(RULES.map((r) => [r.id, r.defaultSeverity])) });
    for (const key of ['as_of', 'include', 'exclude', 'frameworks', 'max_file_size', 'progress']) assert.match(text, new RegExp(`^# ${key}:( |$)`, "m"), `${key} is shown, commented out`);
    assert.equal(cplan(['lint', '--format', 'json'], dir).stdout, before, 'the written config changes no finding');
  });

  it('never overwrites a config unless --force is given', () => {
    const dir = tempTree({ '.cplanrc.yaml': 'rules: {missing-metrics: error}\n' });
    const refused = cplan(['init'], dir);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /\.cplanrc\.yaml already exists; cplan init never overwrites it \(add --force/);
    assert.equal(fs.readFileSync(path.join(dir, '.cplanrc.yaml'), 'utf8'), 'rules: {missing-metrics: error}\n');
    assert.equal(cplan(['init', '--force'], dir).code, 0);
    assert.match(fs.readFileSync(path.join(dir, '.cplanrc.yaml'), 'utf8'), /^rules:\n {2}file-too-large: +error/m);
  });
});

describe('--print-config', function () {
  this.timeout(60_000);

  it('prints the config that applies to a file: its config file, every rule after --rule, and the other keys', () => {
    const dir = tempTree({ 'team/.cplanrc.yaml': 'as_of: 2025-06-30\nrules: {missing-metrics: error}\nframeworks: [./frameworks]\n' });
    const run = cplan(['lint', '--print-config', 'team/sub/plan.md', '--rule', 'placeholder-value=off'], dir);
    assert.equal(run.code, 0, run.stderr);
    const config = JSON.parse(run.stdout);
    assert.equal(config.file, path.join(dir, 'team/sub/plan.md'));
    assert.equal(config.configFile, path.join(dir, 'team/.cplanrc.yaml'));
    assert.equal(config.asOf, '2025-06-30');
    assert.deepEqual(Object.keys(config.rules), RULES.map((r) => r.id));
    assert.equal(config.rules['missing-metrics'], 'error');
    assert.equal(config.rules['placeholder-value'], 'off');
    assert.equal(config.rules['yaml-syntax'], 'error');
    assert.deepEqual(config.frameworks, [path.join(dir, 'team/frameworks')]);
    const none = JSON.parse(cplan(['lint', '--print-config', 'elsewhere.md'], dir).stdout);
    assert.equal(none.configFile, null);
  });
});

describe('config file names', function () {
  this.timeout(60_000);
  const OFF = { rules: { 'missing-metrics': 'off' } };

  for (const [name, text] of [
    ['.cplanrc.yml', 'rules:\n  missing-metrics: "off"\n'],
    ['.cplanrc.json', JSON.stringify(OFF)],
    ['package.json', JSON.stringify({ name: 'plans', private: true, cplan: OFF })],
  ] as const) {
    it(`${name} is read like .cplanrc.yaml`, () => {
      const dir = tempTree({ 'plans/plan.md': WITH_PROBLEMS, [`plans/${name}`]: text });
      const run = cplan(['lint', 'plans', '--format', 'json'], dir);
      assert.equal(run.code, 1, run.stderr);
      assert.ok(!rulesOf(run.stdout).includes('missing-metrics'));
      assert.equal(JSON.parse(cplan(['lint', '--print-config', 'plans/plan.md'], dir).stdout).configFile, path.join(dir, 'plans', name));
    });
  }

  it('a package.json without a cplan key is no config: the search goes on upwards', () => {
    const dir = tempTree({ '.cplanrc.yaml': 'rules: {missing-metrics: "off"}\n', 'plans/package.json': '{"name": "plans"}', 'plans/plan.md': WITH_PROBLEMS });
    assert.ok(!rulesOf(cplan(['lint', 'plans', '--format', 'json'], dir).stdout).includes('missing-metrics'));
  });

  it('two configs in one folder are an error naming both, and broken JSON says where', () => {
    const two = tempTree({ 'plan.md': WITH_PROBLEMS, '.cplanrc.yaml': 'rules: {}\n', '.cplanrc.json': '{}' });
    const run = cplan(['lint'], two);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /has 2 cplan configs, \.cplanrc\.yaml and \.cplanrc\.json; keep one/);
    const broken = tempTree({ 'plan.md': WITH_PROBLEMS, '.cplanrc.json': '{"rules": {' });
    const bad = cplan(['lint'], broken);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /\.cplanrc\.json: invalid JSON: /);
    const wrong = tempTree({ 'plan.md': WITH_PROBLEMS, 'package.json': '{"cplan": "strict"}' });
    assert.match(cplan(['lint'], wrong).stderr, /package\.json: `cplan` must be an object of config keys/);
    const invalid = tempTree({ 'plan.md': WITH_PROBLEMS, '.cplanrc.json': '{"rules": {"missing-metrics": "loud"}}' });
    assert.match(cplan(['lint'], invalid).stderr, /\.cplanrc\.json: .*missing-metrics.* must be one of off, info, warning, error/);
  });
});
