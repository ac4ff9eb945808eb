// Integration tests in real VS Code: mocha runs inside code-server's extension host (test/integration/index.ts).
// Usage: node scripts/run-integration.mjs [--no-build] [--verbose]   env: EMBEDDING_LENS_DATA, TEST_TIMEOUT_S, KEEP_TEMP
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { dataDir, extractCodeWorkspace, extractWorkspace, launchBrowser, resultLines, root, startCodeServer, tempDir } from './vscode-harness.mjs';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || !!process.env.VERBOSE;
// A hang guard per session (each session is one extension host run); generous, since a loaded machine is slow.
const timeoutMs = Number(process.env.TEST_TIMEOUT_S ?? 900) * 1000;
const started = Date.now();
const secs = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function finish(passed, failed, lines = []) {
  for (const l of lines) console.log(l);
  console.log(`integration: finished in ${secs()}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

try {
  if (!args.includes('--no-build')) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  const entry = join(root, 'dist/test/integration/index.js');
  if (!existsSync(entry)) throw new Error(`${entry} missing: build first (node scripts/build.mjs)`);
  if (!existsSync(join(root, 'dist/extension.js'))) throw new Error('dist/extension.js missing: is src/extension/activate.ts there?');

  const tmp = tempDir('el-integration-');
  // Two sessions, each its own extension host on its own folder: "main" (60 Kubernetes .md files) runs every
  // test file but code-*.test.js; "code" (requests + vscode-extension-samples) runs code-*.test.js.
  const sessions = [
    { name: 'main', workspace: extractWorkspace(join(tmp, 'workspace')) },
    { name: 'code', workspace: extractCodeWorkspace(join(tmp, 'code-workspace')) },
  ].filter((x) => !process.env.EMBEDDING_LENS_TEST_SESSION || x.name === process.env.EMBEDDING_LENS_TEST_SESSION);
  const server = await startCodeServer({
    env: { EMBEDDING_LENS_DATA: dataDir(), EMBEDDING_LENS_TEST_RESULTS: join(tmp, 'results.json') },
    log: verbose ? (l) => console.log(`[code-server] ${l}`) : undefined,
  });
  const browser = await launchBrowser();
  let passed = 0;
  let failed = 0;
  const lines = [];
  for (const session of sessions) {
    const { workspace } = session;
    console.log(`integration (${session.name}): code-server on ${server.base}, workspace ${workspace} (${secs()})`);
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
    // The in-host runner picks the session's test files by the folder's name (see test/integration/index.ts).
    await page.goto(server.url(workspace, { extensionDevelopmentPath: root, extensionTestsPath: entry }));
    const timedOut = await Promise.race([exited.then(() => false), new Promise((r) => setTimeout(() => r(true), timeoutMs))]);
    if (timedOut) {
      const shot = join(root, `test-artifacts/integration/timeout-${session.name}.png`);
      mkdirSync(join(root, 'test-artifacts/integration'), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => {});
      console.log(`integration (${session.name}): timed out after ${timeoutMs / 1000} s (screenshot ${shot})`);
    }
    await page.close().catch(() => {});
    const sessionResults = join(tmp, `results.json`);
    if (!existsSync(sessionResults) || timedOut) {
      if (!verbose) for (const l of hostLog) console.log(l);
    }
    if (!existsSync(sessionResults)) {
      failed++;
      lines.push(`  ✗ ${session.name}: no results file: run() never completed (exit code ${exitCode ?? 'none'}${timedOut ? ', timed out' : ''})`);
      continue;
    }
    const results = JSON.parse(readFileSync(sessionResults, 'utf8'));
    rmSync(sessionResults);
    lines.push(...resultLines(results));
    passed += results.passed;
    failed += results.failed;
    if (timedOut) { failed += 1; lines.push(`  ✗ ${session.name}: timed out before the extension host exited`); }
    else if (exitCode !== 0 && results.failed === 0) { failed += 1; lines.push(`  ✗ ${session.name}: extension host exited with code ${exitCode}`); }
  }
  await browser.close().catch(() => {});
  await server.stop();
  finish(passed, failed, lines);
} catch (err) {
  finish(0, 1, [`  ✗ integration harness: ${err?.stack ?? err}`]);
}
