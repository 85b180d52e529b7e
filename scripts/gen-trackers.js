// Writes the example trackers of examples/trackers/ as .xlsx (with exceljs, as Excel would save them: real
// dates, percentages, merged workstream cells, a formula with its saved result) and as .csv (what Excel's
// "CSV UTF-8" export of the same sheet holds). `node scripts/gen-trackers.js [folder]`; a test checks that the
// committed files are what this script writes. Built from ../shared/seeds 001 (ADTDG priorities) and 003 (the
// long term plan's workstreams).
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const outDir = path.resolve(process.argv[2] ?? path.join(root, 'examples/trackers'));

const utc = (y, m, d) => new Date(Date.UTC(y, m - 1, d));
/** A date cell shown as a day (`dd/mm/yyyy`). */
const day = (y, m, d) => ({ date: utc(y, m, d), format: 'dd/mm/yyyy', shown: `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}` });
/** A date cell shown as a month (`mmm-yy`), as Excel writes `Mar-25`. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const month = (y, m) => ({ date: utc(y, m, 1), format: 'mmm-yy', shown: `${MONTHS[m - 1]}-${String(y % 100).padStart(2, '0')}` });
/** A number cell with a display format. */
const num = (value, format, shown) => ({ number: value, format, shown: shown ?? String(value) });
/** A formula with its saved result. */
const formula = (text, result, format, shown) => ({ formula: text, result, format, shown: shown ?? String(result) });

