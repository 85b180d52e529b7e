import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { BUILTIN_PREFIX } from '../../core/builtin/index.js';
import type { Severity } from '../../core/rules/rule.js';
import { builtinFrameworkFile } from '../../node/builtin-files.js';
import { findingIdentity, Occurrences } from './fingerprint.js';
import { repoRelative } from './paths.js';
import type { Formatter, ReportMessage, RuleInfo } from './types.js';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, every known rule in
 * `tool.driver.rules`, results located relative to `%SRCROOT%` (the repository
 * root) and a `primaryLocationLineHash` that depends neither on line numbers
 * nor on the review date, so an alert survives lines being inserted above it
 * and an overdue milestone stays one alert while it grows more overdue.
 */

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/cplan-dev/cplan';
export const SRCROOT = '%SRCROOT%';
/** `category/`: the runs of `cplan lint` form one category of analysis, whatever the run. */
export const AUTOMATION_ID = 'cplan/lint/';
const AZURE = 'azuredevops/pipeline/build/';

interface AutomationDetails {
  id: string;
  properties?: Record<string, string>;
}

/**
 * `cplan/lint/`, except in an Azure Pipelines build (`TF_BUILD`), where GitHub Advanced Security for Azure
 * DevOps identifies a run by its pipeline, phase, branch and build, from the variables the agent sets.
 */
export function automationDetails(env: Readonly<Record<string, string | undefined>> = {}): AutomationDetails {
  if (env.TF_BUILD?.toLowerCase() !== 'true') return { id: AUTOMATION_ID };
  const org = /^https:\/\/dev\.azure\.com\/([^/]+)/.exec(env.SYSTEM_COLLECTIONURI ?? '')?.[1] ?? /^https:\/\/([^./]+)\.visualstudio\.com/.exec(env.SYSTEM_COLLECTIONURI ?? '')?.[1] ?? '';
  const parts = [org, env.SYSTEM_TEAMPROJECT, env.SYSTEM_DEFINITIONID, env.SYSTEM_PHASEID, env.BUILD_SOURCEBRANCH, env.BUILD_BUILDID].map((p) => p ?? '');
  return {
    id: AZURE + parts.join('/'),
    properties: {
      [`${AZURE}buildDefinitionId`]: env.SYSTEM_DEFINITIONID ?? '',
      [`${AZURE}buildDefinitionName`]: env.BUILD_DEFINITIONNAME ?? '',
      [`${AZURE}phaseId`]: env.SYSTEM_PHASEID ?? '',
      [`${AZURE}phaseName`]: env.SYSTEM_PHASENAME ?? '',
    },
  };
}

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface PhysicalLocation {
  artifactLocation: ArtifactLocation;
  region: Region;
}

interface ReportingDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Level; enabled?: false };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: { physicalLocation: PhysicalLocation }[];
  relatedLocations?: { id: number; physicalLocation: PhysicalLocation; message: { text: string } }[];
  partialFingerprints: { primaryLocationLineHash: string };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; fullName: string; informationUri: string; version: string; rules: ReportingDescriptor[] } };
    automationDetails: AutomationDetails;
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }[];
}

/** `missing-metrics` → `MissingMetrics`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/**
 * A URI for `filePath`: relative to `repoRoot` (forward slashes, each segment
 * percent-encoded) with `uriBaseId: %SRCROOT%`, or an absolute `file:` URL when
 * the file lies outside the repository.
 */
export function artifactLocation(filePath: string, repoRoot: string): ArtifactLocation {
  const relative = repoRelative(filePath, repoRoot);
  if (relative === undefined) return { uri: pathToFileURL(filePath).href };
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUrl(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}

function region(r: { line: number; column: number; endLine: number; endColumn: number }): Region {
  const startLine = Math.max(1, r.line);
  const startColumn = Math.max(1, r.column);
  const endLine = Math.max(startLine, r.endLine);
  const endColumn = endLine === startLine ? Math.max(startColumn, r.endColumn) : Math.max(1, r.endColumn);
  return { startLine, startColumn, endLine, endColumn };
}

function descriptor(rule: RuleInfo): ReportingDescriptor {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    helpUri: rule.helpUri,
    help: {
      text: `${rule.description}\n\nDocumentation: ${rule.helpUri}`,
      markdown: `${rule.description}\n\n[Documentation](${rule.helpUri})`,
    },
    defaultConfiguration: rule.defaultSeverity === 'off' ? { level: 'warning', enabled: false } : { level: LEVEL[rule.defaultSeverity] },
  };
}

/** A rule that fired without being in `context.rules`: described by its id alone. */
function unknownDescriptor(id: string, severity: Severity): ReportingDescriptor {
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: id },
    fullDescription: { text: id },
    help: { text: id, markdown: id },
    defaultConfiguration: { level: LEVEL[severity] },
  };
}

/** sha256 hex, first 16 characters, of a finding's identity (see fingerprint.ts) and occurrence number. */
export function fingerprint(identity: readonly string[]): string {
  return createHash('sha256').update(identity.join('\u0000')).digest('hex').slice(0, 16);
}

/**
 * Where a related location lies: a built-in framework (`builtin:<name>`) is the file shipped with cplan that
 * it was built from; undefined when this copy of cplan does not ship it, as no viewer could open it.
 */
function relatedArtifact(filePath: string, repoRoot: string): ArtifactLocation | undefined {
  if (!filePath.startsWith(BUILTIN_PREFIX)) return artifactLocation(filePath, repoRoot);
  const shipped = builtinFrameworkFile(filePath);
  return shipped === undefined ? undefined : artifactLocation(shipped, repoRoot);
}

export function sarifLog(reports: Parameters<Formatter>[0], context: Parameters<Formatter>[1]): SarifLog {
  const rules = context.rules.map(descriptor);
  const ruleIndex = new Map<string, number>();
  rules.forEach((rule, index) => {
    if (!ruleIndex.has(rule.id)) ruleIndex.set(rule.id, index);
  });
  const indexOf = (m: ReportMessage): number => {
    let index = ruleIndex.get(m.ruleId);
    if (index === undefined) {
      index = rules.push(unknownDescriptor(m.ruleId, m.severity)) - 1;
      ruleIndex.set(m.ruleId, index);
    }
    return index;
  };

  const occurrences = new Occurrences();
  const results: SarifResult[] = [];
  for (const report of reports) {
    const location = artifactLocation(report.filePath, context.repoRoot);
    for (const m of report.messages) {
      const result: SarifResult = {
        ruleId: m.ruleId,
        ruleIndex: indexOf(m),
        level: LEVEL[m.severity],
        message: { text: m.message },
        locations: [{ physicalLocation: { artifactLocation: { ...location }, region: region(m) } }],
        partialFingerprints: { primaryLocationLineHash: fingerprint(occurrences.next(findingIdentity(m.ruleId, location.uri, m))) },
      };
      const related: NonNullable<SarifResult['relatedLocations']> = [];
      for (const r of m.related ?? []) {
        const artifact = relatedArtifact(r.filePath, context.repoRoot);
        if (artifact) related.push({ id: related.length, physicalLocation: { artifactLocation: artifact, region: region(r) }, message: { text: r.message } });
      }
      if (related.length > 0) result.relatedLocations = related;
      results.push(result);
    }
  }

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'cplan', fullName: `cplan ${context.toolVersion}: linter for NHS commissioning plans`, informationUri: INFORMATION_URI, version: context.toolVersion, rules },
        },
        automationDetails: automationDetails(context.env),
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUrl(context.repoRoot) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export const sarif: Formatter = (reports, context) => JSON.stringify(sarifLog(reports, context), null, 2);

export default sarif;
