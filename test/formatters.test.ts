import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { FORMATTERS } from '../server/src/cli/formatters/index.js';
import { escapeData, escapeProperty } from '../server/src/cli/formatters/github.js';
import { pascalCase, type SarifLog } from '../server/src/cli/formatters/sarif.js';
import type { FileReport, FormatContext, ReportMessage, RuleInfo } from '../server/src/cli/formatters/types.js';
import { REPO_ROOT } from './helpers/cli.js';

// ajv-formats is CommonJS; under NodeNext its default import is `module.exports`, the plugin itself.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const ROOT = path.resolve('/srv/plans-repo');
const CWD = path.join(ROOT, 'plans');
const ALPHA = path.join(CWD, 'alpha.md');
const CLEAN = path.join(CWD, 'clean.md');
const SPACED = path.join(CWD, 'north east', 'b c.md');
const FRAMEWORK = path.join(ROOT, 'frameworks', 'national.md');

const RULES: RuleInfo[] = [
  { id: 'unknown-aim', description: 'A workstream names an aim that is not defined.', defaultSeverity: 'error', helpUri: 'https://example.org/rules/unknown-aim' },
  { id: 'block-schema', description: 'A YAML block does not match its schema.', defaultSeverity: 'error', helpUri: 'https://example.org/rules/block-schema' },
  { id: 'missing-metrics', description: 'A workstream has no metrics.', defaultSeverity: 'warning', helpUri: 'https://example.org/rules/missing-metrics' },
  { id: 'overdue-milestone', description: 'A milestone is past its due date.', defaultSeverity: 'info', helpUri: 'https://example.org/rules/overdue-milestone' },
  { id: 'duplicate-id', description: 'Two entities share an id.', defaultSeverity: 'error', helpUri: 'https://example.org/rules/duplicate-id' },
  { id: 'file-too-large', description: 'The file is too large to lint.', defaultSeverity: 'warning', helpUri: 'https://example.org/rules/file-too-large' },
];

const ESCAPE_ME = 'Value 50%, not: allowed\nsee the schema';

function msg(ruleId: string, severity: ReportMessage['severity'], message: string, line: number, column: number, endLine: number, endColumn: number, related?: ReportMessage['related']): ReportMessage {
  return { ruleId, severity, message, line, column, endLine, endColumn, ...(related ? { related } : {}) };
}

function report(filePath: string, messages: ReportMessage[]): FileReport {
  const count = (s: string) => messages.filter((m) => m.severity === s).length;
  return { filePath, messages, errorCount: count('error'), warningCount: count('warning'), infoCount: count('info') };
}

function fixtures(): FileReport[] {
  return [
    report(ALPHA, [
      msg('unknown-aim', 'error', 'Aim `A9` is not defined', 3, 5, 3, 9, [
        { filePath: FRAMEWORK, line: 10, column: 3, endLine: 10, endColumn: 7, message: 'aims are defined here' },
      ]),
      msg('block-schema', 'warning', ESCAPE_ME, 7, 10, 8, 4),
      msg('missing-metrics', 'warning', 'Workstream `W1` has no metrics', 12, 1, 12, 20),
      msg('overdue-milestone', 'info', 'Milestone `M2` is 5 days overdue', 40, 3, 40, 11),
    ]),
    report(CLEAN, []),
    report(SPACED, [
      msg('duplicate-id', 'error', 'Duplicate id `W1`', 2, 1, 2, 8),
      msg('duplicate-id', 'error', 'Duplicate id `W1`', 9, 1, 9, 8),
    ]),
  ];
}

function context(overrides: Partial<FormatContext> = {}): FormatContext {
  return { cwd: CWD, repoRoot: ROOT, rules: RULES, color: false, toolVersion: '1.2.3', ...overrides };
}