const TRACKERS = [
  {
    name: 'ncl-adtdg-intentions-2025-26',
    sheet: 'Tracker',
    above: [
      ['NCL Cancer Alliance - Acute Diagnostics and Treatment Delivery Group (ADTDG) commissioning intentions tracker 2025-26'],
      ['Last updated: 30/06/2025. RAG: Green on track, Amber at risk, Red off track, Blue complete.'],
      [],
    ],
    header: ['Workstream', 'Ref', 'Priority', 'Commissioning intention', 'Lead', 'By when', 'RAG', 'Progress update', 'Strategic aims', 'Frequency'],
    widths: [26, 9, 30, 60, 26, 12, 11, 50, 14, 12],
    groups: [
      ['Faster diagnosis pathways', [
        ['ADT-01', 'ADTDG-1 FIT', 'Evaluate the FIT pathway and agree future delivery in primary or secondary care', 'FIT Programme Lead', 'Q3 FY25/26', 'Amber', 'Evaluation report drafted; primary care option being costed.', 'SA1, SA3'],
        ['ADT-03', 'ADTDG-3 Breast Pain', 'Sustainable breast pain pathways in place at every provider', 'Breast ERG Chair', 'Q4 24/25', 'Blue', 'All four providers live from March 2025.', 'SA1, SA3'],
        ['ADT-04a', 'ADTDG-4 Skin 2ww Teledermatology', 'Teledermatology rolled out across all USC skin pathway providers', 'Skin Pathway Manager', day(2024, 6, 30), 'Complete', null, 'SA3'],
        ['ADT-04b', 'ADTDG-4 Skin 2ww Teledermatology', 'Teledermatology services commissioned as business as usual', 'Skin Pathway Manager', month(2025, 3), 'Green', 'BAU contracts signed at three of four providers.', 'SA3'],
        ['ADT-06', 'ADTDG-6 Non-Specific Symptoms', 'Non-specific symptoms pathways fully commissioned', 'NSS Pathway Lead', 'Q4 24/25', 'Red', 'Recurrent funding for one provider not yet agreed.', 'SA1'],
        ['ADT-07', 'ADTDG-7 Colon Capsule Endoscopy', 'Evaluate colon capsule endoscopy and support providers that wish to continue it', 'Endoscopy Lead', 'TBC', 'Amber', 'Awaiting the national evaluation.', 'SA6'],
      ]],
      ['Treatment variation and outcomes', [
        ['ADT-02', 'ADTDG-2 Treatment Variation', 'Add oesophago-gastric cancer and SACT service evaluations to the treatment variation programme', 'Treatment Variation Lead', '31/03/2026', 'Green', null, 'SA2, SA3'],
        ['ADT-05', 'ADTDG-5 Lynch Syndrome', 'Review the Lynch syndrome surveillance hub pilot at UCLH', 'Lynch Syndrome Clinical Lead', 'next spring', 'Amber', 'Pilot extended; review date to be set.', 'SA1'],
        ['ADT-08', 'ADTDG-8 Breast Outcomes', 'Close the breast outcomes project and move its oversight to the Breast ERG', 'Breast ERG Chair', 'Q4 FY24/25', 'Complete', null, 'SA2'],
        ['ADT-09', 'ADTDG-9 Liver Surveillance', 'Set the liver surveillance baseline and meet the national minimum standards for HCC surveillance', 'Hepatology Network Lead', 'Mar-26', 'Slipped', 'Baseline audit delayed by data access at two providers.', 'SA1, SA4'],
      ]],
      ['Data, MDTs and workforce', [
        ['ADT-10', 'ADTDG-10 Recording BPTP Milestones', 'BPTP data collected for colorectal and prostate diagnostics', 'Cancer Data Lead', 'Q2 2025/26', 'Green', null, 'SA3'],
        ['ADT-11', 'ADTDG-11 COSD/Staging Completeness', 'Providers meet the national COSD staging completeness standards', 'Cancer Data Lead', 'by Q4 2025/26', 'Amber', 'Two providers below 70% staging completeness.', 'SA3'],
        ['ADT-12', 'ADTDG-12 MDT Optimisation', 'MDT care standards agreed and in use across the sector', 'MDT Optimisation Lead', 'H2 2025/26', 'Green', null, 'SA3'],
        ['ADT-13', 'ADTDG-13 Admin and Clerical Workforce', 'Audit of the cancer MDT coordinator workforce', 'Workforce Lead', '2025/26', 'Green', 'Last audit completed April 2025.', 'SA5', 'Six-monthly'],
      ]],
      ['Networks, research and engagement', [
        ['ADT-14', 'ADTDG-14 Patient Engagement and Involvement and Experience of Care', 'A patient representative on every expert reference group', 'Patient Experience Lead', 'Q1 2025/26', 'Red', 'Two ERGs still without a representative.', 'SA2'],
        ['ADT-15', 'ADTDG-15 Clinical Networks', 'Network Director posts funded for 2025/26', 'Alliance Director', day(2025, 4, 30), 'Blue', null, 'SA5'],
        ['ADT-16', 'ADTDG-16 Research', 'Support the research projects of the ADT programme', 'Research Lead', 'Q4 2025/26', 'Green', null, 'SA6'],
        ['ADT-17', 'ADTDG-17 Low Volume High Risk Pathways', 'Oversee low volume high risk pathways with the network and medical directors', 'Alliance Medical Director', 'Q4 2025/26', 'Not started', null, 'SA3'],
      ]],
    ],
  },
  {
    name: 'ncl-ltp-year-1',
    sheet: 'Year 1 delivery',
    above: [
      ['NCL Long Term Plan - cancer workstreams: Year 1 (2019/20) milestones and metrics'],
      [],
    ],
    header: ['Workstream', 'Ref', 'Milestone', 'Metric', 'Owner', 'Deadline', 'Status', 'Date completed', 'Unit', 'Baseline', 'Baseline period', 'Target', 'Target date', 'Actual', 'Source', 'Commentary', 'Objectives'],
    widths: [40, 6, 50, 40, 30, 12, 12, 14, 8, 10, 16, 10, 12, 10, 36, 40, 14],
    groups: [
      ['Workstream 1 - Earlier diagnosis through the national screening programmes', [
        ['1.1', 'Launch the HPV self-sampling study in Barnet, Camden and Islington', null, 'Earlier Diagnosis Programme Lead', 'Year 1', 'At risk', null, null, null, null, null, null, null, null, 'Kits ordered; practice recruitment slower than planned in Islington.', 'LTP-O1, LTP-O4'],
        ['1.2', 'Deliver and evaluate the breast screening text reminder and bowel screening telephone reminder projects', null, 'Earlier Diagnosis Programme Lead', 'Year 1', 'On track', null, null, null, null, null, null, null, null, null, 'LTP-O1'],
        ['1.3', 'Set up the earlier diagnosis delivery group to oversee screening work', null, 'Earlier Diagnosis Programme Lead', 'Q3 2019/20', 'Complete', day(2019, 10, 15), null, null, null, null, null, null, null, null, 'LTP-O1'],
        ['1.4', null, 'Breast screening coverage (women aged 53-70)', 'Screening Commissioning Manager', null, null, null, '%', num(64, '0.0', '64.0'), '2017/18', num(70, '0'), '2023/24', num(65.2, '0.0'), 'NHS screening programme KPIs (PHE Fingertips)', null, 'LTP-O4'],
        ['1.5', null, 'Bowel screening coverage (ages 60-74)', 'Screening Commissioning Manager', null, null, null, '%', num(50.3, '0.0'), '2017/18', num(60, '0'), '2023/24', num(51.1, '0.0'), 'NHS screening programme KPIs (PHE Fingertips)', null, 'LTP-O4'],
        ['1.6', null, 'Cervical screening coverage (ages 25-49)', 'Screening Commissioning Manager', null, null, null, '%', num(60.2, '0.0'), 'Up to March 2019', formula('J9+5', 65.2, '0.0'), '2023/24', null, 'NHS screening programme KPIs (PHE Fingertips)', 'Target: baseline plus five points.', 'LTP-O4'],
      ]],
      ['Workstream 2 - Earlier diagnosis for risk stratified and symptomatic populations', [
        ['2.1', 'Publish the qFIT study', null, 'Early Diagnosis Clinical Lead', 'Year 1', 'Complete', day(2020, 1, 10), null, null, null, null, null, null, null, null, 'LTP-O1'],
        ['2.2', 'Monitor the impact of FIT on endoscopy activity and agree safety netting for high risk patients', null, 'Early Diagnosis Clinical Lead', 'Year 1', 'Amber', null, null, null, null, null, null, null, null, 'Endoscopy data feed from two trusts outstanding.', 'LTP-O1'],
        ['2.3', 'Maximise uptake of lung health checks through the SUMMIT study', null, 'SUMMIT Study Manager', 'Year 1', 'Green', null, null, null, null, null, null, null, null, null, 'LTP-O1'],
        ['2.4', null, 'Cancers diagnosed at stage 1 or 2', 'Early Diagnosis Clinical Lead', null, null, null, null, '52%', '2018/19', '75%', '2028', null, 'National Cancer Registration Dataset', null, 'LTP-O1'],
      ]],
      ['Workstream 3 - Innovative models of access: Rapid Diagnostic Centres', [
        ['3.1', 'Develop the RDC model and commission it at UCH, North Middlesex and the Royal Free', null, 'RDC Programme Manager', month(2020, 3), 'On track', null, null, null, null, null, null, null, null, null, 'LTP-O2'],
        ['3.2', null, 'Vague symptom pathway sites commissioned as Rapid Diagnostic Centres', 'RDC Programme Manager', null, null, null, 'sites', num(0, '0'), 'Q2 2019/20', num(3, '0'), 'Year 1', num(1, '0'), 'Cancer Alliance RDC returns', null, 'LTP-O2'],
      ]],
      ['Workstream 5 - Acute operational performance (FDS and 62 day)', [
        ['5.1', 'Establish comprehensive data capture for the Faster Diagnosis Standard', null, 'Cancer Performance Lead', '31/03/2020', 'Off track', null, null, null, null, null, null, null, null, 'Two trusts cannot yet report the 28-day clock stop.', 'LTP-O2'],
        ['5.2', 'Deliver digital image sharing across NEL', null, 'Imaging Network Lead', 'Mar-20', 'Not started', null, null, null, null, null, null, null, null, null, 'LTP-O2'],
        ['5.3', null, 'Patients treated within 62 days of an urgent GP referral', 'Cancer Performance Lead', null, null, null, null, num(0.796, '0.0%', '79.6%'), '2018/19', num(0.85, '0%', '85%'), '2020/21', num(0.772, '0.0%', '77.2%'), 'Cancer Waiting Times (CWT)', null, 'LTP-O2'],
        ['5.4', null, 'Patients starting a first treatment within 62 days (per year)', 'Cancer Performance Lead', null, null, null, 'patients', num(3412, '#,##0', '3,412'), '2018/19', '3,750', '2020/21', null, 'Cancer Waiting Times (CWT)', null, 'LTP-O2'],
      ]],
      ['Workstream 6 - Personalised care', [
        ['6.1', 'Each provider implements the breast stratified follow-up pathway', null, 'Personalised Care Lead', 'Years 1-2', 'On track', null, null, null, null, null, null, null, null, null, 'LTP-O3'],
        ['6.2', 'Each provider implements the colorectal stratified follow-up pathway', null, 'Personalised Care Lead', 'Years 1-2', 'TBC', null, null, null, null, null, null, null, null, null, 'LTP-O3'],
      ]],
    ],
  },
];

