import type { Day } from '../periods.js';

/**
 * A tracker as the importer sees it, whatever file it came from: one sheet of rows of typed cells. Pure: the
 * readers (xlsx, CSV) live outside the core and build this.
 */

export type CellValue =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  /** `percent`: the cell is formatted as a percentage, so Excel shows 0.8 as 80%; `value` is then 80. */
  | { kind: 'number'; value: number; percent?: boolean }
  /** `month`: the cell's format shows no day (`mmm-yy`), so the author meant the month, not its first day. */
  | { kind: 'date'; day: Day; month?: boolean }
  /** A formula whose result the file does not hold: nothing to import, but the cell is not empty. */
  | { kind: 'formula'; formula: string };

export interface TrackerSheet {
  name: string;
  /** rows[r][c] is the cell in row r + 1, column c + 1; rows may be ragged and missing cells are empty. */
  rows: CellValue[][];
  /** Addresses (`A5`) of cells that are part of a merged range but not its top-left cell: they repeat its value. */
  mergedCopies?: ReadonlySet<string>;
}

export const EMPTY: CellValue = { kind: 'empty' };

export function cellAt(sheet: TrackerSheet, row: number, column: number): CellValue {
  return sheet.rows[row]?.[column] ?? EMPTY;
}

export function isEmptyCell(value: CellValue): boolean {
  return value.kind === 'empty' || (value.kind === 'text' && value.text.trim() === '');
}

/** `A`, `Z`, `AA` for columns 0, 25, 26. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Column index of `A`, `AB`...; undefined for anything else. */
export function columnIndex(letters: string): number | undefined {
  if (!/^[A-Z]{1,3}$/i.test(letters)) return undefined;
  let n = 0;
  for (const letter of letters.toUpperCase()) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n - 1;
}

export function cellName(row: number, column: number): string {
  return `${columnLetters(column)}${row + 1}`;
}

/** `Tracker!E14`, or `'Year 1'!E14` when the sheet name needs quoting, as Excel writes references. */
export function cellAddress(sheet: string, row: number, column: number): string {
  const name = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${cellName(row, column)}`;
}
