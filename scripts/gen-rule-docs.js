// Writes what the rule registry says into the committed files that list rules: the properties of package.json's
// `cplan.rules` setting (so VS Code completes rule ids in settings.json), the `rules` of
// schemas/cplanrc.schema.json, the table of docs/rules/README.md and the head of each docs/rules/<id>.md (a new
// rule gets a page to fill in). Run it after adding a rule or changing a rule's id, severity or description:
//   npm run build && node scripts/gen-rule-docs.js
// The build does not run it, so committed docs never change behind a reviewer's back; test/rule-docs.test.ts
// fails while a committed file differs from what this would write.
import fs from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const compiled = (file) => new URL(`../out/server/src/${file}`, import.meta.url);
if (!fs.existsSync(compiled('core/rule-docs.js'))) {
  console.error('gen-rule-docs: out/ is missing; run `npm run build` first.');
  process.exit(2);
}
const { RULES } = await import(compiled('core/rules/index.js'));
const { generatedRuleFiles } = await import(compiled('core/rule-docs.js'));

const read = (file) => (fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : undefined);
let written = 0;
for (const [file, text] of generatedRuleFiles(read, RULES)) {
  if (read(file) === text) continue;
  fs.writeFileSync(path.join(root, file), text);
  console.log(`wrote ${file}`);
  written++;
}
if (written === 0) console.log('gen-rule-docs: every file is up to date');
