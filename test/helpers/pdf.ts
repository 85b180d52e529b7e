import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Printing a page with Debian's Chromium and reading the PDF back with poppler (pdftotext, pdftoppm): the two are
 * independent of the report's code, so what they find is what a reader of the printed board pack would see.
 */

export const CHROMIUM = '/usr/bin/chromium';

export function hasPrintTools(): boolean {
  return fs.existsSync(CHROMIUM) && ['pdftotext', 'pdftoppm', 'pdfinfo'].every((tool) => spawnSync(tool, ['-v']).error === undefined);
}

/** Chromium's own `--print-to-pdf`, in a profile under `workDir`, so that nothing is written to $HOME. */
export function printToPdf(htmlFile: string, pdfFile: string, workDir: string): void {
  const profile = path.join(workDir, 'chromium-profile');
  const env = { ...process.env, HOME: workDir, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile, TMPDIR: workDir };
  const run = spawnSync(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--no-pdf-header-footer', `--print-to-pdf=${pdfFile}`,
    pathToFileURL(htmlFile).href,
  ], { encoding: 'utf8', timeout: 90_000, env });
  if (!fs.existsSync(pdfFile) || fs.statSync(pdfFile).size === 0) throw new Error(`chromium --print-to-pdf wrote nothing (exit ${run.status}): ${run.stderr}`);
}

export interface PdfWord {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

export interface PdfPage {
  /** In points. */
  width: number;
  height: number;
  words: PdfWord[];
  /** The text in the order it was drawn (`pdftotext -raw`): for Chromium, the order of the document. */
  raw: string;
}

const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

export function readPdf(pdfFile: string): PdfPage[] {
  const bbox = spawnSync('pdftotext', ['-bbox', pdfFile, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (bbox.status !== 0) throw new Error(`pdftotext -bbox failed: ${bbox.stderr}`);
  const raw = spawnSync('pdftotext', ['-raw', pdfFile, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (raw.status !== 0) throw new Error(`pdftotext -raw failed: ${raw.stderr}`);
  // pdftotext ends every page with a form feed.
  const texts = raw.stdout.split('\f');
  return bbox.stdout.split('<page ').slice(1).map((chunk, i) => {
    const [, width, height] = /width="([\d.]+)" height="([\d.]+)"/.exec(chunk)!;
    const words = [...chunk.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .map((m) => ({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: decode(m[5]) }));
    return { width: Number(width), height: Number(height), words, raw: texts[i] ?? '' };
  });
}

/** Page `page` (1-based) as a grey image: `pixel(x, y)` is 0 (black) to 255 (white). */
export function pageImage(pdfFile: string, page: number, dpi: number): { width: number; height: number; pixel: (x: number, y: number) => number } {
  const run = spawnSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), pdfFile], { maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`pdftoppm failed: ${run.stderr}`);
  const bytes = run.stdout as Buffer;
  // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte a pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a PGM image');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const offset = header[0].length;
  return { width, height, pixel: (x, y) => bytes[offset + y * width + x] };
}

/**
 * Whitespace collapsed, for comparing the text of an element with the text of a page: a line broken after a
 * hyphen (`case-` / `finding`) is joined again, and the space that a code span's padding puts beside punctuation
 * in the PDF (`on-track .`, `( due: TBC )`) is dropped. Both sides are squashed alike.
 */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/- /g, '-').replace(/ ([,.;:?!)])/g, '$1').replace(/\( /g, '(').trim();
}
