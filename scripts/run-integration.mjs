// Integration tests in real VS Code: mocha runs inside code-server's extension host (test/integration/index.ts).
// A second session runs test/untrusted with Workspace Trust on, on a folder nobody trusted (Restricted Mode).
// Usage: node scripts/run-integration.mjs [--no-build] [--verbose]   env: EMBEDDING_LENS_DATA, TEST_TIMEOUT_S, KEEP_TEMP,
//        EMBEDDING_LENS_TEST_GREP (mocha grep, both sessions)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { dataDir, extractWorkspace, launchBrowser, resultLines, root, startCodeServer, tempDir } from './vscode-harness.mjs';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || !!process.env.VERBOSE;
const timeoutMs = Number(process.env.TEST_TIMEOUT_S ?? 300) * 1000;
const started = Date.now();
const secs = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function finish(passed, failed, lines = []) {
  for (const l of lines) console.log(l);
  console.log(`integration: finished in ${secs()}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

/** One code-server, one browser page, one in-host mocha run; returns its counts and result lines. */
async function session({ label, entry, workspace, workspaceTrust = false }) {
  const tmp = tempDir('el-integration-');
  const resultsPath = join(tmp, 'results.json');
  const server = await startCodeServer({
    workspaceTrust,
    env: { EMBEDDING_LENS_DATA: dataDir(), EMBEDDING_LENS_TEST_RESULTS: resultsPath },
    log: verbose ? (l) => console.log(`[code-server] ${l}`) : undefined,
  });
  console.log(`integration${label}: code-server on ${server.base}, workspace ${workspace} (${secs()})`);

  const browser = await launchBrowser();
  const page = await browser.newPage();
  let exitCode;
  const exited = new Promise((resolve) => {
    page.exposeFunction('codeAutomationExit', (code) => { exitCode = code; resolve(code); });
  });
  // Host/workbench console: shown live with --verbose, errors always, everything if the run fails to report.
  const hostLog = [];
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    const text = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
    if (/ENOTFOUND open-vsx\.org/.test(text)) return;
    const line = `  [host ${type}] ${text}`;
    hostLog.push(line);
    if (verbose || type === 'error') console.log(line);
  });
  if (verbose) page.on('console', (m) => console.log(`  [page ${m.type()}] ${m.text()}`));

  await page.goto(server.url(workspace, { extensionDevelopmentPath: root, extensionTestsPath: entry }));
  const timedOut = await Promise.race([exited.then(() => false), new Promise((r) => setTimeout(() => r(true), timeoutMs))]);
  if (timedOut) {
    const shot = join(root, `test-artifacts/integration/timeout${label.replace(/\W+/g, '-')}.png`);
    mkdirSync(join(root, 'test-artifacts/integration'), { recursive: true });
    await page.screenshot({ path: shot }).catch(() => {});
    console.log(`integration${label}: timed out after ${timeoutMs / 1000} s (screenshot ${shot})`);
  }
  await browser.close().catch(() => {});
  await server.stop();

  if ((!existsSync(resultsPath) || timedOut) && !verbose) for (const l of hostLog) console.log(l);
  if (!existsSync(resultsPath)) {
    return { passed: 0, failed: 1, lines: [`  ✗${label} no results file: run() never completed (exit code ${exitCode ?? 'none'}${timedOut ? ', timed out' : ''})`] };
  }
  const results = JSON.parse(readFileSync(resultsPath, 'utf8'));
  const lines = resultLines(results);
  let failed = results.failed;
  if (timedOut) { failed += 1; lines.push(`  ✗${label} timed out before the extension host exited`); }
  else if (exitCode !== 0 && failed === 0) { failed += 1; lines.push(`  ✗${label} extension host exited with code ${exitCode}`); }
  return { passed: results.passed, failed, lines };
}

/**
 * A small folder whose .vscode/settings.json tries to reconfigure the lens: evaluation files outside the folder
 * and /dev/zero, a 1 GB size cap (with a 3 MB file to show it is ignored), 256 threads, 1,000 epochs, 1,000
 * dimensions, every file included and all Markdown excluded.
 */
function untrustedWorkspace(tmp) {
  const folder = extractWorkspace(join(tmp, 'untrusted'), { limit: 12 });
  const outside = join(tmp, 'outside');
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'questions.txt'), ': capital\nathens greece baghdad iraq\n');
  writeFileSync(join(folder, 'zz-big.md'), 'word '.repeat((3 * 1024 * 1024) / 5));
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({
    'embeddingLens.eval.analogies': join(outside, 'questions.txt'),
    'embeddingLens.eval.similarity': ['/dev/zero', join(outside, 'questions.txt')],
    'embeddingLens.maxFileSizeKB': 1024 * 1024,
    'embeddingLens.threads': 256,
    'embeddingLens.epochs': 1000,
    'embeddingLens.dimensions': 1000,
    'embeddingLens.include': ['**/*'],
    'embeddingLens.exclude': ['**/*.md'],
  }, null, 2));
  return folder;
}

try {
  if (!args.includes('--no-build')) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  const entry = join(root, 'dist/test/integration/index.js');
  const untrustedEntry = join(root, 'dist/test/untrusted/index.js');
  for (const f of [entry, untrustedEntry]) if (!existsSync(f)) throw new Error(`${f} missing: build first (node scripts/build.mjs)`);
  if (!existsSync(join(root, 'dist/extension.js'))) throw new Error('dist/extension.js missing: is src/extension/activate.ts there?');

  const tmp = tempDir('el-integration-ws-');
  const main = await session({ label: '', entry, workspace: extractWorkspace(join(tmp, 'workspace')) });
  const restricted = await session({ label: ' (Restricted Mode)', entry: untrustedEntry, workspace: untrustedWorkspace(tmp), workspaceTrust: true });
  finish(main.passed + restricted.passed, main.failed + restricted.failed, [...main.lines, ...restricted.lines]);
} catch (err) {
  finish(0, 1, [`  ✗ integration harness: ${err?.stack ?? err}`]);
}
