import { parsePlanDocument } from '../../server/src/core/document.js';
import { lintDocument, type Diagnostic } from '../../server/src/core/lint.js';
import { linkDocument, type Linked, type LintSettings } from '../../server/src/core/link.js';
import { todayDay } from '../../server/src/core/periods.js';
import type { FrameworkResolution } from '../../server/src/core/rules/rule.js';
import type { PlanDocument } from '../../server/src/core/model.js';

/** Text with «marked» spans: returns the plain text and each marked span's offsets and content. */
export function marked(source: string): { text: string; spans: { start: number; end: number; text: string }[] } {
  let text = '';
  const spans: { start: number; end: number; text: string }[] = [];
  const open: number[] = [];
  for (const ch of source) {
    if (ch === '«') open.push(text.length);
    else if (ch === '»') {
      const start = open.pop()!;
      spans.push({ start, end: text.length, text: text.slice(start) });
    } else text += ch;
  }
  if (open.length) throw new Error('unbalanced « in fixture');
  spans.sort((a, b) => a.start - b.start);
  return { text, spans };
}

export interface Linted {
  document: PlanDocument;
  diagnostics: Diagnostic[];
  spans: { start: number; end: number; text: string }[];
  /** The diagnostics of one rule as "line:col-line:col text" of their ranges, for readable assertions. */
  of(ruleId: string): Diagnostic[];
}

/** Links a document as a caller that already knows its settings and framework resolution would. */
export function linkWith(document: PlanDocument, settings: LintSettings = {}, resolution?: FrameworkResolution): Linked {
  const unresolved: FrameworkResolution = { ok: false, message: 'no framework given to the test' };
  return linkDocument(document, { resolveFramework: () => resolution ?? unresolved, settings: () => settings, today: todayDay });
}

export function lintFixture(source: string, settings: LintSettings = {}, framework?: PlanDocument | FrameworkResolution): Linted {
  const { text, spans } = marked(source);
  const document = parsePlanDocument('/work/plan.md', text);
  const resolution: FrameworkResolution | undefined = framework && 'ok' in framework ? framework : framework ? { ok: true, document: framework as PlanDocument } : undefined;
  const diagnostics = lintDocument(linkWith(document, settings, resolution));
  return { document, diagnostics, spans, of: (id) => diagnostics.filter((d) => d.ruleId === id) };
}

export function frameworkDoc(source: string, path = '/work/framework.md'): PlanDocument {
  return parsePlanDocument(path, marked(source).text);
}

/** A clean plan to vary in tests; `{{AIMS}}`-style holes keep each test to the lines that matter. */
export function plan(parts: { frontMatter?: string; body: string }): string {
  return `---
kind: commissioning-plan
id: test-plan
title: Test plan
organisation: NCL Cancer Alliance
period: 2024/25
as_of: 2024-06-30
${parts.frontMatter ?? ''}---

# Test plan

${parts.body}`;
}

export const AIMS_BLOCK = '```yaml aims\n- id: A1\n  title: Improve early diagnosis\n- id: A2\n  title: Reduce health inequalities\n```\n';

export function workstream(body: string): string {
  return '```yaml workstream\n' + body.replace(/^\n/, '') + '```\n';
}

export const GOOD_METRICS = `metrics:
  - id: WS1-K1
    title: Faster Diagnosis Standard
    unit: "%"
    baseline: {value: 70, period: 2023/24}
    target: {value: 77, due: Q4 2024/25}
    source: Cancer Waiting Times
    breakdown: [deprivation]
`;
