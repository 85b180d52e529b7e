import { parsePlanDocument } from '../document.js';
import type { PlanDocument } from '../model.js';
import { BUILTIN_FRAMEWORK_TEXTS } from './generated.js';

export const BUILTIN_PREFIX = 'builtin:';

export function builtinFrameworkNames(): string[] {
  return Object.keys(BUILTIN_FRAMEWORK_TEXTS);
}

const parsed = new Map<string, PlanDocument>();

/** The built-in framework `builtin:<name>`, parsed once per process; its path is the `builtin:` URI. */
export function builtinFramework(name: string): PlanDocument | undefined {
  const text = Object.prototype.hasOwnProperty.call(BUILTIN_FRAMEWORK_TEXTS, name) ? BUILTIN_FRAMEWORK_TEXTS[name] : undefined;
  if (text === undefined) return undefined;
  let document = parsed.get(name);
  if (!document) {
    document = parsePlanDocument(`${BUILTIN_PREFIX}${name}`, text);
    parsed.set(name, document);
  }
  return document;
}
