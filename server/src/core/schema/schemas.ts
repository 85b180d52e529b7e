import planFrontmatter from '../../../../schemas/plan-frontmatter.schema.json' with { type: 'json' };
import frameworkFrontmatter from '../../../../schemas/framework-frontmatter.schema.json' with { type: 'json' };
import aims from '../../../../schemas/aims.schema.json' with { type: 'json' };
import priorities from '../../../../schemas/priorities.schema.json' with { type: 'json' };
import workstream from '../../../../schemas/workstream.schema.json' with { type: 'json' };
import metric from '../../../../schemas/metric.schema.json' with { type: 'json' };
import cplanrc from '../../../../schemas/cplanrc.schema.json' with { type: 'json' };
import importMap from '../../../../schemas/import-map.schema.json' with { type: 'json' };

/** A JSON Schema as a plain object; typed loosely because schemas are data. */
export type JsonSchema = Record<string, any>;

export const SCHEMAS = {
  'plan-frontmatter': planFrontmatter as JsonSchema,
  'framework-frontmatter': frameworkFrontmatter as JsonSchema,
  aims: aims as JsonSchema,
  priorities: priorities as JsonSchema,
  workstream: workstream as JsonSchema,
  metric: metric as JsonSchema,
  cplanrc: cplanrc as JsonSchema,
  'import-map': importMap as JsonSchema,
};

export type SchemaName = keyof typeof SCHEMAS;
