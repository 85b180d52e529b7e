import type { Rule } from './rule.js';
import { isUnreadable } from '../model.js';
import { unescapePointer } from '../parse/yaml.js';
import { isPlaceholder } from '../values.js';

/** Fields a plan needs filled in; periods are left to `invalid-period` and status to the schema, which name what to write. */
const NEEDED = new Set(['id', 'title', 'organisation', 'value', 'unit', 'source']);

export const placeholderValue: Rule = {
  id: 'placeholder-value',
  defaultSeverity: 'warning',
  description: 'A needed field holds a placeholder (`TODO`, `TBC`, `TBD`, `XXX`, `?`, `n/a`) instead of a value.',
  appliesTo: 'all',
  check({ document, report }) {
    const parts = [...(document.frontMatter ? [document.frontMatter.part] : []), ...document.blocks];
    for (const part of parts) {
      if (isUnreadable(part)) continue;
      for (const [pointer, location] of part.yaml.locations) {
        const key = unescapePointer(pointer.slice(pointer.lastIndexOf('/') + 1));
        if (!NEEDED.has(key)) continue;
        const value = valueAt(part.yaml.data, pointer);
        if (!isPlaceholder(value)) continue;
        const { field, owner } = describe(part.yaml.data, pointer);
        report({
          span: location.value,
          message: `${owner ? `\`${owner}\`: ` : ''}\`${field}\` is still the placeholder \`${String(value).trim()}\`; write the real ${key === 'value' ? 'figure' : key} once it is known.`,
        });
      }
    }
  },
};

/** `target.value` of the metric `WS1-K1`: the field from its nearest owner with an id. */
function describe(data: unknown, pointer: string): { field: string; owner?: string } {
  const segments = pointer.split('/').slice(1).map(unescapePointer);
  for (let n = segments.length - 1; n > 0; n--) {
    const owner = valueAt(data, '/' + segments.slice(0, n).join('/')) as { id?: unknown } | undefined;
    if (owner && typeof owner === 'object' && typeof owner.id === 'string') return { field: segments.slice(n).join('.'), owner: owner.id };
  }
  return { field: segments.filter((s) => !/^\d+$/.test(s)).join('.') };
}

function valueAt(data: unknown, pointer: string): unknown {
  let value: any = data;
  for (const segment of pointer.split('/').slice(1)) value = value?.[unescapePointer(segment)];
  return value;
}
