import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../../core/rules/rule.js';
import type { Formatter, ReportMessage, RuleInfo } from './types.js';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, every known rule in
 * `tool.driver.rules`, results located relative to `%SRCROOT%` (the repository
 * root) and a `primaryLocationLineHash` that does not depend on line numbers,
 * so an alert survives lines being inserted above it.
 */

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/cplan-dev/cplan';
export const SRCROOT = '%SRCROOT%';

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
  defaultConfiguration: { level: Level };
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
    tool: { driver: { name: string; informationUri: string; version: string; rules: ReportingDescriptor[] } };
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
  const relative = path.relative(repoRoot, filePath);
  const outside = relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  if (outside) return { uri: pathToFileURL(filePath).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
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
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
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

/** sha256 hex, first 16 characters, of rule id, relative uri, message and occurrence number. */
export function fingerprint(ruleId: string, uri: string, message: string, occurrence: number): string {
  return createHash('sha256').update([ruleId, uri, message, String(occurrence)].join('\u0000')).digest('hex').slice(0, 16);
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

  const occurrences = new Map<string, number>();
  const results: SarifResult[] = [];
  for (const report of reports) {
    const location = artifactLocation(report.filePath, context.repoRoot);
    for (const m of report.messages) {
      const key = [m.ruleId, location.uri, m.message].join('\u0000');
      const occurrence = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, occurrence);
      const result: SarifResult = {
        ruleId: m.ruleId,
        ruleIndex: indexOf(m),
        level: LEVEL[m.severity],
        message: { text: m.message },
        locations: [{ physicalLocation: { artifactLocation: { ...location }, region: region(m) } }],
        partialFingerprints: { primaryLocationLineHash: fingerprint(m.ruleId, location.uri, m.message, occurrence) },
      };
      if (m.related && m.related.length > 0) {
        result.relatedLocations = m.related.map((r, id) => ({
          id,
          physicalLocation: { artifactLocation: artifactLocation(r.filePath, context.repoRoot), region: region(r) },
          message: { text: r.message },
        }));
      }
      results.push(result);
    }
  }

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'cplan', informationUri: INFORMATION_URI, version: context.toolVersion, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUrl(context.repoRoot) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export const sarif: Formatter = (reports, context) => JSON.stringify(sarifLog(reports, context), null, 2);

export default sarif;
