#!/usr/bin/env node
// The floor of `npm run bench`: the least any tool that understands these plans must do. It reads every .md
// file under a folder, finds the front matter and every ```yaml fence with one linear scan of the lines
// (fences may sit in list items or block quotes, as in the examples), and parses each with `parseDocument`
// from `yaml`, the same package cplan uses. No rules, no model, no output but the count.
//
//   node bench/floor.mjs <folder>
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

function* markdownFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* markdownFiles(full);
    else if (entry.isFile() && entry.name.endsWith('.md')) yield full;
  }
}

const OPEN = /^((?:[ \t]*>)*[ \t]*)(`{3,}|~{3,})[ \t]*yaml\b/;

/** The YAML texts of a Markdown file: its front matter and its ```yaml blocks. */
export function yamlBlocks(text) {
  const lines = text.split(/\r?\n/);
  const blocks = [];
  let i = 0;
  if (lines[0] === '---') {
    const end = lines.indexOf('---', 1);
    if (end > 0) {
      blocks.push(lines.slice(1, end).join('\n'));
      i = end + 1;
    }
  }
  for (; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]);
    if (!open) continue;
    const prefix = open[1].length;
    const fence = open[2];
    const content = [];
    for (i++; i < lines.length; i++) {
      const line = lines[i].slice(prefix);
      const closing = line.trim();
      if (closing.length >= fence.length && closing === fence[0].repeat(closing.length)) break;
      content.push(line);
    }
    blocks.push(content.join('\n'));
  }
  return blocks;
}

export function floor(dir) {
  let files = 0;
  let blocks = 0;
  let errors = 0;
  for (const file of markdownFiles(dir)) {
    files++;
    for (const source of yamlBlocks(fs.readFileSync(file, 'utf8'))) {
      const doc = parseDocument(source);
      blocks++;
      if (doc.errors.length) errors++;
    }
  }
  return { files, blocks, errors };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node bench/floor.mjs <folder>\n');
    process.exit(2);
  }
  const { files, blocks, errors } = floor(path.resolve(dir));
  process.stdout.write(`${files} files, ${blocks} YAML blocks parsed (${errors} with errors)\n`);
}
