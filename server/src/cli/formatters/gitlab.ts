import { createHash } from 'node:crypto';
import type { Severity } from '../../core/rules/rule.js';
import { findingIdentity, Occurrences } from './fingerprint.js';
import { repoPath } from './paths.js';
import type { Formatter, FormatContext } from './types.js';

/**
 * GitLab Code Quality: the CodeClimate-based JSON array GitLab reads natively
 * from `artifacts: reports: codequality`. One issue per message; paths are
 * relative to the repository root with forward slashes, as GitLab matches them
 * against the files of the merge request. Always a JSON array, `[]` when clean,
 * because GitLab rejects an empty report file.
 */

export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export const GITLAB_SEVERITY: Readonly<Record<Severity, GitlabSeverity>> = { error: 'major', warning: 'minor', info: 'info' };

export interface GitlabPosition {
  line: number;
  column: number;
}

export interface GitlabIssue {
  type: 'issue';
  check_name: string;
  description: string;
  categories: string[];
  severity: GitlabSeverity;
  fingerprint: string;
  location: {
    path: string;
    lines: { begin: number; end: number };
    positions: { begin: GitlabPosition; end: GitlabPosition };
  };
}

/**
 * `filePath` relative to the repository root with `/` separators; a file outside
 * the repository keeps its absolute path (forward slashes), which GitLab shows but cannot link.
 */
export const gitlabPath = repoPath;

/** md5 hex of a finding's identity (see fingerprint.ts) and occurrence number: stable while lines move and days pass. */
export function gitlabFingerprint(identity: readonly string[]): string {
  return createHash('md5').update(identity.join('\u0000')).digest('hex');
}

export function gitlabIssues(reports: Parameters<Formatter>[0], context: Pick<FormatContext, 'repoRoot'>): GitlabIssue[] {
  const occurrences = new Occurrences();
  const issues: GitlabIssue[] = [];
  for (const report of reports) {
    const file = gitlabPath(report.filePath, context.repoRoot);
    for (const m of report.messages) {
      const beginLine = Math.max(1, m.line);
      const endLine = Math.max(beginLine, m.endLine);
      issues.push({
        type: 'issue',
        check_name: m.ruleId,
        description: m.message,
        categories: ['Style'],
        severity: GITLAB_SEVERITY[m.severity],
        fingerprint: gitlabFingerprint(occurrences.next(findingIdentity(m.ruleId, file, m))),
        location: {
          path: file,
          lines: { begin: beginLine, end: endLine },
          positions: {
            begin: { line: beginLine, column: Math.max(1, m.column) },
            end: { line: endLine, column: Math.max(1, m.endColumn) },
          },
        },
      });
    }
  }
  return issues;
}

export const gitlab: Formatter = (reports, context) => JSON.stringify(gitlabIssues(reports, context), null, 2);

export default gitlab;
