// UI end-to-end tests: Playwright drives the real workbench (code-server) with the extension under development.
// Each test/ui/*.ui.mjs exports async functions `(wb: Workbench) => void`; each runs in a fresh page against
// one shared code-server and workspace (so state such as a trained model carries over, in file/export order).
// Usage: node scripts/run-ui.mjs [--no-build] [--verbose] [--grep TEXT]   Screenshots: test-artifacts/ui/
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dataDir, extractCodeWorkspace, extractWorkspace, launchBrowser, root, startCodeServer, tempDir } from './vscode-harness.mjs';
import { Workbench } from '../test/ui/workbench.mjs';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || !!process.env.VERBOSE;
const grep = args.includes('--grep') ? args[args.indexOf('--grep') + 1] : process.env.UI_GREP;
const testTimeoutMs = Number(process.env.UI_TEST_TIMEOUT_S ?? 240) * 1000;
const artifacts = join(root, 'test-artifacts/ui');
const started = Date.now();
let passed = 0;
let failed = 0;

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise.finally(() => clearTimeout(timer)),
    new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`${what} timed out after ${ms / 1000} s`)), ms); })]);
}

try {
  if (!args.includes('--no-build')) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (!existsSync(join(root, 'dist/extension.js'))) throw new Error('dist/extension.js missing: is src/extension/activate.ts there?');
  const files = readdirSync(join(root, 'test/ui')).filter((f) => f.endsWith('.ui.mjs')).sort();
  if (!files.length) throw new Error('no test/ui/*.ui.mjs files');
  if (!grep) rmSync(artifacts, { recursive: true, force: true });

  const tmp = tempDir('el-ui-');
  const workspace = extractWorkspace(join(tmp, 'workspace'));
  const server = await startCodeServer({
    env: { EMBEDDING_LENS_DATA: dataDir() },
    log: verbose ? (l) => console.log(`[code-server] ${l}`) : undefined,
  });
  const url = server.url(workspace, { extensionDevelopmentPath: root });
  console.log(`ui: code-server on ${server.base}, workspace ${workspace}`);
  // A test file that exports `workspace = 'code'` runs on requests + vscode-extension-samples instead.
  let codeWorkspace;
  const workspaceFor = (mod) => {
    if (mod.workspace !== 'code') return { workspace, url };
    codeWorkspace ??= extractCodeWorkspace(join(tmp, 'code-workspace'));
    return { workspace: codeWorkspace, url: server.url(codeWorkspace, { extensionDevelopmentPath: root }) };
  };
  const browser = await launchBrowser();

  for (const file of files) {
    const mod = await import(pathToFileURL(join(root, 'test/ui', file)).href);
    const tests = Object.entries(mod).filter(([name, fn]) => typeof fn === 'function' && (!grep || `${file} ${name}`.includes(grep)));
    const target = workspaceFor(mod);
    if (tests.length) console.log(`  ${file}`);
    for (const [name, fn] of tests) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      const page = await context.newPage();
      if (verbose) page.on('console', (m) => console.log(`    [page ${m.type()}] ${m.text()}`));
      const artifactsDir = join(artifacts, file.replace(/\.ui\.mjs$/, ''), name);
      rmSync(artifactsDir, { recursive: true, force: true });
      const wb = new Workbench({ page, url: target.url, workspace: target.workspace, dataDir: dataDir(), artifactsDir });
      const t0 = Date.now();
      try {
        await withTimeout(fn(wb), fn.timeout ?? testTimeoutMs, name);
        passed++;
        console.log(`    ✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (err) {
        failed++;
        const shot = await wb.screenshot('failure').catch(() => 'none');
        console.log(`    ✗ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n      ${String(err?.stack ?? err).split('\n').slice(0, 6).join('\n      ')}\n      screenshot: ${shot}`);
      }
      await context.close().catch(() => {});
    }
  }
  await browser.close().catch(() => {});
  await server.stop();
  console.log(`ui: finished in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${artifacts}`);
} catch (err) {
  failed++;
  console.log(`  ✗ ui harness: ${err?.stack ?? err}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
