import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { validateData } from '../core/schema/validate.js';
import { dayFromIso, type Day } from '../core/periods.js';
import type { RuleSetting } from '../core/rules/rule.js';
import type { ProgressSettings } from '../core/link.js';

export const CONFIG_FILE = '.cplanrc.yaml';

/** `.cplanrc.yaml`, read and checked; paths in it are relative to its folder. */
export interface Config {
  /** The file it came from; undefined for the empty default. */
  path?: string;
  dir: string;
  rules: Record<string, RuleSetting>;
  asOf?: Day;
  include: string[];
  exclude: string[];
  /** Absolute folders searched for frameworks named by id. */
  frameworks: string[];
  maxFileSize?: number;
  progress?: ProgressSettings;
}

export class ConfigError extends Error {}

export function emptyConfig(dir: string): Config {
  return { dir, rules: {}, include: [], exclude: [], frameworks: [] };
}

/** Reads and validates a config file; a broken one is a usage error, never half-applied. */
export function readConfig(file: string): Config {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const link = code === 'ENOENT' ? linkTarget(file) : undefined;
    if (link !== undefined) throw new ConfigError(`config ${file} is a symbolic link to ${link}, which does not exist; point it at a config file or remove it`);
    throw new ConfigError(`cannot read config ${file}: ${code ?? (error as Error).message}`);
  }
  const doc = parseDocument(text, { schema: 'core', resolveKnownTags: false, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) throw new ConfigError(`${file}: invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message}`);
  }
  const problems = validateData('cplanrc', data);
  if (problems.length > 0) throw new ConfigError(`${file}: ${problems[0]}`);
  const raw = data as { rules?: Record<string, RuleSetting>; as_of?: string; include?: string[]; exclude?: string[]; frameworks?: string[]; max_file_size?: number;
    progress?: { tolerance?: number; reporting?: 'monthly' | 'quarterly'; update_days?: number; trend_actuals?: number };
  };
  const dir = path.dirname(path.resolve(file));
  let asOf: Day | undefined;
  if (raw.as_of !== undefined) {
    asOf = dayFromIso(raw.as_of);
    if (asOf === undefined) throw new ConfigError(`${file}: as_of \`${raw.as_of}\` is not a real date (YYYY-MM-DD)`);
  }
  return {
    path: path.resolve(file),
    dir,
    rules: { ...(raw.rules ?? {}) },
    asOf,
    include: raw.include ?? [],
    exclude: raw.exclude ?? [],
    frameworks: (raw.frameworks ?? []).map((f) => path.resolve(dir, f)),
    maxFileSize: raw.max_file_size,
    progress: raw.progress && {
      tolerancePercent: raw.progress.tolerance,
      reporting: raw.progress.reporting,
      updateDays: raw.progress.update_days,
      trendActuals: raw.progress.trend_actuals,
    },
  };
}

function linkTarget(file: string): string | undefined {
  try {
    return fs.readlinkSync(file);
  } catch {
    return undefined;
  }
}

/** Whether anything, even a dangling link, has the name: a broken config must be an error, never skipped. */
function entryExists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Finds the nearest `.cplanrc.yaml` upwards from a folder, caching per folder. */
export class ConfigFinder {
  private readonly byDir = new Map<string, string | undefined>();

  /** Drops what was found, after a config file appeared or went. */
  forget(): void {
    this.byDir.clear();
  }

  find(dir: string): string | undefined {
    const chain: string[] = [];
    let found: string | undefined;
    for (let current = path.resolve(dir); ; current = path.dirname(current)) {
      if (this.byDir.has(current)) {
        found = this.byDir.get(current);
        break;
      }
      chain.push(current);
      const candidate = path.join(current, CONFIG_FILE);
      if (entryExists(candidate)) {
        found = candidate;
        break;
      }
      if (path.dirname(current) === current) break;
    }
    for (const d of chain) this.byDir.set(d, found);
    return found;
  }
}
