import type { Severity } from '../../core/rules/rule.js';

/** One diagnostic with 1-based line/column; `endColumn` is exclusive, as in ESLint. */
export interface ReportMessage {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related?: { filePath: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
}

export interface FileReport {
  /** Absolute path. */
  filePath: string;
  messages: ReportMessage[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
}

export interface RuleInfo {
  id: string;
  description: string;
  defaultSeverity: Severity;
  helpUri: string;
}

export interface FormatContext {
  /** The folder paths are shown relative to (the current directory). */
  cwd: string;
  /** The repository root for SARIF `uriBaseId` (git top level, else cwd). */
  repoRoot: string;
  rules: readonly RuleInfo[];
  /** Whether stylish may use ANSI colours. */
  color: boolean;
  toolVersion: string;
}

export type Formatter = (reports: readonly FileReport[], context: FormatContext) => string;
