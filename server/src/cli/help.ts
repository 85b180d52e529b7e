/**
 * `--help` text laid out for the terminal it is printed on. The usage texts are written once, at about 100
 * columns; here their paragraphs are re-flowed and the option table's descriptions wrapped under their column,
 * so that the help reads on an 80-column terminal, a narrow split pane, or a wide window alike.
 */

/** Narrower than this, a description goes on the lines under its option instead of beside it. */
const MIN_DESCRIPTION = 24;
const DESCRIPTION_INDENT = 6;

/**
 * The width to wrap help to: the terminal's columns; when stdout is not a terminal (a pipe, a file, a test),
 * `COLUMNS` if it is a positive number, as shells and many CLIs read it, else 80.
 */
export function helpWidth(out: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): number {
  const tty = out as NodeJS.WriteStream;
  if (tty.isTTY && tty.columns > 0) return tty.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : 80;
}

/** Words of `text` in lines of at most `width` (a longer word keeps its own line); `hang` spaces before each but the first. */
function fill(text: string, width: number, first: string, hang: number): string[] {
  const lines: string[] = [];
  let line = first;
  let bare = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!bare && line.length + 1 + word.length > width) {
      lines.push(line);
      line = ' '.repeat(hang) + word;
    } else line += (bare ? '' : ' ') + word;
    bare = false;
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd());
}

const isOption = (line: string) => /^ {2}-/.test(line);
/** Paragraphs that start with one of these hang their further lines under the text after it. */
const LABEL = /^((?:Usage|Exit codes|Rules|Fields): )/;

/** The column the option table's descriptions start at: the one most of its rows use. */
function descriptionColumn(lines: readonly string[]): number {
  const counts = new Map<number, number>();
  for (const line of lines) {
    const match = /^( {2}-\S.*?\S {2,})\S/.exec(line);
    if (match) counts.set(match[1].length, (counts.get(match[1].length) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
}

/** Re-lays a usage text for `width` columns. Blank lines, and where paragraphs and options begin, are kept. */
export function wrapHelp(text: string, width: number): string {
  const lines = text.split('\n');
  const column = descriptionColumn(lines);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') {
      out.push('');
    } else if (isOption(line) && column > 0) {
      const split = line.length > column && line[column - 1] === ' ' && line[column] !== ' ' && line.slice(0, column).trim() !== '';
      const head = (split ? line.slice(0, column) : line).trimEnd();
      let description = split ? line.slice(column) : '';
      // Continuation lines: indented exactly to the description column.
      while (i + 1 < lines.length && /^ +\S/.test(lines[i + 1]) && !isOption(lines[i + 1]) && lines[i + 1].length - lines[i + 1].trimStart().length >= column) description += ' ' + lines[++i].trim();
      out.push(...option(head, description.trim(), column, width));
    } else if (/^ /.test(line)) {
      // An indented line (the usage lines of further commands): wrapped with a hanging indent.
      const indent = line.length - line.trimStart().length;
      out.push(...fill(line.trim(), width, ' '.repeat(indent), indent + 2));
    } else {
      // A paragraph: this line and the unindented lines after it that do not start one of their own.
      let paragraph = line;
      while (i + 1 < lines.length && /^[^\s]/.test(lines[i + 1]) && !LABEL.test(lines[i + 1])) paragraph += ' ' + lines[++i];
      const label = LABEL.exec(paragraph)?.[1] ?? '';
      const hang = label === 'Usage: ' ? label.length + 2 : label.length;
      out.push(...fill(paragraph, width, '', hang));
    }
  }
  return out.join('\n');
}

function option(head: string, description: string, column: number, width: number): string[] {
  const headLines = fill(head.trim(), width, '  ', 6);
  if (!description) return headLines;
  if (width - column >= MIN_DESCRIPTION) {
    const last = headLines.at(-1)!;
    if (last.length < column) return [...headLines.slice(0, -1), ...fill(description, width, last.padEnd(column), column)];
    return [...headLines, ...fill(description, width, ' '.repeat(column), column)];
  }
  return [...headLines, ...fill(description, width, ' '.repeat(DESCRIPTION_INDENT), DESCRIPTION_INDENT)];
}
