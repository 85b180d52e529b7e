import type { ReportMessage } from './types.js';

/**
 * What identifies a finding across runs, for SARIF `partialFingerprints` and GitLab `fingerprint`: rule, file,
 * the entity and YAML path it is about, and its message with what changes from day to day taken out (dates,
 * day counts, "did you mean" suggestions that grow with the plan), so an overdue milestone stays one alert
 * from one review date to the next. Line numbers are left out, so inserting lines above moves nothing.
 */
export function findingIdentity(ruleId: string, file: string, m: Pick<ReportMessage, 'message' | 'subject'>): string[] {
  return [ruleId, file, m.subject ?? '', messageTemplate(m.message)];
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*';
const DATE = new RegExp(`\\b\\d{1,2} ${MONTH} \\d{4}\\b|\\b\\d{4}-\\d{2}-\\d{2}\\b`, 'g');
const NUMBER = /\b\d+(?:[.,]\d+)*\b/g;
const SUGGESTION = ' Did you mean ';

// With no plausible id, an unknown-reference message lists the ids defined instead (see rules/helpers.ts).
const DEFINED_IDS = / The (?:aims|priorities|workstreams) defined are (?:`[^`]*`(?:, )?)+\./g;

/** The message without its "Did you mean ...?" sentences and lists of defined ids: other ids added to the plan change them. */
function withoutSuggestions(message: string): string {
  let text = message.replace(DEFINED_IDS, '');
  for (let at = text.indexOf(SUGGESTION); at >= 0; at = text.indexOf(SUGGESTION, at)) {
    const end = text.indexOf('?', at);
    text = text.slice(0, at) + (end < 0 ? '' : text.slice(end + 1));
  }
  return text;
}

/** The message with dates and numbers outside `code` replaced, and suggestions dropped; code spans (ids, values) stay. */
export function messageTemplate(message: string): string {
  return withoutSuggestions(message)
    .split(/(`[^`]*`)/)
    .map((piece, i) => (i % 2 === 1 ? piece : piece.replace(DATE, 'DATE').replace(NUMBER, 'N')))
    .join('');
}

/** Numbers findings whose identity is the same (a repeated id, say), so each still gets its own fingerprint. */
export class Occurrences {
  private readonly seen = new Map<string, number>();

  /** The identity with its occurrence number appended. */
  next(identity: string[]): string[] {
    const key = identity.join('\u0000');
    const occurrence = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, occurrence);
    return [...identity, String(occurrence)];
  }
}
