import assert from 'node:assert/strict';
import { commonmarkFences, scannedFences, specExamples } from './helpers/commonmark-oracle.js';

/** Spec examples whose fences the scanner reads differently from CommonMark on purpose, each with why. */
const EXCLUDED = new Map<number, string>([]);

describe('line scanner agrees with commonmark.js on every CommonMark spec example', () => {
  const examples = specExamples();

  it('has the whole 0.31.2 spec', () => assert.equal(examples.length, 652));

  for (const example of examples) {
    const reason = EXCLUDED.get(example.number);
    const title = `example ${example.number} (${example.section})`;
    if (reason) {
      it.skip(`${title}: ${reason}`);
      continue;
    }
    it(title, () => {
      const expected = commonmarkFences(example.markdown);
      const got = scannedFences(example.markdown);
      assert.deepEqual(got.fences, expected.fences, JSON.stringify(example.markdown));
      assert.equal(got.frontMatter, expected.frontMatter);
    });
  }
});
