/**
 * The shape of the params of every request the server answers and every document notification it takes,
 * checked before any handler runs: a handler given `position: null` would otherwise fail with InternalError
 * or, worse, answer for another place, and a change with a broken range would garble the server's copy.
 */
type Check = (value: unknown, at: string) => string | undefined;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function expect(test: (value: unknown) => boolean, expected: string): Check {
  return (value, at) => {
    if (value === undefined) return `\`${at}\` is missing; it must be ${expected}`;
    return test(value) ? undefined : `\`${at}\` must be ${expected}, not ${describe(value)}`;
  };
}

function optional(check: Check): Check {
  return (value, at) => (value === undefined ? undefined : check(value, at));
}

function object(fields: Record<string, Check>, expected = 'an object'): Check {
  const shape = expect(isObject, expected);
  return (value, at) => {
    const wrong = shape(value, at);
    if (wrong) return wrong;
    for (const [key, check] of Object.entries(fields)) {
      const problem = check((value as Record<string, unknown>)[key], at ? `${at}.${key}` : key);
      if (problem) return problem;
    }
    return undefined;
  };
}

function arrayOf(item: Check): Check {
  const shape = expect(Array.isArray, 'an array');
  return (value, at) => shape(value, at) ?? (value as unknown[]).map((v, i) => item(v, `${at}[${i}]`)).find(Boolean);
}

const MAX_UINTEGER = 2 ** 31 - 1;
const uinteger = expect((v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_UINTEGER, 'a non-negative integer');
const integer = expect((v) => Number.isInteger(v) && Math.abs(v as number) <= MAX_UINTEGER, 'an integer');
const string = expect((v) => typeof v === 'string', 'a string');
const boolean = expect((v) => typeof v === 'boolean', 'true or false');
const uri = expect((v) => typeof v === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(v), 'a URI such as `file:///path/plan.md`');
const position = object({ line: uinteger, character: uinteger }, 'a position `{ line, character }`');
const range = object({ start: position, end: position }, 'a range `{ start, end }`');
const textDocument = object({ uri }, 'a text document identifier `{ uri }`');

/** What is wrong with a value that should be an LSP range, for arguments that the params check cannot see into. */
export const rangeProblem = (value: unknown, at: string): string | undefined => range(value, at);

const DOCUMENT = { textDocument };
const AT = { textDocument, position };

const SHAPES: Record<string, Record<string, Check>> = {
  'textDocument/didOpen': { textDocument: object({ uri, languageId: string, version: integer, text: string }) },
  'textDocument/didChange': { textDocument: object({ uri, version: integer }), contentChanges: arrayOf(object({ range: optional(range), text: string })) },
  'textDocument/didClose': DOCUMENT,
  'textDocument/didSave': DOCUMENT,
  'textDocument/hover': AT,
  'textDocument/definition': AT,
  'textDocument/references': { ...AT, context: object({ includeDeclaration: boolean }) },
  'textDocument/prepareRename': AT,
  'textDocument/rename': { ...AT, newName: string },
  'textDocument/completion': AT,
  'textDocument/codeAction': { textDocument, range, context: object({ diagnostics: arrayOf(object({ range })), only: optional(arrayOf(string)) }) },
  'textDocument/inlayHint': { textDocument, range },
  'textDocument/codeLens': DOCUMENT,
  'textDocument/documentSymbol': DOCUMENT,
  'textDocument/documentLink': DOCUMENT,
  'textDocument/foldingRange': DOCUMENT,
  'textDocument/semanticTokens/full': DOCUMENT,
  'textDocument/diagnostic': DOCUMENT,
  'workspace/symbol': { query: string },
  'workspace/executeCommand': { command: string, arguments: optional(expect(Array.isArray, 'an array')) },
  'cplan/report': { uri },
  'cplan/builtinFramework': { name: string },
};

/** What is wrong with the params of a message, in words for the client's log; undefined when they are fine or the method is not checked. */
export function invalidParams(method: string, params: unknown): string | undefined {
  const fields = SHAPES[method];
  if (!fields) return undefined;
  const problem = isObject(params) ? object(fields)(params, '') : `the params must be an object, not ${params === undefined ? 'missing' : describe(params)}`;
  return problem && `Invalid params for ${method}: ${problem}.`;
}
