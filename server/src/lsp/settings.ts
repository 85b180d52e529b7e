import { dayFromIso } from '../core/periods.js';
import type { RuleSetting } from '../core/rules/rule.js';
import type { EditorSettings } from '../service/workspace.js';

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

/** The client's `cplan` settings section, checked: anything malformed is left out rather than trusted. */
export function readSettings(raw: unknown): EditorSettings {
  const section = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  if (section.rules && typeof section.rules === 'object') {
    for (const [id, value] of Object.entries(section.rules as Record<string, unknown>)) {
      if (typeof value === 'string' && SEVERITIES.has(value)) rules[id] = value as RuleSetting;
    }
  }
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return {
    asOf: typeof section.asOf === 'string' && section.asOf ? dayFromIso(section.asOf) : undefined,
    rules,
    maxFileSize: typeof section.maxFileSize === 'number' && section.maxFileSize > 0 ? section.maxFileSize : undefined,
    include: strings(section.include),
    exclude: strings(section.exclude),
  };
}
