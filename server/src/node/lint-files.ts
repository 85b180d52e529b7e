import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { oversizeDocument, parsePlanDocument } from '../core/document.js';
import type { PlanDocument } from '../core/model.js';
import { lintDocument, type Diagnostic } from '../core/lint.js';
import type { Day } from '../core/periods.js';
import type { RuleSetting } from '../core/rules/rule.js';
import { DEFAULT_MAX_FILE_SIZE } from '../core/rules/file-too-large.js';
import { ConfigFinder, emptyConfig, readConfig, type Config } from './config.js';
import { discoverFiles, gitRootOf, readHead } from './files.js';
import { FrameworkResolver } from './frameworks.js';

export interface LintFilesOptions {
  cwd?: string;
  /** Review date overriding each file's `as_of`. */
  asOf?: Day;
  /** Severity overrides applied over the config's. */
  rules?: Record<string, RuleSetting>;
  /** A config file to use instead of finding `.cplanrc.yaml` upwards from each file. */
  configFile?: string;
}

export interface FileLintResult {
  path: string;
  document: PlanDocument;
  diagnostics: Diagnostic[];
}

export interface LintFilesResult {
  results: FileLintResult[];
  /** Files named explicitly that are not plans or frameworks. */
  notPlans: string[];
  /** Files that could not be read. */
  unreadable: { path: string; reason: string }[];
}

/** Lints files, folders and globs as the CLI does, without spawning a process. Throws UsageError or ConfigError. */
export async function lintFiles(targets: readonly string[], options: LintFilesOptions = {}): Promise<LintFilesResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const files = await discoverFiles(targets, cwd);
  const finder = new ConfigFinder();
  const configs = new Map<string, Config>();
  const explicitConfig = options.configFile ? readConfig(path.resolve(cwd, options.configFile)) : undefined;
  const configFor = (file: string): Config => {
    if (explicitConfig) return explicitConfig;
    const found = finder.find(path.dirname(file));
    if (!found) return emptyConfig(gitRootOf(path.dirname(file)) ?? cwd);
    let config = configs.get(found);
    if (!config) {
      config = readConfig(found);
      configs.set(found, config);
    }
    return config;
  };

  const outcome: LintFilesResult = { results: [], notPlans: [], unreadable: [] };
  const documents = new Map<string, PlanDocument>();
  const configOf = new Map<string, Config>();
  for (const target of files) {
    const config = configFor(target.path);
    if (!target.explicit && !selectedBy(config, target.path)) continue;
    const limit = config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    let document: PlanDocument;
    try {
      const size = fs.statSync(target.path).size;
      document = size > limit
        ? oversizeDocument(target.path, readHead(target.path), size, limit)
        : parsePlanDocument(target.path, fs.readFileSync(target.path, 'utf8'));
    } catch (error) {
      outcome.unreadable.push({ path: target.path, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
      continue;
    }
    if (!document.kind) {
      if (target.explicit) outcome.notPlans.push(target.path);
      continue;
    }
    documents.set(target.path, document);
    configOf.set(target.path, config);
  }

  const resolvers = new Map<Config, FrameworkResolver>();
  for (const [file, document] of documents) {
    const config = configOf.get(file)!;
    let resolver = resolvers.get(config);
    if (!resolver) {
      const root = config.path ? config.dir : gitRootOf(path.dirname(file)) ?? cwd;
      resolver = new FrameworkResolver({ roots: [root], folders: config.frameworks, documents, maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE });
      resolvers.set(config, resolver);
    }
    const reference = document.kind === 'plan' ? document.frontMatter?.framework?.value : undefined;
    const resolution = reference ? resolver.resolve(reference, file) : undefined;
    const diagnostics = lintDocument(document, { asOf: options.asOf, defaultAsOf: config.asOf, rules: { ...config.rules, ...options.rules } }, resolution);
    outcome.results.push({ path: file, document, diagnostics });
  }
  return outcome;
}

function selectedBy(config: Config, file: string): boolean {
  const relative = path.relative(config.dir, file).split(path.sep).join('/');
  if (config.include.length > 0 && !picomatch.isMatch(relative, config.include, { dot: true })) return false;
  return !(config.exclude.length > 0 && picomatch.isMatch(relative, config.exclude, { dot: true }));
}
