// Lints the committed OpenAPI document with Redocly's recommended rules (redocly.yaml) and fails on any
// problem, warnings included (`redocly lint` alone passes with warnings). `npm run generate:check` keeps the
// document in step with the code, so this lints what the API serves at /api/openapi.json.
//   npm run lint:openapi
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspace = join(dirname(fileURLToPath(import.meta.url)), '..');
const document = 'libs/api-client/openapi.json';
const cli = join(workspace, 'node_modules/@redocly/cli/bin/cli.js');

const run = spawnSync(
  process.execPath,
  [cli, 'lint', document, '--config', 'redocly.yaml', '--format', 'json', '--max-problems', '1000'],
  { cwd: workspace, encoding: 'utf8' },
);
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  // Not a report: Redocly itself failed (its stderr says why).
  process.stderr.write(run.stderr || run.stdout || `redocly lint exited with ${run.status}\n`);
  process.exit(1);
}
const { errors, warnings, ignored } = report.totals;
for (const problem of report.problems) {
  const at = problem.location?.[0];
  const where = at ? `${at.pointer}${at.start ? ` (line ${at.start.line})` : ''}` : '';
  process.stderr.write(`${problem.severity} ${problem.ruleId}: ${problem.message} ${where}\n`);
}
const summary = `${document}: ${errors} errors, ${warnings} warnings, ${ignored} ignored (Redocly recommended rules).\n`;
if (errors + warnings + ignored > 0) {
  process.stderr.write(
    `${summary}Fix the decorators (see apps/api/src/openapi.ts), then npm run generate.\n`,
  );
  process.exit(1);
}
process.stdout.write(summary);
