// Collection time for each pathological pattern from the security review, in the real VS Code (code-server):
// one fresh server per case, the extension's own collectWorkspaceCorpus on a folder built for the case (see
// bench/containment-host.ts). A case still running after TIMEOUT_S (default 120) is stopped and reported as such:
// a synchronous matcher cannot be interrupted from inside the host. Prints one line per case; asserts nothing.
// Usage: node bench/containment.mjs [--root <checkout>] [case...]   (--root: the same host file against another
//        built checkout, for the "before" figures)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractWorkspace, launchBrowser, root as here, startCodeServer, tempDir } from '../scripts/vscode-harness.mjs';

// the pathological cases, then an ordinary workspace (PowerShell-Docs, 3,112 Markdown files) for the cost of the walk itself
const CASES = ['gitignore-stars', 'gitignore-deep-globstars', 'gitignore-100k-rules', 'gitignore-10k-rules', 'plain-1000-files', 'exclude-stars', 'exclude-braces', 'powershell-docs'];
const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? resolve(args[rootAt + 1]) : here;
const chosen = args.filter((a, i) => !a.startsWith('--') && (rootAt < 0 || i !== rootAt + 1));
const cases = chosen.length ? chosen : CASES;
const timeoutMs = Number(process.env.TIMEOUT_S ?? 120) * 1000;
const entry = join(root, 'dist/bench/containment-host.js');
if (!existsSync(entry)) { console.error(`${entry} missing: build that checkout first`); process.exit(1); }

console.log(`containment bench: ${root === here ? 'this checkout' : root}, ${timeoutMs / 1000} s per case`);
for (const name of cases) {
  const tmp = tempDir('el-bench-cont-');
  let workspace = join(tmp, 'workspace');
  if (name === 'powershell-docs') {
    workspace = extractWorkspace(workspace, { tarball: 'workspace/PowerShell-Docs-md.tar.gz', limit: 0 });
  } else {
    mkdirSync(workspace);
    writeFileSync(join(workspace, 'readme.md'), 'bench\n');
  }
  const results = join(tmp, 'results.json');
  const server = await startCodeServer({ env: { EL_BENCH_RESULTS: results, EL_BENCH_CASE: name } });
  const browser = await launchBrowser();
  const page = await browser.newPage();
  const exited = new Promise((r) => { page.exposeFunction('codeAutomationExit', r); });
  await page.exposeFunction('codeAutomationLog', () => {});
  await page.goto(server.url(workspace, { extensionDevelopmentPath: root, extensionTestsPath: entry }));
  const t0 = Date.now();
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs + 60_000))]);
  await browser.close().catch(() => {});
  await server.stop();
  const r = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : undefined;
  if (r?.seconds !== undefined) {
    console.log(`  ${name.padEnd(26)} ${r.seconds.toFixed(3).padStart(8)} s  ${r.outcome}${r.skipped ? `; skipped ${JSON.stringify(r.skipped)}` : ''}; host RSS ${r.rssMB.toFixed(0)} MB`);
  } else if (r?.started) {
    console.log(`  ${name.padEnd(26)}  > ${((Date.now() - t0) / 1000).toFixed(0)} s  still collecting when stopped (${code})`);
  } else {
    console.log(`  ${name.padEnd(26)}  no result (${code})`);
  }
}
process.exit(0); // the per-case timeout timers would keep the process alive
