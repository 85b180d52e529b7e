import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { validateData } from '../core/schema/validate.js';
import { dayFromIso, type Day } from '../core/periods.js';
import type { RuleSetting } from '../core/rules/rule.js';
import type { ProgressSettings } from '../core/link.js';

export const CONFIG_FILE = '.cplanrc.yaml';
/** The names a config may have, in the order they are looked for in a folder; `package.json` counts only with a `cplan` key. */
export const CONFIG_FILES = [CONFIG_FILE, '.cplanrc.yml', '.cplanrc.json', 'package.json'] as const;

/** Whether a file name is one a config may have (a `package.json` may or may not hold one). */
export function isConfigFileName(name: string): boolean {
  return (CONFIG_FILES as readonly string[]).includes(name);
}

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
  /** Severities of `cplan diff` changes, by change kind or gate name (`diff:`). */
  diff?: Record<string, 'error' | 'warning' | 'info'>;
}

export class ConfigError extends Error {}

export function emptyConfig(dir: string): Config {
  return { dir, rules: {}, include: [], exclude: [], frameworks: [] };
}

/**
 * Reads and validates a config file; a broken one is a usage error, never half-applied. A config `found` by
 * looking upwards must be the only one in its folder: of two, one would silently lose.
 */
export function readConfig(file: string, found = false): Config {
  if (found) {
    const configs = configsIn(path.dirname(path.resolve(file)));
    if (configs.length > 1) throw new ConfigError(`${path.dirname(path.resolve(file))} has ${configs.length} cplan configs, ${configs.map((f) => path.basename(f)).join(' and ')}; keep one (only ${path.basename(configs[0])} is read)`);
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const link = code === 'ENOENT' ? linkTarget(file) : undefined;
    if (link !== undefined) throw new ConfigError(`config ${file} is a symbolic link to ${link}, which does not exist; point it at a config file or remove it`);
    throw new ConfigError(`cannot read config ${file}: ${code ?? (error as Error).message}`);
  }
  const data = configData(file, text);
  const problems = validateData('cplanrc', data);
  if (problems.length > 0) throw new ConfigError(`${file}: ${problems[0]}`);
  const raw = data as { rules?: Record<string, RuleSetting>; as_of?: string; include?: string[]; exclude?: string[]; frameworks?: string[]; max_file_size?: number;
    progress?: { tolerance?: number; reporting?: 'monthly' | 'quarterly'; update_days?: number; trend_actuals?: number };
    diff?: Record<string, 'error' | 'warning' | 'info'>;
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
    ...(raw.diff ? { diff: { ...raw.diff } } : {}),
  };
}

/** The config's data: YAML, JSON (`.json`), or the `cplan` key of a `package.json`. */
function configData(file: string, text: string): unknown {
  const name = path.basename(file);
  if (name.endsWith('.json')) {
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new ConfigError(`${file}: invalid JSON: ${(error as Error).message}`);
    }
    if (name !== 'package.json') return json ?? {};
    const section = (json as { cplan?: unknown } | null)?.cplan;
    if (section === undefined) throw new ConfigError(`${file} has no \`cplan\` key, so it holds no cplan config`);
    if (!section || typeof section !== 'object' || Array.isArray(section)) throw new ConfigError(`${file}: \`cplan\` must be an object of config keys, e.g. {"rules": {"missing-metrics": "error"}}`);
    return section;
  }
  const doc = parseDocument(text, { schema: 'core', resolveKnownTags: false, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) throw new ConfigError(`${file}: invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  try {
    return doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message}`);
  }
}

/** Whether a package.json names a cplan config; an unreadable or broken one does not (npm would say so itself). */
export function packageHasConfig(file: string): boolean {
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as { cplan?: unknown } | null;
    return json?.cplan !== undefined;
  } catch {
    return false;
  }
}

/** The config files of one folder, in the order of CONFIG_FILES; a `package.json` without a `cplan` key is none. */
function configsIn(dir: string): string[] {
  return CONFIG_FILES.map((name) => path.join(dir, name)).filter((file) =>
    path.basename(file) === 'package.json' ? fs.existsSync(file) && packageHasConfig(file) : entryExists(file));
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

/** Finds the nearest config (`.cplanrc.yaml`, `.yml`, `.json` or `package.json` `cplan`) upwards from a folder, caching per folder. */
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
      const candidate = configsIn(current)[0];
      if (candidate) {
        found = candidate;
        break;
      }
      if (path.dirname(current) === current) break;
    }
    for (const d of chain) this.byDir.set(d, found);
    return found;
  }
}
