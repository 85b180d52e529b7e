import type { Rule } from './rule.js';
import { parsePeriod, parsePlanPeriod } from '../periods.js';

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

export const invalidPeriod: Rule = {
  id: 'invalid-period',
  defaultSeverity: 'error',
  description: 'A period or date value cannot be read as an NHS financial period or a real date.',
  appliesTo: 'all',
  check({ document, report, unknown }) {
    const planPeriod = document.frontMatter?.period;
    if (planPeriod) {
      const result = parsePlanPeriod(planPeriod.value);
      if (!result.ok) report({ span: planPeriod.span, message: result.message });
    }
    // `Year 2` needs the plan's period; with the front matter not valid YAML, that period is unknown, not missing.
    const readsWithAPeriod = (text: string) => parsePeriod(text, { firstFinancialYear: 2000, planFinancialYear: 2000 }).ok;
    for (const period of document.periods) {
      if (period.result.ok || period.result.unscheduled || (unknown.frontMatter && readsWithAPeriod(period.text))) continue;
      report({ span: period.span, message: period.result.message });
    }
    // Dates of the wrong shape are schema errors; here only well-shaped dates that do not exist.
    for (const date of document.dates) {
      if (date.day === undefined && DATE_SHAPE.test(date.text)) {
        report({ span: date.span, message: `\`${date.text}\` is not a real date; check the month and day (YYYY-MM-DD).` });
      }
    }
  },
};
