import fs from 'node:fs';
import path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { EMPTY, cellName, type CellValue, type TrackerSheet } from '../core/import/tracker.js';

/**
 * Reads a tracker file into the core's sheet model: `.xlsx` with exceljs, `.csv`/`.tsv` with csv-parse. Both
 * libraries are loaded only here, and only when a tracker is imported, so that no other command pays for them.
 * Every limit below ends in a one-line `TrackerError`, never a crash or a hang.
 */

export const TRACKER_LIMITS = {
  /** bytes of the file itself */
  maxBytes: 10 * 1024 * 1024,
  /** rows of one sheet, counting the header and the rows above it */
  maxRows: 10_000,
  maxColumns: 200,
  /** Excel's own limit on a cell */
  maxCellChars: 32_767,
  /** heap of the thread that unzips an xlsx */
  xlsxHeapMb: 384,
  /**
   * Memory of the whole process while an xlsx is unzipped. The unzipped parts are buffers outside the heap, which
   * the thread's heap limit does not count, so a zip bomb is stopped by watching the process as a whole.
   */
  xlsxProcessMb: 640,
  xlsxSeconds: 30,
} as const;

export class TrackerError extends Error {}

export interface ReadTracker {
  sheets: TrackerSheet[];
  /** how a CSV was decoded, when it was not UTF-8 */
  encoding?: string;
}

const TRACKER_EXTENSIONS = ['.xlsx', '.csv', '.tsv', '.txt'];

export async function readTracker(file: string): Promise<ReadTracker> {
  const extension = path.extname(file).toLowerCase();
  if (!TRACKER_EXTENSIONS.includes(extension)) {
    throw new TrackerError(extension === '.xls' || extension === '.xlsm' || extension === '.ods'
      ? `${file}: cplan import reads .xlsx, .csv and .tsv files; save this ${extension} file as .xlsx (Excel: File > Save As > Excel Workbook) or as CSV`
      : `${file}: cplan import reads .xlsx, .csv and .tsv files, not \`${extension || 'a file without an extension'}\``);
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new TrackerError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!stat.isFile()) throw new TrackerError(`${file} is not a file`);
  if (stat.size > TRACKER_LIMITS.maxBytes) {
    throw new TrackerError(`${file} is ${megabytes(stat.size)}, more than the ${megabytes(TRACKER_LIMITS.maxBytes)} cplan import reads; delete unused sheets, rows and images, or export the tracker's sheet as CSV`);
  }
  const bytes = fs.readFileSync(file);
  if (extension === '.xlsx') return { sheets: await readXlsxInWorker(file, bytes) };
  return readDelimited(file, bytes, extension === '.tsv' ? '\t' : undefined);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// ---- CSV and TSV ----

/** The text of a CSV as Excel and others save it: UTF-8 (with or without a BOM), UTF-16 with a BOM, or Windows-1252. */
export function decodeText(file: string, bytes: Buffer): { text: string; encoding?: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)) };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) {
    throw new TrackerError(`${file} holds NUL bytes, so it is not a text CSV (UTF-16 without a byte order mark, or a binary file); save it from Excel as "CSV UTF-8 (Comma delimited)"`);
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // Excel's plain "CSV (Comma delimited)" on Windows writes Windows-1252: £, – and ’ are single bytes there.
    return { text: windows1252(bytes), encoding: 'Windows-1252 (it is not UTF-8)' };
  }
}

/** Where Windows-1252 differs from Latin-1 (0x80-0x9f); Node 20's TextDecoder('windows-1252') decodes Latin-1. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function windows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

/** `;` when the first line has more semicolons than commas: Excel in many locales writes those. */
function guessDelimiter(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => first.split(c).length - 1;
  if (count('\t') > count(',') && count('\t') > count(';')) return '\t';
  return count(';') > count(',') ? ';' : ',';
}

