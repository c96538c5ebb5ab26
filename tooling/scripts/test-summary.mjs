#!/usr/bin/env node
// Adds up the vitest JSON reports that each workspace package's `test` task wrote to
// .test-results/vitest.json and prints one closing line: "Tests: N passed, N failed, N skipped".
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const dir of ["packages", "apps"]) {
  const base = path.join(root, dir);
  if (!fs.existsSync(base)) continue;
  for (const pkg of fs.readdirSync(base).sort()) {
    const report = path.join(base, pkg, ".test-results/vitest.json");
    if (!fs.existsSync(path.join(base, pkg, "package.json"))) continue;
    if (!fs.existsSync(report)) {
      rows.push(`  ${dir}/${pkg}: no test report`);
      continue;
    }
    const r = JSON.parse(fs.readFileSync(report, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    rows.push(`  ${dir}/${pkg}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  }
}
console.log(`\nTest reports:\n${rows.join("\n")}`);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
