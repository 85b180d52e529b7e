import type { RuleSetting, Severity } from '../../core/rules/rule.js';

/** One diagnostic with 1-based line/column; `endColumn` is exclusive, as in ESLint. */
export interface ReportMessage {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** What the finding is about, unchanged while lines move (`milestone WS1-M2/due`): fingerprints hash it. */
  subject?: string;
  /** `cplan lint --fix` would fix it: its fix needs no choice. */
  fixable?: true;
  /** `filePath` is absolute, or `builtin:<name>` for a built-in framework. */
  related?: { filePath: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
}

export interface FileReport {
  /** Absolute path. */
  filePath: string;
  messages: ReportMessage[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
  /** The text after `--fix-dry-run`'s fixes, when they changed it (ESLint's `output`). */
  output?: string;
}

export interface RuleInfo {
  id: string;
  description: string;
  defaultSeverity: RuleSetting;
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
  /** The environment, for what CI systems want in SARIF (Azure Pipelines' build); none: not in CI. */
  env?: Readonly<Record<string, string | undefined>>;
}

export type Formatter = (reports: readonly FileReport[], context: FormatContext) => string;