async function readDelimited(file: string, bytes: Buffer, delimiter?: string): Promise<ReadTracker> {
  const { text, encoding } = decodeText(file, bytes);
  const { parse } = await import('csv-parse/sync');
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: delimiter ?? guessDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: false,
      to: TRACKER_LIMITS.maxRows + 1,
    }) as string[][];
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new TrackerError(`${file} is not a CSV that can be read${e.lines ? ` (line ${e.lines})` : ''}: ${e.message.replace(/^(Invalid|CsvError):?\s*/, '')}`);
  }
  if (records.length > TRACKER_LIMITS.maxRows) throw tooManyRows(file);
  const rows: CellValue[][] = records.map((record, r) => {
    if (record.length > TRACKER_LIMITS.maxColumns) throw tooManyColumns(file);
    return record.map((text, c) => {
      if (text.length > TRACKER_LIMITS.maxCellChars) throw longCell(file, cellName(r, c), text.length);
      return text.trim() === '' ? EMPTY : { kind: 'text', text };
    });
  });
  const name = path.basename(file, path.extname(file));
  return { sheets: [{ name, rows }], encoding };
}

const tooManyRows = (file: string) =>
  new TrackerError(`${file} has more than ${TRACKER_LIMITS.maxRows.toLocaleString('en-GB')} rows, more than cplan import reads; a tracker this long is usually several plans: split it, or delete the rows below the last milestone`);
const tooManyColumns = (file: string) => new TrackerError(`${file} has more than ${TRACKER_LIMITS.maxColumns} columns, more than cplan import reads; delete the unused columns`);
const longCell = (file: string, cell: string, length: number) =>
  new TrackerError(`${file}: cell ${cell} holds ${length.toLocaleString('en-GB')} characters, more than the ${TRACKER_LIMITS.maxCellChars.toLocaleString('en-GB')} a spreadsheet cell can; it is not a tracker's value`);

// ---- xlsx, in a worker thread with its own memory limit ----

interface XlsxJob { cplanXlsxWorker: true; file: string; bytes: Uint8Array }
type XlsxAnswer = { ok: true; sheets: TrackerSheet[] } | { ok: false; message: string };

function readXlsxInWorker(file: string, bytes: Buffer): Promise<TrackerSheet[]> {
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new TrackerError(`${file} is an Excel 97-2003 workbook (.xls) or an encrypted one, not an .xlsx; save it as "Excel Workbook (.xlsx)" without a password`);
  }
  if (!bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    throw new TrackerError(`${file} is not an .xlsx workbook (an .xlsx is a zip archive, and this file is not one); save it from Excel as "Excel Workbook (.xlsx)" or as CSV`);
  }
  return new Promise((resolve, reject) => {
    const job: XlsxJob = { cplanXlsxWorker: true, file, bytes };
    const worker = new Worker(new URL(import.meta.url), {
      workerData: job,
      resourceLimits: { maxOldGenerationSizeMb: TRACKER_LIMITS.xlsxHeapMb, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watch);
      void worker.terminate();
      outcome();
    };
    const bomb = () => new TrackerError(`${file}: unpacking it needs more than ${TRACKER_LIMITS.xlsxProcessMb} MB of memory, so cplan import stopped (a workbook that unpacks to far more than its size, or a zip bomb); export the tracker's sheet as CSV and import that`);
    const timer = setTimeout(() => finish(() => reject(new TrackerError(`${file}: reading it took more than ${TRACKER_LIMITS.xlsxSeconds} seconds, so cplan import stopped; export the tracker's sheet as CSV and import that`))), TRACKER_LIMITS.xlsxSeconds * 1000);
    const watch = setInterval(() => {
      if (process.memoryUsage.rss() > TRACKER_LIMITS.xlsxProcessMb * 1024 * 1024) finish(() => reject(bomb()));
    }, 20);
    worker.on('message', (answer: XlsxAnswer) => finish(() => (answer.ok ? resolve(answer.sheets) : reject(new TrackerError(answer.message)))));
    worker.on('error', (error: Error & { code?: string }) => finish(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? bomb() : new TrackerError(`${file} cannot be read as an .xlsx workbook: ${error.message}`))));
    worker.on('exit', (code) => finish(() => reject(new TrackerError(`${file}: reading it stopped (exit ${code})`))));
  });
}

