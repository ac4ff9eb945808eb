// `npm test`: build once, then the unit, robustness, integration (real VS Code) and UI end-to-end suites.
// Usage: node scripts/test.mjs [unit] [robustness] [integration] [ui]   (default: all, in that order)
// One file: node scripts/build.mjs && node --test dist/test/unit/<area>/<name>.test.js
// Ends with one line `N passed, N failed` summed over the suites; exits non-zero on any failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseCounts, root } from './vscode-harness.mjs';

const all = ['unit', 'robustness', 'integration', 'ui'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((s) => !all.includes(s));
if (unknown.length) { console.error(`unknown suite(s): ${unknown.join(', ')} (choose from ${all.join(', ')})`); process.exit(2); }
const suites = wanted.length ? all.filter((s) => wanted.includes(s)) : all;

/** Run a command, echoing its output live; resolves with { code, text }. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (b) => { text += b; process.stdout.write(b); });
    child.stderr.on('data', (b) => { text += b; process.stderr.write(b); });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), text }));
  });
}

function unitCounts(text) {
  const n = (key) => Number(text.match(new RegExp(`^ℹ ${key} (\\d+)$`, 'm'))?.[1] ?? 0);
  if (!/^ℹ tests \d+$/m.test(text)) return undefined;
  return { passed: n('pass'), failed: n('fail') + n('cancelled') };
}

/** node's test runner over one built folder (recursively), one file at a time. */
function nodeTests(dir) {
  if (!existsSync(join(root, dir))) return undefined;
  return [process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', dir], unitCounts];
}

const commands = {
  unit: () => nodeTests('dist/test/unit/'),
  // fuzzing, faults, hostile corpora and files through the built CLI: slower, so a suite of its own
  robustness: () => nodeTests('dist/test/robustness/'),
  integration: () => [process.execPath, ['scripts/run-integration.mjs', '--no-build'], parseCounts],
  ui: () => [process.execPath, ['scripts/run-ui.mjs', '--no-build'], parseCounts],
};

const t0 = Date.now();
console.log('== build ==');
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
const summary = [];
if (build.status !== 0) {
  summary.push({ name: 'build', passed: 0, failed: 1, seconds: (Date.now() - t0) / 1000, note: 'build failed; no tests ran' });
} else {
  // esbuild bundles without checking types, so the type checker runs here, once, as a check of its own.
  const checked = Date.now();
  console.log('\n== typecheck ==');
  const tsc = await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--noEmit']);
  summary.push({ name: 'typecheck', passed: tsc.code === 0 ? 1 : 0, failed: tsc.code === 0 ? 0 : 1, seconds: (Date.now() - checked) / 1000, note: tsc.code === 0 ? '' : 'tsc -p . --noEmit reported errors' });
  for (const name of suites) {
    const started = Date.now();
    console.log(`\n== ${name} ==`);
    const spec = commands[name]();
    if (!spec) {
      console.log(`${name}: no test files built`);
      summary.push({ name, passed: 0, failed: 0, seconds: 0, note: 'no tests' });
      continue;
    }
    const [cmd, args, parse] = spec;
    const { code, text } = await run(cmd, args);
    const counts = parse(text) ?? { passed: 0, failed: 0 };
    let note = '';
    // A crash or a non-zero exit with no counted failure still fails the run.
    if (code !== 0 && counts.failed === 0) { counts.failed = 1; note = `exit code ${code} without a counted failure`; }
    summary.push({ name, ...counts, seconds: (Date.now() - started) / 1000, note });
  }
}

console.log('\n== summary ==');
for (const s of summary) {
  console.log(`${s.name.padEnd(12)} ${String(s.passed).padStart(4)} passed, ${String(s.failed).padStart(3)} failed  (${s.seconds.toFixed(1)} s)${s.note ? `  ${s.note}` : ''}`);
}
const passed = summary.reduce((a, s) => a + s.passed, 0);
const failed = summary.reduce((a, s) => a + s.failed, 0);
console.log(`total time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
