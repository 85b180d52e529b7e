/**
 * The YAML library's errors, said to a plan author: what is wrong, in words about the plan's text rather than
 * the YAML grammar, and what to write instead. Matched on the library's code and message; a message not
 * listed is passed on as the library words it.
 */

interface YamlError {
  code: string;
  message: string;
}

type Wording = [code: string, pattern: RegExp, say: (match: RegExpExecArray) => string];

const QUOTE_IT = 'put the value in quotes';

const WORDINGS: Wording[] = [
  ['TAB_AS_INDENT', /Tabs are not allowed/, () => 'a tab indents this line; YAML is indented with spaces only, so replace the tab with spaces.'],
  ['MISSING_CHAR', /Missing closing "quote/, () => 'this double-quoted value has no closing `"`; add it where the value ends.'],
  ['MISSING_CHAR', /Missing closing 'quote/, () => "this single-quoted value has no closing `'`; add it where the value ends (write `''` for a quote inside it)."],
  ['BLOCK_AS_IMPLICIT_KEY', /Nested mappings are not allowed in compact mappings/, () => `this value contains \`: \`, which YAML reads as another key; ${QUOTE_IT}, as in \`title: "Lung: Targeted Lung Health Checks"\`.`],
  ['BLOCK_AS_IMPLICIT_KEY', /block sequence may not be used as an implicit map key/, () => 'this `- ` item is indented differently from the items before it; start every item of one list at the same column.'],
  ['MULTILINE_IMPLICIT_KEY', /Implicit keys (of flow sequence pairs )?need to be on a single line/, () => 'a key must be on one line and end with `:`; check for a missing `:` or `- `, or quote a value that runs over several lines.'],
  ['MISSING_CHAR', /Implicit map keys need to be followed by map values/, () => 'this line is not `key: value`: add `: ` after the key (`title: ...`), or indent it further if it continues the value above.'],
  ['BAD_INDENT', /All mapping items must start at the same column/, () => 'the keys of one mapping must start at the same column; line this key up with the keys above it.'],
  ['BAD_INDENT', /All sequence items must start at the same column/, () => 'the items of one list must start at the same column; line this `- ` up with the items above it.'],
  ['BAD_INDENT', /Flow sequence in block collection must be sufficiently indented and end with a \]/, () => 'this `[...]` list is not closed: end it with `]`, and indent any line it continues on more than its key.'],
  ['BAD_INDENT', /Flow map in block collection must be sufficiently indented and end with a \}/, () => 'this `{...}` mapping is not closed: end it with `}`, and indent any line it continues on more than its key.'],
  ['BAD_SCALAR_START', /cannot start with (?:reserved|directive indicator) character (.)/, (m) => `a value cannot start with \`${m[1]}\` unless it is quoted; ${QUOTE_IT}: \`"${m[1]}..."\`.`],
  ['BAD_DQ_ESCAPE', /Invalid escape sequence (\S*)/, (m) => `\`${m[1]}\` is not an escape YAML knows in double quotes; write \`\\\\\` for a backslash, or use single quotes.`],
  ['MULTIPLE_ANCHORS', /at most one anchor/, () => 'a value can have only one anchor (`&name`); keep one.'],
  ['MULTIPLE_TAGS', /at most one tag/, () => 'a value can have only one tag (`!name`); keep one.'],
  ['MISSING_CHAR', /Comments must be separated from other tokens by white space/, () => 'a `#` comment needs a space before it; write ` #`, or quote the value if the `#` belongs to it.'],
  ['BLOCK_IN_FLOW', /Block collections are not allowed within flow collections/, () => 'inside `[...]` or `{...}`, separate the items with commas; `- ` lines and indented `key:` lines do not work there.'],
  ['UNEXPECTED_TOKEN', /Unexpected block-seq-ind on same line with key/, () => 'a `- ` item cannot follow a key on its line; start the item on the next line, indented under the key.'],
  ['KEY_OVER_1024_CHARS', /at most 1024 chars/, () => 'a key can be at most 1024 characters long; shorten it, or check for a missing line break.'],
  ['UNEXPECTED_TOKEN', /Not a YAML token: (.*)|Block scalar header includes extra characters: (.*)/, () => 'only an indentation number or `+`/`-` may follow `|` or `>` on its line; start the text on the next line, indented.'],
  ['UNEXPECTED_TOKEN', /Unexpected , in flow (sequence|mapping|collection)/, () => 'an empty item: remove the extra comma.'],
  ['UNEXPECTED_TOKEN', /Unexpected scalar at node end/, () => `text follows a value that has already ended (at a closing quote or bracket); ${QUOTE_IT} as a whole, or remove the extra text.`],
  ['BAD_ALIAS', /Anchor cannot be an empty string/, () => `\`&\` starts an anchor and must be followed by its name; ${QUOTE_IT} if the \`&\` is text.`],
  ['BAD_ALIAS', /Alias cannot be an empty string/, () => `\`*\` starts an alias and must be followed by an anchor's name; ${QUOTE_IT} if the \`*\` is text.`],
  ['MISSING_CHAR', /Missing , between flow (sequence|map) items/, () => 'two items of a `[...]` list or `{...}` mapping need a comma between them.'],
  ['MISSING_CHAR', /Missing space after : in flow/, () => 'inside `{...}`, write a space after each `:` (`{value: 80}`), or quote a value that holds a `:`.'],
  [
    'MULTIPLE_DOCS',
    /multiple documents/,
    () => 'a block holds one YAML document, and a `---` or `...` line ends it, so what follows is not read: start a new ```yaml block for it, or remove the line.',
  ],
];

/** The diagnostic's message for a YAML library error (its position is on the diagnostic already). */
export function yamlErrorMessage(error: YamlError): string {
  const libraryWords = error.message.split('\n', 1)[0].replace(/ at line \d+, column \d+:?$/, '').trim();
  for (const [code, pattern, say] of WORDINGS) {
    const match = code === error.code ? pattern.exec(libraryWords) : null;
    if (match) {
      const words = say(match);
      return `YAML syntax error: ${words[0].toUpperCase()}${words.slice(1)}`;
    }
  }
  return `YAML syntax error: ${libraryWords.endsWith('.') ? libraryWords : libraryWords + '.'}`;
}

/** A key written as an alias (`*a: 1`, `? *a`): YAML allows it, plans cannot use it. */
export function aliasKeyMessage(name: string): string {
  return `\`*${name}\` is a YAML alias, which cannot be a key here; write the key itself (\`${name}: ...\`), or quote it (\`"*${name}": ...\`) if the \`*\` belongs to the key.`;
}

/** An alias whose anchor is not defined before it. */
export function unknownAliasMessage(name: string): string {
  return `\`*${name}\` is a YAML alias, but no anchor \`&${name}\` comes before it; ${QUOTE_IT} (\`"*${name}"\`) if the \`*\` is text.`;
}