/** Worker side: exceljs loads the workbook, and each sheet goes back as plain rows of typed cells. */
async function serveXlsx(job: XlsxJob): Promise<XlsxAnswer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(job.bytes) as any);
  } catch (error) {
    return { ok: false, message: `${job.file} cannot be read as an .xlsx workbook (${(error as Error).message.split('\n')[0]}); open it in Excel and save it again as "Excel Workbook (.xlsx)"` };
  }
  const sheets: TrackerSheet[] = [];
  for (const worksheet of workbook.worksheets) {
    if (worksheet.rowCount > TRACKER_LIMITS.maxRows) return { ok: false, message: `${tooManyRows(job.file).message} (sheet \`${worksheet.name}\`)` };
    if (worksheet.columnCount > TRACKER_LIMITS.maxColumns) return { ok: false, message: `${tooManyColumns(job.file).message} (sheet \`${worksheet.name}\`)` };
    const rows: CellValue[][] = [];
    const mergedCopies = new Set<string>();
    let problem: string | undefined;
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: CellValue[] = [];
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        const value = cellValue(cell.value, cell.numFmt);
        if (value.kind === 'text' && value.text.length > TRACKER_LIMITS.maxCellChars) problem ??= longCell(job.file, cell.address, value.text.length).message;
        cells[columnNumber - 1] = value;
        if (cell.isMerged && cell.master.address !== cell.address) mergedCopies.add(cell.address);
      });
      rows[rowNumber - 1] = Array.from(cells, (c) => c ?? EMPTY);
    });
    if (problem) return { ok: false, message: problem };
    sheets.push({ name: worksheet.name, rows: Array.from(rows, (r) => r ?? []), mergedCopies });
  }
  return { ok: true, sheets };
}

/** exceljs's cell value as the core's: dates as days (a month when the format shows no day), formulas as their result. */
function cellValue(value: unknown, numFmt: string | undefined): CellValue {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return value.trim() ? { kind: 'text', text: value } : EMPTY;
  if (typeof value === 'boolean') return { kind: 'text', text: value ? 'TRUE' : 'FALSE' };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return EMPTY;
    // A cell formatted `0%` holds 0.8 and shows 80%: the plan wants what the author saw.
    if (numFmt && /%/.test(withoutLiterals(numFmt))) return { kind: 'number', value: Number((value * 100).toPrecision(12)), percent: true };
    return { kind: 'number', value };
  }
  if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time)) return EMPTY;
    const day = Math.floor(time / 86_400_000);
    return numFmt && !/d/i.test(withoutLiterals(numFmt)) && /m/i.test(withoutLiterals(numFmt)) ? { kind: 'date', day, month: true } : { kind: 'date', day };
  }
  if (typeof value === 'object') {
    const v = value as Record<string, any>;
    if ('formula' in v || 'sharedFormula' in v) {
      if (v.result === undefined || v.result === null || (typeof v.result === 'object' && 'error' in v.result)) {
        return v.result?.error ? { kind: 'text', text: String(v.result.error) } : { kind: 'formula', formula: String(v.formula ?? v.sharedFormula) };
      }
      return cellValue(v.result, numFmt);
    }
    if (Array.isArray(v.richText)) return cellValue(v.richText.map((part: { text?: string }) => part.text ?? '').join(''), numFmt);
    if (typeof v.text === 'string') return cellValue(v.text, numFmt);
    if ('error' in v) return { kind: 'text', text: String(v.error) };
  }
  return { kind: 'text', text: String(value) };
}

/** A number format without its quoted text, `[...]` sections and escaped characters: `"Due "dd/mm` is `dd/mm`. */
function withoutLiterals(format: string): string {
  let kept = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '\\') i++;
    else if (c === '"' || c === '[') {
      const close = format.indexOf(c === '"' ? '"' : ']', i + 1);
      i = close < 0 ? format.length : close;
    } else kept += c;
  }
  return kept;
}

if (!isMainThread && (workerData as XlsxJob | undefined)?.cplanXlsxWorker) {
  serveXlsx(workerData as XlsxJob).then(
    (answer) => parentPort!.postMessage(answer),
    (error: Error) => parentPort!.postMessage({ ok: false, message: `${(workerData as XlsxJob).file} cannot be read as an .xlsx workbook: ${error.message}` }),
  );
}
