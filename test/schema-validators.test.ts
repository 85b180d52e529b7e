import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parsePlanDocument } from '../server/src/core/document.js';
import { SCHEMAS, type SchemaName } from '../server/src/core/schema/schemas.js';
import { VALIDATORS, type ValidateFunction } from '../server/src/core/schema/validate.js';

// The validators are compiled at build time (scripts/gen-validators.js). They must judge data exactly as ajv
// compiling today's schemas would: this catches a stale generated file and any slip in the rewrite of ajv's
// standalone output.
const examples = path.resolve('examples');

function compiledNow(): Record<SchemaName, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  for (const keyword of ['x-kind', 'x-ref', 'x-pattern-message', 'markdownDescription']) ajv.addKeyword(keyword);
  for (const schema of Object.values(SCHEMAS)) ajv.addSchema(schema);
  return Object.fromEntries(Object.entries(SCHEMAS).map(([name, schema]) => [name, ajv.getSchema(schema.$id)! as ValidateFunction])) as Record<SchemaName, ValidateFunction>;
}

/** Every front matter and block of the examples, with its schema. */
function exampleData(): { name: SchemaName; data: unknown; where: string }[] {
  const out: { name: SchemaName; data: unknown; where: string }[] = [];
  for (const file of fs.readdirSync(examples).filter((f) => f.endsWith('.md'))) {
    const document = parsePlanDocument(path.join(examples, file), fs.readFileSync(path.join(examples, file), 'utf8'));
    if (document.frontMatter) out.push({ name: document.kind === 'framework' ? 'framework-frontmatter' : 'plan-frontmatter', data: document.frontMatter.part.yaml.data, where: `${file} front matter` });
    for (const part of document.blocks) out.push({ name: part.region.blockType as SchemaName, data: part.yaml.data, where: `${file} line ${part.region.open.start}` });
  }
  return out;
}

/** Broken copies of an object: each key removed, an unknown key added, each value swapped for a number and for a list. */
function mutations(data: unknown): unknown[] {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return Array.isArray(data) ? data.flatMap((item) => mutations(item).map((m) => [m])) : [];
  const record = data as Record<string, unknown>;
  const out: unknown[] = [{ ...record, unexpected_key: 1 }];
  for (const key of Object.keys(record)) {
    const { [key]: _removed, ...rest } = record;
    out.push(rest, { ...record, [key]: 42 }, { ...record, [key]: ['x', 'x'] });
  }
  return out;
}

const verdict = (validate: ValidateFunction, data: unknown) => {
  const ok = validate(structuredClone(data));
  return { ok, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).sort() };
};

describe('build-time schema validators', () => {
  it('judge the examples and hundreds of broken copies exactly as ajv compiling the schemas now', () => {
    const now = compiledNow();
    const cases = exampleData();
    assert.ok(cases.length >= 20, `only ${cases.length} parts in the examples`);
    let compared = 0;
    let rejected = 0;
    for (const { name, data, where } of cases) {
      for (const sample of [data, ...mutations(data)]) {
        const expected = verdict(now[name], sample);
        assert.deepEqual(verdict(VALIDATORS[name], sample), expected, `${name} schema, ${where}`);
        compared++;
        if (!expected.ok) rejected++;
      }
    }
    assert.ok(rejected > 200 && compared - rejected >= cases.length, `compared ${compared}, rejected ${rejected}`);
  });

  it('pass the schema itself to messages (verbose), as the messages need descriptions and pattern hints', () => {
    assert.equal(VALIDATORS.workstream({ id: 'WS1', title: 'x', unknown: 1 }), false);
    const error = VALIDATORS.workstream.errors!.find((e) => e.keyword === 'additionalProperties')!;
    assert.ok(error.parentSchema && 'properties' in error.parentSchema, 'parentSchema is there');
    assert.deepEqual(error.data, { id: 'WS1', title: 'x', unknown: 1 });
  });
});
