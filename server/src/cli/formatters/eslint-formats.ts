import compactFormat from 'eslint-formatter-compact';
import unixFormat from 'eslint-formatter-unix';
import { eslintResults, type JsonResult } from './json.js';
import type { Formatter } from './types.js';

/**
 * `compact` and `unix` are ESLint's own formatters (published by the ESLint team) fed with the ESLint-shaped
 * results of `--format json`, so each reads exactly as its consumers expect it from ESLint (Vim's
 * `:compiler eslint` reads compact, Vim's default 'errorformat' and Emacs `M-x compile` read unix). ESLint's
 * junit and checkstyle formatters name ESLint as the tool and escape text inside CDATA, so those two are ours
 * (`junit.ts`, `checkstyle.ts`) and ESLint's serve as their test oracle.
 */
type EslintFormatter = (results: JsonResult[]) => string;

/** One finding per line: a message never carries a line break into a line-oriented format. */
function oneLine(results: JsonResult[]): JsonResult[] {
  return results.map((result) => ({ ...result, messages: result.messages.map((m) => ({ ...m, message: m.message.split(/\r\n|\r|\n/).map((line) => line.trim()).filter((line) => line).join(' ') })) }));
}

const through = (format: unknown): Formatter => (reports) => (format as EslintFormatter)(oneLine(eslintResults(reports)));

export const compact = through(compactFormat);
export const unix = through(unixFormat);
