#!/usr/bin/env node
// Prints the totals alone on the last line, `N passed, N failed`, from Jest's JSON results.
// A suite that failed to run (syntax error, failing hook) counts as a failure too; the optional
// second argument adds failed static checks (lint, type-check, format).
const fs = require('node:fs');

const [file = 'reports/jest.json', extra = '0'] = process.argv.slice(2);
let passed = 0;
let failed = Number(extra) || 0;
try {
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed = results.numPassedTests;
  failed += results.numFailedTests;
  failed += results.testResults.filter(
    (suite) => suite.status === 'failed' && suite.assertionResults.every((t) => t.status !== 'failed'),
  ).length;
  if (results.numTotalTests === 0) failed += 1;
} catch (error) {
  console.error(`no Jest results in ${file}: ${error.message}`);
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
