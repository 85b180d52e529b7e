import type { Rule } from './rule.js';
import { isUnreadable } from '../model.js';
import { escapePointer, unescapePointer } from '../parse/yaml.js';
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
      // Walks the data, not the location table: placing every node of a 15,000-line plan on each keystroke
      // cost more than all the other rules together; only a placeholder's own node is placed.
      forEachPlaceholder(part.yaml.data, '', (pointer, key, value) => {
        const location = part.yaml.locations.get(pointer);
        if (!location) return;
        const { field, owner } = describe(part.yaml.data, pointer);
        report({
          span: location.value,
          message: `${owner ? `\`${owner}\`: ` : ''}\`${field}\` is still the placeholder \`${value.trim()}\`; write the real ${key === 'value' ? 'figure' : key} once it is known.`,
        });
      });
    }
  },
};

function forEachPlaceholder(data: unknown, pointer: string, found: (pointer: string, key: string, value: string) => void): void {
  if (!data || typeof data !== 'object') return;
  if (Array.isArray(data)) {
    data.forEach((item, index) => forEachPlaceholder(item, `${pointer}/${index}`, found));
    return;
  }
  for (const [key, value] of Object.entries(data)) {
    const here = `${pointer}/${escapePointer(key)}`;
    if (typeof value === 'string') {
      if (NEEDED.has(key) && isPlaceholder(value)) found(here, key, value);
    } else forEachPlaceholder(value, here, found);
  }
}

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
