import { checkstyle } from './checkstyle.js';
import { compact, unix } from './eslint-formats.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

export type FormatName = 'stylish' | 'json' | 'sarif' | 'github' | 'gitlab' | 'compact' | 'unix' | 'junit' | 'checkstyle';

/** A null-prototype object, so `name in FORMATTERS` is true only for real format names. */
export const FORMATTERS: Record<FormatName, Formatter> = Object.freeze(
  Object.assign(Object.create(null) as Record<FormatName, Formatter>, { stylish, json, sarif, github, gitlab, compact, unix, junit, checkstyle }),
);

export type { FileReport, Formatter, FormatContext, ReportMessage, RuleInfo } from './types.js';
