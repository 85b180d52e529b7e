/** Where `cplan report` may write: never over a plan, a framework or an input. */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, readHead } from '../node/files.js';
import { sniffKind } from '../core/document.js';

/**
 * Where the report goes: the file `--out` names, or the file its link points to. Never over what it reports on:
 * an input, or any plan or framework already there.
 */
export function outputTarget(outFile: string, shown: string, inputs: readonly string[]): string {
  let real: string;
  try {
    real = fs.realpathSync(outFile);
  } catch {
    return outFile;
  }
  const kind = sniffKind(readHeadOrEmpty(real)) ?? (inputs.some((input) => sameFile(input, real)) ? 'input' : undefined);
  if (!kind) return real;
  const what = kind === 'plan' ? 'the commissioning plan' : kind === 'framework' ? 'the framework' : 'the input file';
  const shownReal = (path.relative(process.cwd(), real) || real).split(path.sep).join('/');
  throw new UsageError(`--out ${shown} would overwrite ${what} ${shownReal}; write the report to another file, e.g. --out report.html`);
}

function sameFile(file: string, real: string): boolean {
  try {
    return fs.realpathSync(file) === real;
  } catch {
    return false;
  }
}

function readHeadOrEmpty(file: string): string {
  try {
    return fs.statSync(file).isFile() ? readHead(file) : '';
  } catch {
    return '';
  }
}

export function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

