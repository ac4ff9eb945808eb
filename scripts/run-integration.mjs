// Integration tests in real VS Code: mocha runs inside code-server's extension host (test/integration/index.ts).
// Usage: node scripts/run-integration.mjs [--no-build] [--verbose]   env: EMBEDDING_LENS_DATA, TEST_TIMEOUT_S, KEEP_TEMP
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { dataDir, extractCodeWorkspace, extractWorkspace, launchBrowser, resultLines, root, startCodeServer, tempDir } from './vscode-harness.mjs';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || !!process.env.VERBOSE;
// A hang guard per window (each window is one extension host run); generous, since a loaded machine is slow.
const timeoutMs = Number(process.env.TEST_TIMEOUT_S ?? 900) * 1000;
const started = Date.now();
const secs = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function finish(passed, failed, lines = []) {
  for (const l of lines) console.log(l);
  console.log(`integration: finished in ${secs()}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

/** One window (one browser page, one extension host, one in-host mocha run); returns its counts and result lines. */
async function runWindow(browser, server, suite, testEntry, suiteResults, folder) {
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
  await page.goto(server.url(folder, { extensionDevelopmentPath: root, extensionTestsPath: testEntry }));
  const timedOut = await Promise.race([exited.then(() => false), new Promise((r) => setTimeout(() => r(true), timeoutMs))]);
  if (timedOut) {
    const shot = join(root, `test-artifacts/integration/timeout-${suite}.png`);
    mkdirSync(join(root, 'test-artifacts/integration'), { recursive: true });
    await page.screenshot({ path: shot }).catch(() => {});
    console.log(`integration: ${suite} timed out after ${timeoutMs / 1000} s (screenshot ${shot})`);
  }
  if ((!existsSync(suiteResults) || timedOut) && !verbose) for (const l of hostLog) console.log(l);
  if (!existsSync(suiteResults)) {
    return { passed: 0, failed: 1, lines: [`  ✗ ${suite}: no results file: run() never completed (exit code ${exitCode ?? 'none'}${timedOut ? ', timed out' : ''})`] };
  }
  const results = JSON.parse(readFileSync(suiteResults, 'utf8'));
  const lines = resultLines(results);
  let failed = results.failed;
  if (timedOut) { failed += 1; lines.push(`  ✗ ${suite}: timed out before the extension host exited`); }
  else if (exitCode !== 0 && failed === 0) { failed += 1; lines.push(`  ✗ ${suite}: extension host exited with code ${exitCode}`); }
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

  const tmp = tempDir('el-integration-');
  // Four windows, each its own extension host: "main" (60 Kubernetes .md files, test/integration), a second
  // window on the same folder (test/second-window), "code" on a code workspace, requests +
  // vscode-extension-samples (test/code-workspace), and "untrusted" in Restricted Mode (test/untrusted, a second
  // code-server with Workspace Trust on). EMBEDDING_LENS_TEST_SESSION=main|code|untrusted runs one of them.
  const session = process.env.EMBEDDING_LENS_TEST_SESSION;
  const workspace = extractWorkspace(join(tmp, 'workspace'));
  const codeWorkspace = session === undefined || session === 'code' ? extractCodeWorkspace(join(tmp, 'code-workspace')) : undefined;
  const resultsPath = join(tmp, 'results.json');
  const server = await startCodeServer({
    env: { EMBEDDING_LENS_DATA: dataDir(), EMBEDDING_LENS_TEST_RESULTS: resultsPath, EMBEDDING_LENS_SECOND_WINDOW: '1' },
    log: verbose ? (l) => console.log(`[code-server] ${l}`) : undefined,
  });
  console.log(`integration: code-server on ${server.base}, workspace ${workspace} (${secs()})`);

  const browser = await launchBrowser();
  // One page per window. The first window stays open while the second runs: that is when code-server gives
  // a new window on the same folder a fresh storageUri (a reopened browser tab), the case test/second-window
  // checks.

  // The main suite's last test writes the handoff and then waits (its extension host alive, holding the folder's
  // workspace storage) until the second window has run and this runner writes the handoff's .done file.
  const handoff = resultsPath.replace(/\.json$/, '') + '.handoff.json';
  const none = { passed: 0, failed: 0, lines: [] };
  const mainRun = session !== undefined && session !== 'main' ? Promise.resolve(none) : runWindow(browser, server, 'main', entry, resultsPath, workspace);
  let mainDone = false;
  void mainRun.finally(() => { mainDone = true; });
  while (!mainDone && !existsSync(handoff)) await new Promise((r) => setTimeout(r, 200));
  let second = none;
  if (session !== undefined && session !== 'main') {
    // another session alone
  } else if (existsSync(handoff)) {
    second = await runWindow(browser, server, 'second-window', join(root, 'dist/test/second-window/index.js'), resultsPath.replace(/\.json$/, '') + '-second-window.json', workspace);
    writeFileSync(`${handoff}.done`, 'done');
  } else if (!process.env.EMBEDDING_LENS_TEST_GREP) {
    second = { passed: 0, failed: 1, lines: ['  ✗ second window: the main suite left no handoff, so the second window could not be checked'] };
  }
  const main = await mainRun;
  const code = codeWorkspace
    ? await runWindow(browser, server, 'code', join(root, 'dist/test/code-workspace/index.js'), resultsPath.replace(/\.json$/, '') + '-code.json', codeWorkspace)
    : none;
  await server.stop();
  let untrusted = none;
  if (session === undefined || session === 'untrusted') {
    const trustServer = await startCodeServer({
      workspaceTrust: true,
      env: { EMBEDDING_LENS_DATA: dataDir(), EMBEDDING_LENS_TEST_RESULTS: resultsPath },
      log: verbose ? (l) => console.log(`[code-server] ${l}`) : undefined,
    });
    console.log(`integration: Restricted Mode code-server on ${trustServer.base} (${secs()})`);
    untrusted = await runWindow(browser, trustServer, 'untrusted', untrustedEntry, resultsPath.replace(/\.json$/, '') + '-untrusted.json', untrustedWorkspace(tmp));
    await trustServer.stop();
  }
  await browser.close().catch(() => {});
  const all = [main, second, code, untrusted];
  finish(all.reduce((s, r) => s + r.passed, 0), all.reduce((s, r) => s + r.failed, 0), all.flatMap((r) => r.lines));
} catch (err) {
  finish(0, 1, [`  ✗ integration harness: ${err?.stack ?? err}`]);
}
