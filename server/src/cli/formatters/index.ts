import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

export type FormatName = 'stylish' | 'json' | 'sarif' | 'github' | 'gitlab';

/** A null-prototype object, so `name in FORMATTERS` is true only for real format names. */
export const FORMATTERS: Record<FormatName, Formatter> = Object.freeze(
  Object.assign(Object.create(null) as Record<FormatName, Formatter>, { stylish, json, sarif, github, gitlab }),
);

export type { FileReport, Formatter, FormatContext, ReportMessage, RuleInfo } from './types.js';