describe('formatters', () => {
  it('FORMATTERS has the four formats and nothing inherited', () => {
    for (const name of ['stylish', 'json', 'sarif', 'github'] as const) assert.equal(typeof FORMATTERS[name], 'function');
    assert.equal('toString' in FORMATTERS, false);
    assert.equal('constructor' in FORMATTERS, false);
  });

  describe('stylish', () => {
    it('prints aligned rows per file, relative paths and a summary (no colour)', () => {
      const expected = [
        '',
        'alpha.md',
        '   3:5   error    Aim `A9` is not defined           unknown-aim',
        '   7:10  warning  Value 50%, not: allowed           block-schema',
        '                  see the schema',
        '  12:1   warning  Workstream `W1` has no metrics    missing-metrics',
        '  40:3   info     Milestone `M2` is 5 days overdue  overdue-milestone',
        '',
        'north east/b c.md',
        '  2:1  error  Duplicate id `W1`  duplicate-id',
        '  9:1  error  Duplicate id `W1`  duplicate-id',
        '',
        '\u2716 6 problems (3 errors, 2 warnings, 1 info)',
        '',
      ].join('\n');
      assert.equal(FORMATTERS.stylish(fixtures(), context()), expected);
    });

    it('writes control characters in file names and messages visibly', () => {
      const odd = path.join(CWD, 'a\nb\u001b[2J.md');
      const text = FORMATTERS.stylish([report(odd, [msg('x', 'error', 'bad\u0007 key\nsecond\tline', 1, 1, 1, 2)])], context());
      assert.equal(text, '\na\\nb\\u001b[2J.md\n  1:1  error  bad\\u0007 key  x\n              second\\tline\n\n\u2716 1 problem (1 error, 0 warnings, 0 infos)\n');
    });

    it('returns an empty string when there are no messages at all', () => {
      assert.equal(FORMATTERS.stylish([report(CLEAN, [])], context()), '');
      assert.equal(FORMATTERS.stylish([], context()), '');
    });

    it('pluralises singular counts', () => {
      const text = FORMATTERS.stylish([report(ALPHA, [msg('overdue-milestone', 'info', 'late', 1, 1, 1, 2)])], context());
      assert.equal(text, '\nalpha.md\n  1:1  info  late  overdue-milestone\n\n\u2716 1 problem (0 errors, 0 warnings, 1 info)\n');
    });

    it('uses ANSI colours only when asked, and they do not change the layout', () => {
      const plain = FORMATTERS.stylish(fixtures(), context());
      const coloured = FORMATTERS.stylish(fixtures(), context({ color: true }));
      assert.doesNotMatch(plain, /\u001b\[/);
      assert.match(coloured, /\u001b\[31merror/);
      assert.match(coloured, /\u001b\[33mwarning/);
      assert.match(coloured, /\u001b\[34minfo/);
      assert.match(coloured, /\u001b\[4malpha\.md\u001b\[24m/);
      assert.match(coloured, /\u001b\[31m\u001b\[1m\u2716 6 problems/);
      assert.equal(coloured.replace(/\u001b\[\d+m/g, ''), plain);
    });
  });

  describe('json', () => {
    const text = FORMATTERS.json(fixtures(), context());
    const parsed = JSON.parse(text) as {
      filePath: string;
      messages: { ruleId: string; severity: number; message: string; line: number; column: number; endLine: number; endColumn: number }[];
      errorCount: number;
      warningCount: number;
      infoCount: number;
      fixableErrorCount: number;
      fixableWarningCount: number;
      source?: string;
    }[];

    it('is one line of JSON', () => {
      assert.equal(text.includes('\n'), false);
      assert.equal(text, text.trim());
    });

    it('lists every file, clean ones included, with absolute paths', () => {
      assert.deepEqual(parsed.map((r) => r.filePath), [ALPHA, CLEAN, SPACED]);
      assert.deepEqual(parsed[1].messages, []);
    });

    it('maps severities as ESLint does and counts infos (severity 1) in warningCount, and apart in infoCount', () => {
      assert.deepEqual(parsed[0].messages.map((m) => m.severity), [2, 1, 1, 1]);
      assert.deepEqual(
        parsed.map((r) => [r.errorCount, r.warningCount, r.infoCount, r.fixableErrorCount, r.fixableWarningCount]),
        [[1, 3, 1, 0, 0], [0, 0, 0, 0, 0], [2, 0, 0, 0, 0]],
      );
      for (const r of parsed) assert.equal(r.warningCount, r.messages.filter((m) => m.severity === 1).length);
      assert.equal('source' in parsed[0], false);
    });

    it('keeps messages and ranges intact', () => {
      assert.deepEqual(parsed[0].messages[1], { ruleId: 'block-schema', severity: 1, message: ESCAPE_ME, line: 7, column: 10, endLine: 8, endColumn: 4 });
    });
  });

  describe('github', () => {
    it('escapes data and properties exactly as @actions/core does', () => {
      assert.equal(escapeData('a%b\r\nc:d,e'), 'a%25b%0D%0Ac:d,e');
      assert.equal(escapeProperty('a%b\r\nc:d,e'), 'a%25b%0D%0Ac%3Ad%2Ce');
    });

    it('prints one workflow command per message and nothing else', () => {
      const expected = [
        '::error file=plans/alpha.md,line=3,col=5,endLine=3,endColumn=9,title=unknown-aim::Aim `A9` is not defined',
        // a span over two lines: GitHub accepts columns only on one line
        '::warning file=plans/alpha.md,line=7,endLine=8,title=block-schema::Value 50%25, not: allowed%0Asee the schema',
        '::warning file=plans/alpha.md,line=12,col=1,endLine=12,endColumn=20,title=missing-metrics::Workstream `W1` has no metrics',
        '::notice file=plans/alpha.md,line=40,col=3,endLine=40,endColumn=11,title=overdue-milestone::Milestone `M2` is 5 days overdue',
        '::error file=plans/north east/b c.md,line=2,col=1,endLine=2,endColumn=8,title=duplicate-id::Duplicate id `W1`',
        '::error file=plans/north east/b c.md,line=9,col=1,endLine=9,endColumn=8,title=duplicate-id::Duplicate id `W1`',
        '',
      ].join('\n');
      assert.equal(FORMATTERS.github(fixtures(), context()), expected);
    });

    it('makes paths relative to the repository root, not the current folder', () => {
      const text = FORMATTERS.github([report(FRAMEWORK, [msg('x', 'error', 'm', 1, 1, 1, 2)])], context());
      assert.equal(text, '::error file=frameworks/national.md,line=1,col=1,endLine=1,endColumn=2,title=x::m\n');
      const outside = path.resolve('/elsewhere/p.md');
      assert.match(FORMATTERS.github([report(outside, [msg('x', 'error', 'm', 1, 1, 1, 2)])], context()), /^::error file=\/elsewhere\/p\.md,/);
    });

    it('escapes the file and title properties', () => {
      const odd = path.join(CWD, 'a,b:c%.md');
      const text = FORMATTERS.github([report(odd, [msg('x:y,z', 'error', 'm', 1, 1, 1, 2)])], context());
      assert.equal(text, '::error file=plans/a%2Cb%3Ac%25.md,line=1,col=1,endLine=1,endColumn=2,title=x%3Ay%2Cz::m\n');
    });

    it('prints nothing when there are no messages', () => {
      assert.equal(FORMATTERS.github([report(CLEAN, [])], context()), '');
    });
  });

  describe('sarif', () => {
    const text = FORMATTERS.sarif(fixtures(), context());
    const log = JSON.parse(text) as SarifLog;
    const run = log.runs[0];

    it('is pretty-printed with two spaces', () => {
      assert.equal(text, JSON.stringify(log, null, 2));
    });

    it('validates against the SARIF 2.1.0 JSON schema', () => {
      const validate = sarifValidator();
      const ok = validate(log);
      assert.equal(ok, true, JSON.stringify(validate.errors, null, 2));
      // the validator is real: it rejects an unknown level and an unencoded space in a uri
      const bad = structuredClone(log);
      (bad.runs[0].results[0] as { level: string }).level = 'info';
      assert.equal(validate(bad), false);
      const spaced = structuredClone(log);
      spaced.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'north east/b c.md';
      assert.equal(validate(spaced), false);
    });

    it('has the header GitHub code scanning expects', () => {
      assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
      assert.equal(log.version, '2.1.0');
      assert.equal(log.runs.length, 1);
      assert.equal(run.tool.driver.name, 'cplan');
      assert.equal(run.tool.driver.version, '1.2.3');
      assert.match(run.tool.driver.informationUri, /^https:\/\//);
      assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(ROOT).href + '/' } });
      assert.ok(run.originalUriBaseIds['%SRCROOT%'].uri.startsWith('file:///'));
    });

    it('lists every rule, fired or not, with full descriptors', () => {
      assert.deepEqual(run.tool.driver.rules.map((r) => r.id), RULES.map((r) => r.id));
      const tooLarge = run.tool.driver.rules.find((r) => r.id === 'file-too-large');
      assert.deepEqual(tooLarge, {
        id: 'file-too-large',
        name: 'FileTooLarge',
        shortDescription: { text: 'The file is too large to lint.' },
        fullDescription: { text: 'The file is too large to lint.' },
        helpUri: 'https://example.org/rules/file-too-large',
        help: {
          text: 'The file is too large to lint.\n\nDocumentation: https://example.org/rules/file-too-large',
          markdown: 'The file is too large to lint.\n\n[Documentation](https://example.org/rules/file-too-large)',
        },
        defaultConfiguration: { level: 'warning' },
      });
      assert.deepEqual(run.tool.driver.rules.map((r) => r.defaultConfiguration.level), ['error', 'error', 'warning', 'note', 'error', 'warning']);
    });

    it('points each result at its rule by ruleIndex, with levels and messages', () => {
      assert.equal(run.results.length, 6);
      for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
      assert.deepEqual(run.results.map((r) => r.level), ['error', 'warning', 'warning', 'note', 'error', 'error']);
      assert.equal(run.results[1].message.text, ESCAPE_ME);
    });

    it('adds a descriptor for a rule missing from context.rules so ruleIndex stays valid', () => {
      const extra = JSON.parse(FORMATTERS.sarif([report(ALPHA, [msg('mystery-rule', 'warning', 'x', 1, 1, 1, 2)])], context())) as SarifLog;
      const rules = extra.runs[0].tool.driver.rules;
      assert.equal(rules.length, RULES.length + 1);
      assert.equal(rules[extra.runs[0].results[0].ruleIndex].id, 'mystery-rule');
      assert.equal(sarifValidator()(extra), true);
    });

    it('locates results relative to the repository root with encoded uris and 1-based regions', () => {
      const locations = run.results.map((r) => r.locations[0].physicalLocation);
      assert.deepEqual(locations[0], {
        artifactLocation: { uri: 'plans/alpha.md', uriBaseId: '%SRCROOT%' },
        region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 9 },
      });
      assert.deepEqual(locations[1].region, { startLine: 7, startColumn: 10, endLine: 8, endColumn: 4 });
      assert.deepEqual(locations[4].artifactLocation, { uri: 'plans/north%20east/b%20c.md', uriBaseId: '%SRCROOT%' });
    });

    it('uses an absolute file URL for a file outside the repository', () => {
      const outside = path.resolve('/elsewhere/x y.md');
      const out = JSON.parse(FORMATTERS.sarif([report(outside, [msg('unknown-aim', 'error', 'm', 1, 1, 1, 2)])], context())) as SarifLog;
      assert.deepEqual(out.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: pathToFileURL(outside).href });
      assert.match(pathToFileURL(outside).href, /x%20y\.md$/);
    });

    it('turns related locations into relatedLocations', () => {
      assert.deepEqual(run.results[0].relatedLocations, [
        {
          id: 0,
          physicalLocation: {
            artifactLocation: { uri: 'frameworks/national.md', uriBaseId: '%SRCROOT%' },
            region: { startLine: 10, startColumn: 3, endLine: 10, endColumn: 7 },
          },
          message: { text: 'aims are defined here' },
        },
      ]);
      assert.equal(run.results[1].relatedLocations, undefined);
    });

    it('gives fingerprints that survive a move to another line and tell identical messages apart', () => {
      const hashes = run.results.map((r) => r.partialFingerprints.primaryLocationLineHash);
      for (const hash of hashes) assert.match(hash, /^[0-9a-f]{16}$/);
      assert.equal(new Set(hashes).size, hashes.length);
      assert.notEqual(hashes[4], hashes[5]); // two identical `duplicate-id` messages in one file

      // insert 25 lines above everything: every fingerprint stays the same
      const moved = fixtures().map((r) => ({ ...r, messages: r.messages.map((m) => ({ ...m, line: m.line + 25, endLine: m.endLine + 25 })) }));
      const movedLog = JSON.parse(FORMATTERS.sarif(moved, context())) as SarifLog;
      assert.deepEqual(movedLog.runs[0].results.map((r) => r.partialFingerprints.primaryLocationLineHash), hashes);
      assert.equal(movedLog.runs[0].results[0].locations[0].physicalLocation.region.startLine, 28);

      // the same report from another cwd and another checkout of the repo gives the same fingerprints
      const otherRoot = path.resolve('/home/ci/work/checkout');
      const relocated = fixtures().map((r) => ({
        ...r,
        filePath: path.join(otherRoot, path.relative(ROOT, r.filePath)),
        messages: r.messages.map((m) => ({ ...m, related: undefined })),
      }));
      const relocatedLog = JSON.parse(FORMATTERS.sarif(relocated, context({ repoRoot: otherRoot, cwd: otherRoot }))) as SarifLog;
      assert.deepEqual(relocatedLog.runs[0].results.map((r) => r.partialFingerprints.primaryLocationLineHash), hashes);
    });

    it('names the run with automationDetails and the driver with fullName', () => {
      assert.deepEqual(run.automationDetails, { id: 'cplan/lint/' });
      assert.equal(run.tool.driver.fullName, 'cplan 1.2.3: linter for NHS commissioning plans');
    });

    it('points related locations in a built-in framework at its shipped file, and leaves out one not shipped', () => {
      const related = (filePath: string) => ({ filePath, line: 2, column: 1, endLine: 2, endColumn: 4, message: 'defined here' });
      const shipped = path.join(REPO_ROOT, 'frameworks', 'ncl-cancer-2023-28.md');
      const log = JSON.parse(
        FORMATTERS.sarif([report(path.join(REPO_ROOT, 'p.md'), [msg('unknown-aim', 'error', 'm', 1, 1, 1, 2, [related('builtin:no-such-framework'), related('builtin:ncl-cancer-2023-28')])])], context({ repoRoot: REPO_ROOT, cwd: REPO_ROOT })),
      ) as SarifLog;
      const [result] = log.runs[0].results;
      assert.deepEqual(result.relatedLocations?.map((r) => [r.id, r.physicalLocation.artifactLocation]), [[0, { uri: 'frameworks/ncl-cancer-2023-28.md', uriBaseId: '%SRCROOT%' }]]);
      assert.equal(readFileSync(shipped, 'utf8').length > 0, true);
      const none = JSON.parse(FORMATTERS.sarif([report(ALPHA, [msg('unknown-aim', 'error', 'm', 1, 1, 1, 2, [related('builtin:no-such-framework')])])], context())) as SarifLog;
      assert.equal(none.runs[0].results[0].relatedLocations, undefined);
      assert.equal(sarifValidator()(none), true);
    });

    it('keeps a fingerprint while the days overdue and the review date change, and tells subjects apart', () => {
      const overdue = (days: number, review: string, subject = 'milestone WS1-M2/due') => ({ ...msg('overdue-milestone', 'info', `Milestone \`WS1-M2\` was due by 31 Mar 2025 (Q4 2024/25) and is ${days} days overdue at the review date ${review}.`, 4, 1, 4, 9), subject });
      const hashOf = (...messages: ReportMessage[]) => (JSON.parse(FORMATTERS.sarif([report(ALPHA, messages)], context())) as SarifLog).runs[0].results.map((r) => r.partialFingerprints.primaryLocationLineHash);
      assert.deepEqual(hashOf(overdue(91, '30 Jun 2025')), hashOf(overdue(122, '31 Jul 2025')));
      const [a, b] = hashOf(overdue(91, '30 Jun 2025'), overdue(91, '30 Jun 2025', 'milestone WS1-M3/due'));
      assert.notEqual(a, b);
    });

    it('makes rule names PascalCase', () => {
      assert.equal(pascalCase('missing-inequality-breakdown'), 'MissingInequalityBreakdown');
      assert.equal(pascalCase('yaml-syntax'), 'YamlSyntax');
    });

    it('still writes a valid log with no results', () => {
      const empty = JSON.parse(FORMATTERS.sarif([report(CLEAN, [])], context())) as SarifLog;
      assert.deepEqual(empty.runs[0].results, []);
      assert.equal(empty.runs[0].tool.driver.rules.length, RULES.length);
      assert.equal(sarifValidator()(empty), true);
    });
  });
});

let cachedValidator: ValidateFunction | undefined;

/**
 * The SARIF 2.1.0 schema as published by Microsoft in `@microsoft/jest-sarif`
 * (`sarif-2.1.0-rtm.5.json`, the schema SchemaStore lists as 2.1.0-rtm.5). It is
 * written for JSON Schema draft-04, which Ajv 8 reads as draft-07 once `id` is
 * spelled `$id`: it uses no keyword whose meaning differed between the drafts
 * (checked below). `unicodeRegExp: false` because one pattern (`language`,
 * corrected in the OASIS errata) is not a valid `u`-mode regular expression.
 */
function sarifValidator(): ValidateFunction {
  if (cachedValidator) return cachedValidator;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const raw = readFileSync(file, 'utf8');
  const { id, $schema, ...rest } = JSON.parse(raw) as Record<string, unknown>;
  assert.equal($schema, 'http://json-schema.org/draft-04/schema#');
  assert.match(String(id), /sarif-2\.1\.0/);
  for (const keyword of ['exclusiveMinimum', 'exclusiveMaximum', 'dependencies', '$schema', 'id']) {
    // only the root's own `$schema`/`id` (removed above) and property *names* may use these words
    assert.equal(usesKeyword(rest, keyword), false, `schema uses draft-04 keyword ${keyword}`);
  }
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  cachedValidator = ajv.compile({ $schema: 'http://json-schema.org/draft-07/schema#', $id: String(id), ...rest });
  return cachedValidator;
}

/** Whether `keyword` is used as a schema keyword (not as a property name under `properties`/`definitions`). */
function usesKeyword(schema: unknown, keyword: string): boolean {
  if (Array.isArray(schema)) return schema.some((item) => usesKeyword(item, keyword));
  if (!schema || typeof schema !== 'object') return false;
  for (const [key, value] of Object.entries(schema)) {
    if (key === keyword) return true;
    if (key === 'properties' || key === 'definitions') {
      if (Object.values(value as object).some((sub) => usesKeyword(sub, keyword))) return true;
    } else if (usesKeyword(value, keyword)) return true;
  }
  return false;
}