/** The rows of a tracker as written: rows above the header, the header, then each group and a blank row after it. */
function rowsOf(tracker) {
  const rows = [...tracker.above.map((r) => ({ cells: r })), { cells: tracker.header, header: true }];
  tracker.groups.forEach(([workstream, entries], g) => {
    entries.forEach((entry, i) => rows.push({ cells: [workstream, ...entry], group: g, first: i === 0, last: i === entries.length - 1 }));
    if (g < tracker.groups.length - 1) rows.push({ cells: [] });
  });
  return rows;
}

function shown(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return value.shown;
  return String(value);
}

/** CSV as Excel writes it: quotes only where needed, CRLF line ends, every row as wide as the header. */
function csvOf(tracker) {
  const width = tracker.header.length;
  const quote = (text) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return rowsOf(tracker).map(({ cells, group, first }) => {
    const row = Array.from({ length: width }, (_, i) => shown(cells[i]));
    // Excel exports a merged cell's value in its top-left cell only.
    if (group !== undefined && !first) row[0] = '';
    return row.map(quote).join(',');
  }).join('\r\n') + '\r\n';
}

async function xlsxOf(tracker) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'cplan scripts/gen-trackers.js';
  workbook.created = workbook.modified = utc(2025, 6, 30);
  const sheet = workbook.addWorksheet(tracker.sheet, { views: [{ state: 'frozen', ySplit: tracker.above.length + 1 }] });
  sheet.columns = tracker.widths.map((width) => ({ width }));
  let groupStart;
  rowsOf(tracker).forEach(({ cells, header, group, first, last }, r) => {
    const row = sheet.getRow(r + 1);
    cells.forEach((value, c) => {
      if (value === null || value === undefined) return;
      const cell = row.getCell(c + 1);
      if (group !== undefined && c === 0 && !first) return; // merged below the group's first cell
      if (typeof value !== 'object') cell.value = value;
      else if (value.date) cell.value = value.date;
      else if (value.formula) cell.value = { formula: value.formula, result: value.result };
      else cell.value = value.number;
      if (typeof value === 'object' && value.format) cell.numFmt = value.format;
      cell.alignment = { vertical: 'top', wrapText: true };
    });
    if (header) row.font = { bold: true };
    if (group !== undefined && first) groupStart = r + 1;
    if (group !== undefined && last && r + 1 > groupStart) sheet.mergeCells(groupStart, 1, r + 1, 1);
  });
  return workbook;
}

fs.mkdirSync(outDir, { recursive: true });
for (const tracker of TRACKERS) {
  fs.writeFileSync(path.join(outDir, `${tracker.name}.csv`), csvOf(tracker));
  await (await xlsxOf(tracker)).xlsx.writeFile(path.join(outDir, `${tracker.name}.xlsx`));
}
process.stdout.write(`Wrote ${TRACKERS.length * 2} trackers to ${path.relative(process.cwd(), outDir) || '.'}\n`);
