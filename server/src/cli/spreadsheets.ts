/**
 * The spreadsheet half of the CLI, bundled apart (dist/import.mjs) and loaded only by `cplan import` and
 * `cplan report --format xlsx`: exceljs and csv-parse are most of its size, and no other command needs them.
 */
export * from './import-command.js';
export { renderXlsx } from '../report/spreadsheet.js';
